"""laws/index.jsonl + laws/text/<id>.md -> LawPage."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cms.importing.pagedata import PageData
from cms.importing.records import (
    FieldError,
    clean_text,
    each_record,
    optional_date,
    read_text,
    required,
    text,
    text_list,
)
from cms.importing.report import RecordError
from contentmodels.base import ascii_slug
from contentmodels.laws import LawLevel, LawStatus
from contentmodels.lawversions import version_key

TYPE = "law"
INFO_END = "<!-- INFO END -->"
LEVELS = {label: value for value, label in LawLevel.choices}
STATUS = {
    "有效": LawStatus.VALID,
    "已修改（有更新版本）": LawStatus.AMENDED,
    "已修改": LawStatus.AMENDED,
    "失效": LawStatus.REPEALED,
    "已废止": LawStatus.REPEALED,
}


def law_body(source: str) -> str:
    """The text after the header (title and history lines end at ``<!-- INFO END -->``)."""
    return source.split(INFO_END, 1)[1].strip() if INFO_END in source else source.strip()


def _status(record: dict) -> str:
    """The stored status; 已修改 and 尚未生效 are recomputed at export from the versions in
    the CMS and the date (see contentmodels.lawversions), so they never go stale."""
    raw = text(record, "status")
    if raw not in STATUS:
        raise FieldError("status", f"unknown status {raw!r}")
    return STATUS[raw]


def _reader(folder: Path):
    def build(record: dict) -> PageData:
        title = required(record, "title")
        file = folder / required(record, "file")
        if not file.is_file():
            raise FieldError("file", f"text file not found: {file}")
        level = text(record, "level")
        if level not in LEVELS:
            raise FieldError("level", f"unknown level {level!r}")
        promulgated = optional_date(record, "promulgation_date")
        effective = optional_date(record, "effective_date")
        short_name = text(record, "short_name") or title
        subtitle, region = text(record, "subtitle"), text(record, "region")
        return PageData(
            type_key=TYPE,
            key=required(record, "id"),
            slug="-".join(
                filter(
                    None,
                    [ascii_slug(short_name, 60), promulgated.isoformat() if promulgated else ""],
                )
            ),
            title=title,
            values={
                "short_name": short_name,
                "subtitle": subtitle,
                "level": LEVELS[level],
                "issuer": text(record, "issuer"),
                "promulgation_date": promulgated,
                "effective_date": effective,
                "status": _status(record),
                "region": region,
                "category": text(record, "category"),
                "history": text_list(record, "history"),
                "text": clean_text(law_body(read_text(file))),
                "version_group": version_key(
                    title=title, subtitle=subtitle, level=LEVELS[level], region=region
                ),
            },
        )

    return build


def read(path: Path) -> Iterator[PageData | RecordError]:
    return each_record(path, _reader(path.parent))
