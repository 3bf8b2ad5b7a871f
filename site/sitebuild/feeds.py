"""RSS 2.0 and Atom feeds with feedgen: all content, one per type, one per Document.feeds key.

feedgen quirks handled here: ``add_entry`` prepends by default (we append in our own
order), ``updated``/``lastBuildDate`` default to now (set from the data so output is
stable), and datetimes must be aware (Shanghai time, +08:00).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from feedgen.feed import FeedGenerator

from contentmodels.document import TYPE_LABELS
from sitebuild.dates import SHANGHAI, newest_first, parse_time
from sitebuild.errors import BuildError
from sitebuild.writer import replace_file

ALL_FEED = "all"
MAX_ENTRIES = 50
FEED_TITLE_PREFIX = "金质 · "
_SAFE_KEY = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")


@dataclass
class FeedInfo:
    key: str
    title: str
    items: list = field(default_factory=list)

    @property
    def atom_path(self) -> str:
        return feed_path(self.key, "atom")

    @property
    def rss_path(self) -> str:
        return feed_path(self.key, "rss")


def feed_path(key: str, kind: str) -> str:
    """Release-relative path of a feed file: ``feeds/<key>.<atom|rss>.xml``."""
    return f"feeds/{key}.{kind}.xml"


def collect_feeds(documents: Iterable) -> dict[str, FeedInfo]:
    """Feed key -> FeedInfo with its items (Documents or catalog entries, unordered):
    "all" first, then content types in site order, then facet feeds by key."""
    feeds = {ALL_FEED: FeedInfo(ALL_FEED, "全部信息")}
    facet_feeds: dict[str, FeedInfo] = {}
    for doc in documents:
        feeds[ALL_FEED].items.append(doc)
        feeds.setdefault(doc.type, FeedInfo(doc.type, doc.type_label)).items.append(doc)
        for feed in doc.feeds:
            if not _SAFE_KEY.fullmatch(feed.key) or feed.key in TYPE_LABELS:
                raise BuildError(f"document {doc.id}: unusable feed key {feed.key!r}")
            facet_feeds.setdefault(feed.key, FeedInfo(feed.key, feed.title)).items.append(doc)
    type_order = {key: n for n, key in enumerate(TYPE_LABELS)}
    typed = sorted((k for k in feeds if k != ALL_FEED), key=lambda k: (type_order.get(k, 99), k))
    ordered = [feeds[ALL_FEED]] + [feeds[k] for k in typed]
    ordered += [facet_feeds[k] for k in sorted(facet_feeds)]
    return {info.key: info for info in ordered}


def build_feed(
    info: FeedInfo, entries: list, site_url: str, feed_url: str | None = None
) -> FeedGenerator:
    """A feedgen feed of ``entries`` (newest first already) titled after ``info``;
    ``feed_url`` is the feed's own address (default: its file in the site)."""
    fg = FeedGenerator()
    atom_url = feed_url or f"{site_url}/{info.atom_path}"
    fg.id(atom_url)
    fg.title(FEED_TITLE_PREFIX + info.title)
    fg.subtitle(f"{FEED_TITLE_PREFIX}{info.title}：最新 {len(entries)} 条")
    fg.link(href=f"{site_url}/", rel="alternate")
    fg.link(href=atom_url, rel="self")
    fg.language("zh-CN")
    # An emptied feed (its last item unpublished) still needs an `updated` for Atom.
    fg.updated(max((parse_time(e.updated) for e in entries), default=datetime.now(SHANGHAI)))
    for item in entries:
        url = f"{site_url}{item.url}"
        fe = fg.add_entry(order="append")
        fe.id(url)
        fe.guid(url, permalink=True)
        fe.title(item.title)
        # A query feed links a law to the article that matched (url#第N条); the id stays the page.
        fe.link(href=f"{site_url}{getattr(item, 'link', '') or item.url}")
        fe.published(parse_time(item.date))
        fe.updated(parse_time(item.updated))
        fe.category(term=item.type, label=item.type_label)
        if item.summary:
            fe.summary(item.summary)
    return fg


def write_feeds(
    *,
    documents: Iterable,
    output_dir: Path,
    site_url: str,
    only_keys: set[str] | None = None,
) -> int:
    """Write the Atom and RSS files of every feed (or only of ``only_keys``); returns the
    number of files written. A key in ``only_keys`` that no document has any more loses
    its files. ``documents`` may be Documents or catalog entries."""
    site_url = site_url.rstrip("/")
    feeds = collect_feeds(documents)
    written = 0
    for key in feeds if only_keys is None else sorted(only_keys):
        info = feeds.get(key)
        if info is None:
            for kind in ("atom", "rss"):
                (output_dir / feed_path(key, kind)).unlink(missing_ok=True)
            continue
        fg = build_feed(info, newest_first(info.items, limit=MAX_ENTRIES), site_url)
        replace_file(output_dir / info.atom_path, fg.atom_str(pretty=True))
        replace_file(output_dir / info.rss_path, fg.rss_str(pretty=True))
        written += 2
    return written
