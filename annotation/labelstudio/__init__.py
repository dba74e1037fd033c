"""The Label Studio bridge: the labelling config generated from the schema, records ->
tasks with predictions, a Label Studio JSON export -> one records file per annotator, and
push/pull against a running server (label-studio-sdk).

Offsets are Python code points throughout. Label Studio's text editor mixes code points
and UTF-16 units once a character outside the Basic Multilingual Plane is present, so
units holding such a character are refused on the way in and on the way out (see
`tasks.check_bmp`)."""
