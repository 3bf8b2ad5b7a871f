"""guides/guides.jsonl -> GuidePage (sections kept in page order)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cms.importing.pagedata import PageData
from cms.importing.records import FieldError, each_record, required, text
from cms.importing.report import RecordError
from contentmodels.base import ascii_slug

TYPE = "guide"


def _guide(record: dict) -> PageData:
    title = required(record, "title")
    sections = record.get("sections") or []
    if not isinstance(sections, list) or not all(isinstance(s, dict) for s in sections):
        raise FieldError("sections", "expected a list of {heading, text}")
    source_url = text(record, "source_url")
    return PageData(
        type_key=TYPE,
        key=f"{source_url}|{title}",
        slug=ascii_slug(title, max_length=60) or "guide",
        title=title,
        values={
            "authority": text(record, "authority"),
            "source_url": source_url,
            "sections": [
                ("section", {"heading": text(s, "heading"), "text": text(s, "text")})
                for s in sections
            ],
        },
    )


def read(path: Path) -> Iterator[PageData | RecordError]:
    return each_record(path, _guide)
