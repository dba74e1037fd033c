"""Registry entries for every report in the published files: what `gwrcommit corpus
register` proposes. Every State Council report of the Wikisource dump; the TSV for the
years Wikisource lacks; every province's report of the .docx zip."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dataset.corpus.regions import province_named
from dataset.corpus.registry import (
    NATIONAL_REGION_CODE,
    CorpusDocument,
    DocxZipRecipe,
    Recipe,
    Source,
    TsvRecipe,
    WikisourceRecipe,
    text_sha256,
)
from dataset.corpus.sources import Sources

WIKISOURCE_ORIGIN = Source(
    repository="aldohemsn/chinese-political-corpora",
    path="government_work_reports.jsonl",
    commit="99bc4b01d11c2b884a83ecc8f966d97e17cd450e",
)
TSV_ORIGIN = Source(
    repository="chengjun/mybook",
    path="data/gov_reports1954-2022.txt",
    commit="cb6b34b55e6e7e2b5daddf249ae5f262802e52e2",
)
DOCX_ZIP_ORIGIN = Source(
    repository="alexzhu0/Jina_Embeddings_v4_RAG",
    path="docs/31省区市政府工作报告.zip",
    commit="eb78fd31e32476d5a30e55c0d447b9386b77b4b7",
)
STATE_COUNCIL = "中华人民共和国国务院"
STATE_COUNCIL_TITLE = re.compile(r"^([0-9]{4})年中华人民共和国国务院政府工作报告(（摘要）)?\Z")
PROVINCIAL_MEMBER = re.compile(r"^([0-9]{4})年(.+?)政府工作报告\.docx\Z")
NOTES = {
    "state-council-1954": "in traditional characters",
    "state-council-1964": "abridged (摘要)",
}
MAYBE_ABRIDGED = frozenset({"jilin", "hebei", "xizang", "henan", "shaanxi"})


@dataclass(frozen=True)
class Candidate:
    """A document found in the sources, with its text (for hashing and segmenting)."""

    document: CorpusDocument
    text: str


def discover(sources: Sources) -> list[Candidate]:
    national = _wikisource_reports(sources)
    years = {candidate.document.year for candidate in national if candidate}
    national += [c for c in _tsv_reports(sources) if c and c.document.year not in years]
    return _first_of_each(national + _provincial_reports(sources))


def _first_of_each(candidates: list[Candidate | None]) -> list[Candidate]:
    seen: dict[str, Candidate] = {}
    for candidate in candidates:
        if candidate is not None:
            seen.setdefault(candidate.document.doc_id, candidate)
    return list(seen.values())


def _wikisource_reports(sources: Sources) -> list[Candidate | None]:
    found = []
    for _, title, record in sources.wikisource_pages():
        match = STATE_COUNCIL_TITLE.match(title)
        if match:
            recipe = WikisourceRecipe(format="wikisource-jsonl", title=title)
            found.append(_national(int(match.group(1)), title, recipe, _url(record), sources))
    return found


def _url(record: dict[str, Any]) -> str | None:
    url = record.get("url")
    return url if isinstance(url, str) and url.startswith("https://") else None


def _tsv_reports(sources: Sources) -> list[Candidate | None]:
    return [
        _national(
            year, f"{year}年国务院政府工作报告", TsvRecipe(format="tsv", year=year), None, sources
        )
        for _, year in sources.tsv_rows()
    ]


def _national(
    year: int, title: str, recipe: Recipe, url: str | None, sources: Sources
) -> Candidate | None:
    origin = WIKISOURCE_ORIGIN if recipe.format == "wikisource-jsonl" else TSV_ORIGIN
    doc_id = f"state-council-{year}"
    return _candidate(
        sources,
        doc_id=doc_id,
        title=title,
        issuer=STATE_COUNCIL,
        level="national",
        region_code=NATIONAL_REGION_CODE,
        year=year,
        source=origin.model_copy(update={"url": url}),
        recipe=recipe,
        notes=NOTES.get(doc_id),
    )


def _provincial_reports(sources: Sources) -> list[Candidate | None]:
    found = []
    for _, member in sources.docx_members():
        match = PROVINCIAL_MEMBER.match(member)
        region = province_named(match.group(2)) if match else None
        if region is None:
            continue
        found.append(
            _candidate(
                sources,
                doc_id=f"{region.slug}-{match.group(1)}",
                title=member.removesuffix(".docx"),
                issuer=region.issuer,
                level="provincial",
                region_code=region.code,
                year=int(match.group(1)),
                source=DOCX_ZIP_ORIGIN,
                recipe=DocxZipRecipe(format="docx-zip", member=member),
                notes="may be abridged" if region.slug in MAYBE_ABRIDGED else None,
            )
        )
    return found


def _candidate(sources: Sources, **fields: Any) -> Candidate | None:
    """The entry with its hash, or None when the text comes out empty."""
    found = sources.find(CorpusDocument(sha256="0" * 64, chars=1, **fields))
    if found is None or not found.text:
        return None
    document = CorpusDocument(sha256=text_sha256(found.text), chars=len(found.text), **fields)
    return Candidate(document, found.text)
