"""CSV/XLSX sheets for the JSON Lines readers (notices, WTO notifications, standards).

A sheet's rows become records with the JSON Lines field names, so each reader builds its
pages the same way whatever the file. The shared data's own CSV files already use those
names as headers; office sheets use the Chinese headers below. Spot-check result sheets
have their own reader (``cms.importing.spotchecks``): one sheet is one announcement.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from cms.importing.headers import Columns
from cms.importing.report import RecordError
from cms.importing.tabular import read_grids, sheet_records

#: JSON Lines field -> the headers offices print for it (one table for all these types:
#: no two types share a header with different meanings).
COLUMNS = Columns(
    {
        "title": ("标题", "名称", "文件名称", "标准名称", "技术规范名称", "通报标题"),
        "source_url": ("来源网址", "网址", "链接", "原文链接"),
        # notices
        "announcement_number": ("文号", "公告编号", "发文字号", "公告号"),
        "issuing_authority": ("发布机构", "发文机关", "发布单位", "发文单位"),
        "issue_date": ("发布日期", "成文日期", "公布日期", "发文日期"),
        "effective_date": ("施行日期", "生效日期"),
        "content": ("正文", "内容", "全文"),
        "document_type": ("文件类型", "文种"),
        "category": ("类别", "分类"),
        "status": ("状态", "效力状态", "时效性"),
        # standards
        "standard_no": ("标准编号", "标准号", "技术规范编号"),
        "replaces": ("代替标准号", "被代替标准号", "替代标准号", "代替标准"),
        "implementation_date": ("实施日期",),
        "list_type": ("清单类型",),
        "committee": ("专业委", "专业委员会", "归口单位"),
        "abolish_reason": ("原因", "废止原因"),
        # WTO notifications
        "symbol": ("通报号", "通报编号", "文件号"),
        "notifying_member": ("通报成员", "成员"),
        "distribution_date": ("分发日期", "通报日期"),
        "comment_deadline": ("意见反馈截止日期", "评议截止日期", "评议期限"),
        "description": ("内容简述", "内容概述", "通告描述"),
        "products": ("覆盖产品", "涉及产品", "产品范围"),
        "hs_codes": ("HS编码", "HS"),
        "ics_codes": ("ICS编码", "ICS"),
        "objectives": ("目的和理由",),
        "responsible_agency": ("负责机构", "负责部门"),
    }
)
#: Fields the JSON Lines hold as lists; a sheet joins them with ``;`` (as the shared CSVs do).
LIST_FIELDS = {"symbols", "hs_codes", "ics_codes", "objectives", "history"}
_LIST_SEPARATOR = re.compile(r"\s*[;；\n]\s*")


def _record_id(record: dict) -> str:
    """A stable id for a row that has none, from what identifies it (文号, else title)."""
    basis = record.get("announcement_number") or record.get("title") or ""
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def iter_sheet_records(path: Path) -> Iterator[tuple[int, dict | RecordError]]:
    """(row number, record) per data row of every sheet; a RecordError for a sheet without
    a recognisable header."""
    for grid in read_grids(path):
        sheet = sheet_records(grid, COLUMNS)
        if isinstance(sheet, RecordError):
            yield sheet.line, sheet
            continue
        for number, record in sheet.records:
            del record["extra"]  # these readers take named fields only
            for name in LIST_FIELDS & record.keys():
                record[name] = [v for v in _LIST_SEPARATOR.split(record[name]) if v]
            # A sheet row is an announcement unless it says otherwise, and needs an id.
            record.setdefault("announcement_number", "")
            record.setdefault("record_id", _record_id(record))
            # The sheet's title names the list it comes from (e.g. a 废止目录).
            record.setdefault("source_appendix", sheet.title or Path(path).stem)
            yield number, record
