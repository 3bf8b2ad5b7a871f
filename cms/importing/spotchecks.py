"""Spot-check results -> SpotCheckPage with its result rows.

Two shapes of input:

- the shared data layout (``spotchecks/*.jsonl``, or its flat CSV with ``source_id``):
  rows grouped into one announcement per ``source_id``;
- an office result sheet (CSV or XLSX with the usual Chinese headers): the whole file is
  ONE announcement. Its title is ``title`` (the ``--title`` option), else the sheet's
  merged title row, else the file name; its natural key comes from the samples it lists
  (product, enterprise, model, batch), so importing the file again, even re-saved in
  another format or with corrected results, updates the same page.

A bad row is reported (``file:row: field: reason``) and left out of its table.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from cms.importing.headers import Columns
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
from cms.importing.tabular import Grid, is_tabular, read_grids, sheet_records
from contentmodels.base import ascii_slug
from contentmodels.spotchecks import SpotCheckResult
from sitebuild.spotchecks import KINDS

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
# "不合格" contains "合格" and "nonconforming" contains "conforming": failures are tested first.
_FAIL = re.compile(r"不合格|不符合|nonconform|non-conform|unqualified|fail", re.I)
_PASS = re.compile(r"合格|符合|conform|qualified|pass", re.I)

#: Result-row field -> headers offices print for it.
SHEET_COLUMNS = Columns(
    {
        "product_name": ("产品名称", "样品名称", "产品", "样品", "抽查产品", "商品名称"),
        "product_category": ("产品类别", "产品种类", "产品类型", "产品大类", "类别"),
        "brand": ("商标", "品牌", "商标品牌"),
        "manufacturer": (
            "标称生产企业名称",
            "标称生产企业",
            "生产企业",
            "标称生产单位",
            "生产单位",
            "标称生产者",
            "生产者",
            "制造商",
            "生产厂家",
        ),
        "manufacturer_address": (
            "标称生产企业地址",
            "生产企业地址",
            "标称生产单位地址",
            "生产单位地址",
            "生产者地址",
            "地址",
        ),
        "sampled_unit": (
            "被抽样单位名称",
            "被抽样单位",
            "被抽查单位",
            "受检单位",
            "被抽样企业",
            "销售单位",
        ),
        "model": ("规格型号", "规格", "型号", "规格型号等级"),
        "batch": ("生产日期/批号", "生产日期或批号", "生产日期", "批号", "生产批号", "日期批号"),
        "outcome": (
            "抽查结果",
            "检验结论",
            "抽检结果",
            "检验结果",
            "抽查结论",
            "判定结果",
            "结论",
            "结果",
        ),
        "failed_items": ("不合格项目", "主要不合格项目", "不合格项", "不符合项目"),
        "standards": ("依据标准", "检验依据", "执行标准", "判定依据"),
        "inspection_body": ("承检机构", "检验机构", "承检单位", "检测机构"),
        "region": ("地区", "所在地", "所在地区", "区域", "省份"),
        "report_date": ("报告日期", "检验报告日期", "公布日期", "发布日期"),
        "row_no": ("序号", "编号"),  # the order is kept by the rows themselves
    },
    required=("product_name",),
)
#: The shared layout's flat CSV: its headers are the JSON Lines field names.
FLAT_COLUMNS = Columns(
    {
        name: ()
        for name in (
            "source_id",
            "market",
            "report_date",
            "product_kind_source_reported",
            "product_name",
            "brand_source_reported",
            "manufacturer_source_reported",
            "manufacturer",
            "model_specification_source_reported",
            "production_date_or_batch_source_reported",
            "inspection_outcome",
            "nonconforming_items_source_reported",
            "inspection_standards_scope_source_reported",
            "source_url",
            "attachment_url",
        )
    },
    required=("source_id", "product_name"),
)
#: Slugs the site uses beside the announcements (/spot-checks/enterprises/ …).
RESERVED_SLUGS = {folder for folder, _, _ in KINDS.values()}
_TEXT_FIELDS = (
    "product_name",
    "brand",
    "manufacturer",
    "manufacturer_address",
    "sampled_unit",
    "model",
    "batch",
    "failed_items",
    "standards",
    "inspection_body",
    "region",
)


def place(market: str) -> tuple[str, str]:
    """``China / Shenzhen`` -> (深圳, 深圳市市场监督管理局); ``China`` -> national."""
    city = market.split("/", 1)[1].strip() if "/" in market else ""
    return PLACES.get(city, (city, "")) if city else NATIONAL


def _slug(text_value: str, max_length: int = 60) -> str:
    slug = ascii_slug(text_value, max_length=max_length) or "spotcheck"
    return f"{slug}-results" if slug in RESERVED_SLUGS else slug


def outcome_of(value: str, field: str) -> str:
    """合格/符合/conforming -> ``pass``; 不合格/不符合/nonconforming -> ``fail``."""
    word = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
    if _FAIL.search(word):
        return "fail"
    if _PASS.search(word):
        return "pass"
    raise FieldError(field, f"expected 合格 or 不合格 (conforming/nonconforming), got {value!r}")


def _checked(row: dict) -> dict:
    """Values longer than their column would fail the whole page on save: name the row."""
    for name, value in row.items():
        limit = getattr(SpotCheckResult._meta.get_field(name), "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            raise FieldError(name, f"longer than {limit} characters")
    return row


# -- the shared data layout -------------------------------------------------------


def _row(record: dict) -> dict:
    return _checked(
        {
            "product_name": required(record, "product_name"),
            "brand": text(record, "brand_source_reported"),
            "manufacturer": (
                text(record, "manufacturer_source_reported") or text(record, "manufacturer")
            ),
            "model": text(record, "model_specification_source_reported"),
            "batch": text(record, "production_date_or_batch_source_reported"),
            "outcome": outcome_of(text(record, "inspection_outcome"), "inspection_outcome"),
            "failed_items": text(record, "nonconforming_items_source_reported"),
            "standards": "；".join(text_list(record, "inspection_standards_scope_source_reported")),
            "region": place(text(record, "market"))[0],
            "report_date": optional_date(record, "report_date"),
        }
    )


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
        slug=_slug(source_id, max_length=80),
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


def _grouped(
    path: Path, numbered: Iterable[tuple[int, dict | RecordError]]
) -> Iterator[PageData | RecordError]:
    """One announcement per source_id; a bad row is reported and left out of its table."""
    groups: dict[str, list[tuple[int, dict]]] = {}
    for number, record in numbered:
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


# -- office result sheets ---------------------------------------------------------


def _sheet_row(record: dict, sheet_title: str) -> dict:
    row = {name: text(record, name) for name in _TEXT_FIELDS}
    row["product_name"] = required(record, "product_name")
    if text(record, "outcome"):
        row["outcome"] = outcome_of(text(record, "outcome"), "outcome")
    elif row["failed_items"] or "不合格" in sheet_title:
        # Lists of failures only (不合格产品信息) often have no result column.
        row["outcome"] = "fail"
    else:
        raise FieldError("outcome", "required, but empty or missing")
    row["report_date"] = optional_date(record, "report_date")
    row["extra"] = dict(record.get("extra") or {})
    if text(record, "product_category"):
        # No result field holds the category; the page lists it, the row keeps it.
        row["extra"]["产品类别"] = text(record, "product_category")
    return _checked(row)


def _identity(row: dict) -> str:
    """A sample as the office names it, insensitive to spacing and full-width forms."""
    parts = (row["product_name"], row["manufacturer"], row["model"], row["batch"])
    return "|".join("".join(unicodedata.normalize("NFKC", p).split()) for p in parts)


def _sheet_announcement(title: str, rows: list[dict]) -> PageData:
    samples = "\n".join(sorted(_identity(r) for r in rows))
    regions = {r["region"] for r in rows}
    dates = [r["report_date"] for r in rows if r["report_date"]]
    categories = [r["extra"].get("产品类别", "") for r in rows]
    return PageData(
        type_key=TYPE,
        key="sheet:" + hashlib.sha256(samples.encode("utf-8")).hexdigest()[:32],
        slug=_slug(title),
        title=title,
        values={
            "region": regions.pop() if len(regions) == 1 else "",
            "report_date": max(dates, default=None),
            "product_category": list(dict.fromkeys(c for c in categories if c)),
        },
        children={"results": rows},
    )


def _read_sheet(path: Path, grids: list[Grid], title: str | None):
    sheets = [sheet_records(grid, SHEET_COLUMNS) for grid in grids]
    found = [s for s in sheets if not isinstance(s, RecordError)]
    if not found:
        yield sheets[0] if sheets else RecordError(str(path), 1, "header", "the file is empty")
        return
    title = (title or "").strip() or next((s.title for s in found if s.title), "") or path.stem
    rows, first_row = [], None
    for sheet in found:
        for number, record in sheet.records:
            try:
                rows.append(_sheet_row(record, sheet.title))
            except FieldError as exc:
                yield RecordError(sheet.label, number, exc.field, exc.reason)
                continue
            first_row = first_row or number
    if not rows:
        return
    data = _sheet_announcement(title, rows)
    data.file, data.line, data.lines = str(path), first_row, len(rows)
    yield data


def _is_flat_layout(grids: list[Grid]) -> bool:
    return any(FLAT_COLUMNS.find_header([cells for _, cells in g.rows]) for g in grids)


def read(path: Path, *, title: str | None = None) -> Iterator[PageData | RecordError]:
    """Announcements from a JSON Lines file, the flat CSV of the shared layout, or one
    office result sheet (``title`` names its announcement)."""
    if not is_tabular(path):
        return _grouped(path, iter_jsonl(path))
    grids = read_grids(path)
    if _is_flat_layout(grids):
        return _grouped(path, _flat_records(grids))
    return _read_sheet(path, grids, title)


def _flat_records(grids: list[Grid]) -> Iterator[tuple[int, dict | RecordError]]:
    for grid in grids:
        sheet = sheet_records(grid, FLAT_COLUMNS)
        if isinstance(sheet, RecordError):
            continue  # another sheet of the workbook (notes, a summary)
        yield from sheet.records
