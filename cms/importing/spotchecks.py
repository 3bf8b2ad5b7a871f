"""spotchecks/*.jsonl -> SpotCheckPage: rows grouped into one announcement per source_id."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from cms.importing.pagedata import PageData
from cms.importing.records import (
    FieldError,
    build_page,
    iter_jsonl,
    optional_date,
    required,
    text,
    text_list,
)
from cms.importing.report import RecordError
from contentmodels.base import ascii_slug

TYPE = "spotcheck"
NATIONAL = ("全国", "国家市场监督管理总局")
#: ``market`` city -> (region, issuing authority).
PLACES = {
    "Beijing": ("北京", "北京市市场监督管理局"),
    "Shanghai": ("上海", "上海市市场监督管理局"),
    "Shenzhen": ("深圳", "深圳市市场监督管理局"),
    "Qingdao": ("青岛", "青岛市市场监督管理局"),
    "Jilin": ("吉林", "吉林省市场监督管理厅"),
    "Wuxi": ("无锡", "无锡市市场监督管理局"),
    "Yantai": ("烟台", "烟台市市场监督管理局"),
}
OUTCOMES = {"conforming": "pass", "nonconforming": "fail"}


def place(market: str) -> tuple[str, str]:
    """``China / Shenzhen`` -> (深圳, 深圳市市场监督管理局); ``China`` -> national."""
    city = market.split("/", 1)[1].strip() if "/" in market else ""
    return PLACES.get(city, (city, "")) if city else NATIONAL


def _row(record: dict) -> dict:
    outcome = OUTCOMES.get(text(record, "inspection_outcome"))
    if outcome is None:
        raise FieldError(
            "inspection_outcome",
            f"expected conforming or nonconforming, got {record.get('inspection_outcome')!r}",
        )
    return {
        "product_name": required(record, "product_name"),
        "brand": text(record, "brand_source_reported"),
        "manufacturer": (
            text(record, "manufacturer_source_reported") or text(record, "manufacturer")
        ),
        "model": text(record, "model_specification_source_reported"),
        "batch": text(record, "production_date_or_batch_source_reported"),
        "outcome": outcome,
        "failed_items": text(record, "nonconforming_items_source_reported"),
        "standards": "；".join(text_list(record, "inspection_standards_scope_source_reported")),
        "region": place(text(record, "market"))[0],
        "report_date": optional_date(record, "report_date"),
    }


def _title(issuer: str, region: str, year: str, categories: list[str]) -> str:
    shown = "、".join(categories[:3]) + ("等" if len(categories) > 3 else "")
    return f"{issuer or region}{year}年{shown}产品质量监督抽查结果"


def _announcement(source_id: str, records: list[dict], rows: list[dict]) -> PageData:
    first = records[0]
    region, issuer = place(text(first, "market"))
    report_date = rows[0]["report_date"]
    year = re.search(r"_(\d{4})_", source_id)
    year = year.group(1) if year else (str(report_date.year) if report_date else "")
    categories = list(
        dict.fromkeys(c for c in (text(r, "product_kind_source_reported") for r in records) if c)
    )
    return PageData(
        type_key=TYPE,
        key=source_id,
        slug=ascii_slug(source_id),
        title=_title(issuer, region, year, categories),
        values={
            "issuer": issuer,
            "region": region,
            "report_date": report_date,
            "product_category": categories,
            "source_url": text(first, "source_url"),
            "attachment_url": text(first, "attachment_url"),
        },
        children={"results": rows},
    )


def read(path: Path) -> Iterator[PageData | RecordError]:
    """One announcement per source_id; a bad row is reported and left out of its table."""
    groups: dict[str, list[tuple[int, dict]]] = {}
    for number, record in iter_jsonl(path):
        if isinstance(record, RecordError):
            yield record
            continue
        try:
            source_id = required(record, "source_id")
        except FieldError as exc:
            yield RecordError(str(path), number, exc.field, exc.reason)
            continue
        groups.setdefault(source_id, []).append((number, record))

    for source_id, members in groups.items():
        rows, records = [], []
        for number, record in members:
            try:
                rows.append(_row(record))
                records.append(record)
            except FieldError as exc:
                yield RecordError(str(path), number, exc.field, exc.reason)
        if rows:
            yield build_page(
                path,
                members[0][0],
                rows,
                partial(_announcement, source_id, records),
                lines=len(members),
            )
