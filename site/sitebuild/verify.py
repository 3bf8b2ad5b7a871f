"""Consistency check: does the live site hold exactly the given live Documents?

Pages are checked against the release manifest and the id/updated stamps each document
page carries in its head (and a document with a result table needs its CSV beside the
page); feeds against the newest entries the Documents call for.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

from lxml import etree

from contentmodels.document import Document
from sitebuild.catalog import MANIFEST_FILE, page_path
from sitebuild.dates import newest_first
from sitebuild.feeds import MAX_ENTRIES, collect_feeds
from sitebuild.spotchecks import CSV_NAME, csv_path

_STAMP = re.compile(r'<meta name="jinzhi:(id|updated)" content="([^"]*)"')
_ATOM = "{http://www.w3.org/2005/Atom}"


def _page_stamp(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        return dict(_STAMP.findall(fh.read(8192)))


def _check_pages(public_dir: Path, live: dict[str, Document]) -> list[str]:
    problems = []
    manifest_path = public_dir / MANIFEST_FILE
    if not manifest_path.exists():
        return [f"{manifest_path}: missing"]
    manifest: dict[str, str] = json.loads(manifest_path.read_text(encoding="utf-8"))
    for doc in live.values():
        path = public_dir / page_path(doc.url)
        if not path.exists():
            problems.append(f"missing page: {doc.id} {doc.url}")
            continue
        stamp = _page_stamp(path)
        if stamp.get("id") != doc.id or stamp.get("updated") != doc.updated:
            problems.append(f"stale page: {doc.id} {doc.url} (page shows {stamp or 'no stamp'})")
        if doc.table is not None and not (public_dir / csv_path(doc.url)).exists():
            problems.append(f"missing results csv: {doc.id} {doc.url}{CSV_NAME}")
        if manifest.get(doc.id) != doc.url:
            listed = manifest.get(doc.id)
            problems.append(f"manifest: {doc.id} listed at {listed}, live at {doc.url}")
    for doc_id, url in sorted(manifest.items()):
        if doc_id not in live:
            served = (public_dir / page_path(url)).exists()
            state = "page still served" if served else "manifest only"
            problems.append(f"stale page: {doc_id} {url} is not a live document ({state})")
    return problems


def _feed_paths(path: Path) -> list[str]:
    """Page paths of a feed's entries, in file order (Atom ids or RSS guids)."""
    root = etree.parse(str(path)).getroot()
    if root.tag == f"{_ATOM}feed":
        ids = root.findall(f"{_ATOM}entry/{_ATOM}id")
    else:
        ids = root.findall("channel/item/guid")
    return [urlparse(e.text or "").path for e in ids]


def _check_feeds(public_dir: Path, documents: list[Document]) -> list[str]:
    problems = []
    live_urls = {doc.url for doc in documents}
    feeds = collect_feeds(documents)
    for info in feeds.values():
        expected = [doc.url for doc in newest_first(info.items, limit=MAX_ENTRIES)]
        for rel in (info.atom_path, info.rss_path):
            path = public_dir / rel
            if not path.exists():
                problems.append(f"missing feed: /{rel}")
                continue
            actual = _feed_paths(path)
            for url in actual:
                if url not in live_urls:
                    problems.append(f"feed /{rel}: entry {url} is not a live document")
            missing = [url for url in expected if url not in actual]
            if missing:
                problems.append(f"feed /{rel}: missing newest entries {missing[:5]}")
            elif actual != expected:
                problems.append(f"feed /{rel}: entries differ from the newest live documents")
    known = {p for info in feeds.values() for p in (info.atom_path, info.rss_path)}
    for path in sorted((public_dir / "feeds").rglob("*.xml")):
        rel = path.relative_to(public_dir).as_posix()
        if rel not in known:
            problems.append(f"feed /{rel}: no live document belongs to it")
    return problems


def verify_site(*, public_dir: Path, documents: list[Document]) -> list[str]:
    """Differences between the live site (pages and feeds) and the live ``documents``;
    an empty list when they match exactly."""
    public_dir = Path(public_dir)
    live = {doc.id: doc for doc in documents}
    return _check_pages(public_dir, live) + _check_feeds(public_dir, documents)
