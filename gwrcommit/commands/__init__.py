"""One module per subcommand; see gwrcommit.cli."""
