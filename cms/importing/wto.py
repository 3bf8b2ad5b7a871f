"""wto/notifications.jsonl -> NotificationPage (one per notification, keyed by its symbol)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from cms.importing.pagedata import PageData
from cms.importing.records import each_record, optional_date, required, text, text_list
from cms.importing.report import RecordError
from contentmodels.base import ascii_slug
from contentmodels.notifications import Language, NotificationType
from contentmodels.wto import member_code

TYPE = "notification"
TITLE_MAX = 255
# Titles copied from the form carry its 语言/页数/链接 lines; they are not part of the title.
_TITLE_TAIL = re.compile(r"\s*(语言|页数|链接网址)[:：].*$", re.S)


def _title(record: dict, symbol: str) -> str:
    title = _TITLE_TAIL.sub("", text(record, "title")).strip()
    if not title:
        products = text(record, "products")
        title = f"{symbol} {products}".strip() if products else symbol
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"


def _notification(record: dict) -> PageData:
    symbol = required(record, "symbol")
    area = text(record, "area").upper() or ("SPS" if "/SPS/" in symbol else "TBT")
    kind = text(record, "notification_type")
    if kind not in NotificationType.values:
        kind = NotificationType.REGULAR
    language = text(record, "language")
    return PageData(
        type_key=TYPE,
        key=symbol,
        slug=ascii_slug(symbol),
        title=_title(record, symbol),
        values={
            "symbol": symbol,
            "symbols": text_list(record, "symbols") or [symbol],
            "area": area,
            "notification_type": kind,
            "notifying_member": text(record, "notifying_member"),
            "member_code": member_code(symbol),
            "distribution_date": optional_date(record, "distribution_date"),
            "distribution_date_raw": text(record, "distribution_date_raw"),
            "comment_deadline": optional_date(record, "comment_deadline"),
            "comment_deadline_raw": text(record, "comment_deadline_raw"),
            "description": text(record, "description"),
            "products": text(record, "products"),
            "hs_codes": text_list(record, "hs_codes"),
            "ics_codes": text_list(record, "ics_codes"),
            "objectives": text_list(record, "objectives"),
            "responsible_agency": text(record, "responsible_agency"),
            "language": language if language in Language.values else "",
            "source_url": text(record, "source_url"),
        },
    )


def read(path: Path) -> Iterator[PageData | RecordError]:
    return each_record(path, _notification)
