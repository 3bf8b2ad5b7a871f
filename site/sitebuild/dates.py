"""Document timestamps: parse to aware datetimes, show and order them in Asia/Shanghai."""

from __future__ import annotations

import heapq
from datetime import datetime, timedelta, timezone

#: Fixed +08:00: feeds must carry +08:00 (China has kept no DST since 1991, and zoneinfo
#: would give +09:00 to summer dates of 1986-1991 found in old laws).
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def parse_time(value: str) -> datetime:
    """ISO 8601 -> aware datetime in Shanghai time; a naive value is read as Shanghai time."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(SHANGHAI)


def local_date(value: str) -> str:
    """YYYY-MM-DD in Shanghai; empty input stays empty."""
    return parse_time(value).strftime("%Y-%m-%d") if value else ""


def recency(item) -> tuple:
    """Sort key for Documents and catalog entries: date, then updated, then id."""
    return parse_time(item.date), parse_time(item.updated), item.id


def newest_first(items, limit: int | None = None) -> list:
    """Items newest first; with ``limit``, only the first ``limit`` (without a full sort)."""
    if limit is not None:
        return heapq.nlargest(limit, items, key=recency)
    return sorted(items, key=recency, reverse=True)
