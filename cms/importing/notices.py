"""notices/*.jsonl -> NoticePage: announcements (one page per variant group),
policy interpretations and consultation feedback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from pathlib import Path

from cms.importing.pagedata import PageData
from cms.importing.records import (
    FieldError,
    build_page,
    iter_jsonl,
    optional_date,
    required,
    text,
)
from cms.importing.report import RecordError
from contentmodels.noticekeys import attachment_names

TYPE = "notice"
KINDS = {"政策解读": "interpretation", "征求意见反馈": "feedback"}
# The scraper left the page's download links and buttons at the end of some texts.
_PAGE_CHROME = re.compile(r"(公告正文)?(公告)?下载链接：.*?浏览次数：打印本页关闭\s*$", re.S)
_NUMBER = re.compile(r"^(公告|署令)〔(\d{4})〕(\d+)号$")
#: Source statuses that mean the notice was withdrawn (kept online with a banner).
WITHDRAWN_STATUSES = {"已撤回", "撤回"}


def _body(content: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in content.split("\n") if p.strip())


def notice_slug(number: str, record_id: str, prefix: str = "notice") -> str:
    """``公告〔2024〕151号`` -> ``2024-151``; ``署令〔2024〕272号`` -> ``order-2024-272``."""
    match = _NUMBER.match(number)
    if match:
        kind, year, n = match.groups()
        return f"{year}-{n}" if kind == "公告" else f"order-{year}-{n}"
    return f"{prefix}-{record_id.removeprefix('gacc-')[:8]}"


def _announcement(record: dict) -> PageData:
    number = text(record, "announcement_number")
    title = text(record, "title") or required(record, "derived_title")
    content = _PAGE_CHROME.sub("", text(record, "content"))
    status = text(record, "status")
    withdrawn = status in WITHDRAWN_STATUSES
    return PageData(
        type_key=TYPE,
        key=text(record, "variant_group") or required(record, "record_id"),
        slug=notice_slug(number, text(record, "record_id")),
        title=title,
        values={
            "number": number,
            "kind": "order" if number.startswith("署令") else "announcement",
            "issuer": text(record, "issuing_authority").split(),
            "document_type": text(record, "document_type"),
            "category": text(record, "category"),
            "issue_date": optional_date(record, "issue_date"),
            "effective_date": optional_date(record, "effective_date"),
            "status": "" if withdrawn else status,
            "withdrawn": withdrawn,
            "withdrawal_reason": text(record, "remarks") if withdrawn else "",
            "body": _body(content),
        },
        # Only the file names survive in the source: attachments without a link.
        children={"attachments": [{"title": name} for name in attachment_names(content)]},
    )


def _article(record: dict) -> PageData:
    """A policy interpretation or consultation feedback: a titled text without number or date."""
    kind = KINDS.get(text(record, "kind"))
    if kind is None:
        raise FieldError("kind", f"unknown kind {record.get('kind')!r}")
    record_id = required(record, "record_id")
    return PageData(
        type_key=TYPE,
        key=record_id,
        slug=notice_slug("", record_id, prefix=kind),
        title=required(record, "title"),
        values={
            "kind": kind,
            "issuer": text(record, "issuing_authority_assumed").split(),
            "body": _body(text(record, "content")),
        },
    )


def read(path: Path) -> Iterator[PageData | RecordError]:
    """One page per announcement variant group (preferring the text without page chrome)."""
    groups: dict[str, list[tuple[int, dict]]] = {}
    articles: list[tuple[int, dict]] = []
    for number, record in iter_jsonl(path):
        if isinstance(record, RecordError):
            yield record
        elif "announcement_number" in record:
            key = str(record.get("variant_group") or record.get("record_id") or number)
            groups.setdefault(key, []).append((number, record))
        else:
            articles.append((number, record))
    for variants in groups.values():
        number, record = min(variants, key=lambda v: (bool(v[1].get("has_page_chrome")), v[0]))
        yield build_page(path, number, record, _announcement, lines=len(variants))
    for number, record in articles:
        yield build_page(path, number, record, _article)
