"""Reading source files: encoding detection, JSON Lines, cleaning, typed field access.

``iter_jsonl`` also reads a CSV/XLSX sheet whose columns carry the same fields (see
``cms.importing.sheets``), so every JSON Lines reader takes office sheets as well.

Every value that comes out of here is clean text: control characters stripped and any
HTML tags (``<script>`` with its content) removed, because the sources are plain text
and a tag in them is either junk or an attack.
"""

from __future__ import annotations

import codecs
import html
import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import nh3
from charset_normalizer import from_bytes

from cms.importing.report import RecordError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日 (optionally followed by a time of day).
_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")  # 20240301
_EXCEL_SERIAL = re.compile(r"\d{5}(?:\.0+)?")  # 45292 = 2024-01-01
# Day 0 of Excel's 1900 date system, one day early to absorb its phantom 1900-02-29.
_EXCEL_EPOCH = date(1899, 12, 30)


class FieldError(Exception):
    """A record's field is missing or malformed; the record is skipped and reported."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) when it is; otherwise what charset-normalizer detects (GBK …)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")  # Excel's "Unicode text" export
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise
        return str(best)


def clean_text(value: str) -> str:
    value = _CONTROL.sub("", value)
    if "<" in value:
        # nh3 escapes what it keeps; unescape to get plain text back.
        value = html.unescape(nh3.clean(value, tags=set()))
    return value


def clean(value):
    """Clean every string inside a decoded JSON value."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    return value


def read_text(path: Path) -> str:
    return decode(path.read_bytes())


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict | RecordError]]:
    """(line number, cleaned record) per non-blank line; a RecordError for a bad line.

    A CSV/XLSX file gives (row number, record) per data row of its sheets instead."""
    from cms.importing import sheets, tabular  # they read through this module

    if tabular.is_tabular(path):
        yield from sheets.iter_sheet_records(path)
        return
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, RecordError(str(path), number, "json", f"not valid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield number, RecordError(str(path), number, "json", "not a JSON object")
            continue
        yield number, clean(record)


def text(record: dict, name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldError(name, f"expected text, got {type(value).__name__}")
    return value.strip()


def required(record: dict, name: str) -> str:
    value = text(record, name)
    if not value:
        raise FieldError(name, "required, but empty or missing")
    return value


def text_list(record: dict, name: str) -> list[str]:
    value = record.get(name) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise FieldError(name, f"expected a list, got {type(value).__name__}")
    return [str(v).strip() for v in value if str(v).strip()]


def parse_date(value: str) -> date:
    """The dates offices write: ISO, ``2024/03/01``, ``2024.3.1``, ``2024年3月1日``,
    ``20240301`` and Excel serial numbers (``45292``); ValueError for anything else."""
    value = unicodedata.normalize("NFKC", value).strip()
    match = _DATE.fullmatch(value) or _COMPACT_DATE.fullmatch(value)
    if match:
        return date(*(int(part) for part in match.groups()))
    if _EXCEL_SERIAL.fullmatch(value):
        return _EXCEL_EPOCH + timedelta(days=int(float(value)))
    raise ValueError(value)


def optional_date(record: dict, name: str) -> date | None:
    value = text(record, name)
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError:
        raise FieldError(name, f"not a date (e.g. 2024-03-01, 2024年3月1日): {value!r}") from None


def build_page(path: Path, number: int, record, build, *, lines: int = 1):
    """``build(record) -> PageData`` with its provenance; a FieldError becomes a RecordError."""
    try:
        data = build(record)
    except FieldError as exc:
        return RecordError(str(path), number, exc.field, exc.reason)
    data.file, data.line, data.lines = str(path), number, lines
    return data


def each_record(path: Path, build) -> Iterator:
    """Run ``build`` over every record of a JSON Lines file; bad records become RecordErrors."""
    for number, record in iter_jsonl(path):
        yield record if isinstance(record, RecordError) else build_page(path, number, record, build)
