"""What an incremental build must redo: the change set for a set of changed document ids.

Compares the live release's catalog with the export folder for just the changed ids:
pages to render (full Documents, read only for these), pages to delete (removed documents
and old URLs of moved ones), the content types whose listings change and the feeds to
rewrite. Nothing else is read. ``ids`` lets the generator update what it keeps per
document besides pages (the spot-check result index).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from contentmodels.document import Document, document_path, load_document
from sitebuild.catalog import Catalog, Entry
from sitebuild.errors import BuildError
from sitebuild.feeds import ALL_FEED


@dataclass
class ChangeSet:
    previous: Catalog  # the live release's catalog
    catalog: Catalog  # the catalog after the change
    render: list[Document] = field(default_factory=list)
    delete_urls: list[str] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    feed_keys: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)  # every changed id (added, updated, removed)


def read_changed(export_dir: Path, doc_id: str) -> Document | None:
    """The exported Document with this id (any type), or None if it is no longer exported."""
    for type_dir in sorted(p for p in export_dir.iterdir() if p.is_dir()):
        path = document_path(export_dir, doc_type=type_dir.name, doc_id=doc_id)
        if path.exists():
            try:
                return load_document(path)
            except Exception as exc:
                raise BuildError(f"{path}: unreadable document: {exc}") from exc
    return None


def _feed_keys(entry: Entry | Document) -> set[str]:
    return {ALL_FEED, entry.type} | {f.key for f in entry.feeds}


def plan_changes(*, catalog: Catalog, changed: set[str], export_dir: Path) -> ChangeSet:
    new = Catalog(dict(catalog.entries))
    changes = ChangeSet(previous=catalog, catalog=new, ids=set(changed))
    for doc_id in sorted(changed):
        old = catalog.entries.get(doc_id)
        doc = read_changed(export_dir, doc_id)
        if old is not None:
            changes.types.add(old.type)
            changes.feed_keys |= _feed_keys(old)
            if doc is None or doc.url != old.url:
                changes.delete_urls.append(old.url)
            if doc is None:
                del new.entries[doc_id]
        if doc is not None:
            new.add(doc)
            changes.render.append(doc)
            changes.types.add(doc.type)
            changes.feed_keys |= _feed_keys(doc)
    return changes
