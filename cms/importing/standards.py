"""standards/sn_standards.jsonl (or an office list as CSV/XLSX) -> StandardPage, one per
standard number and list."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from cms.importing.pagedata import PageData
from cms.importing.records import FieldError, each_record, optional_date, required, text
from cms.importing.report import RecordError
from contentmodels.base import ascii_slug

TYPE = "standard"
STATUS = {"issued": "current", "abolished": "abolished"}
#: How office lists name the list type, when they have the column at all.
LIST_TYPES = {"发布": "issued", "新发布": "issued", "废止": "abolished"}


def normalise_number(raw: str) -> str:
    """``SN/T4445.4—2023 `` -> ``SN/T 4445.4-2023``: one dash, one space after the prefix."""
    number = re.sub(r"\s*[—–－‐-]\s*", "-", raw.strip().upper())
    number = re.sub(r"\s+", " ", number)
    return re.sub(r"^(SN(?:/T)?)\s*(?=\d)", r"\1 ", number)


def _list_type(record: dict) -> str:
    """The record's list type; an office list without the column is a list of issued
    standards unless its title says it is a 废止 list."""
    if "list_type" in record:
        raw = required(record, "list_type")
        return LIST_TYPES.get(raw, raw)
    return "abolished" if "废止" in text(record, "source_appendix") else "issued"


def _standard(record: dict) -> PageData:
    number = normalise_number(required(record, "standard_no"))
    replaces = text(record, "replaces")
    list_type = _list_type(record)
    if list_type not in STATUS:
        raise FieldError("list_type", f"expected issued or abolished, got {list_type!r}")
    return PageData(
        type_key=TYPE,
        key=f"{number}|{list_type}",
        slug=ascii_slug(number),
        title=required(record, "title"),
        values={
            "standard_no": number,
            "implementation_date": optional_date(record, "implementation_date"),
            "status": STATUS[list_type],
            "replaces": normalise_number(replaces) if replaces else "",
            "committee": text(record, "committee"),
            "abolish_reason": text(record, "abolish_reason"),
            "source_list": text(record, "source_appendix").removesuffix(".json"),
        },
    )


def read(path: Path) -> Iterator[PageData | RecordError]:
    return each_record(path, _standard)
