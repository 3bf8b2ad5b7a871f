"""The gatekeeper: which pages the public may see, and their Documents on disk.

`visible_pages()` is the one place that decides visibility (live, public, not expired,
every ancestor live, a registered content type). Everything downstream (site, search,
feeds) reads only what this module writes, so nothing else can leak a draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from contentmodels.base import CONTENT_TYPES
from contentmodels.document import (
    Document,
    iter_document_paths,
    remove_document,
    write_document,
)


@dataclass
class ExportChanges:
    """What an export changed: ids written (new or different) and ids removed."""

    written: dict[str, Document] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)

    @property
    def changed_ids(self) -> set[str]:
        return set(self.written) | self.removed

    def __bool__(self) -> bool:
        return bool(self.written or self.removed)


def _content_type_models():
    return list(CONTENT_TYPES.values())


def visible_pages():
    """Live, public, unexpired pages of the registered types whose ancestors are all live."""
    now = timezone.now()
    qs = (
        Page.objects.live()
        .public()
        .type(*_content_type_models())
        .filter(expired=False)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    )
    # A page under an unpublished section is unreachable, so it must not be exported.
    # Only not-live pages with children can hide others (drafts are leaves: leave them out,
    # or every draft would add a clause to this query).
    hidden = (
        Page.objects.not_live().filter(depth__gt=1, numchild__gt=0).values_list("path", flat=True)
    )
    for path in hidden:
        qs = qs.exclude(path__startswith=path)
    return qs


def _write_if_changed(export_dir: Path, doc: Document) -> bool:
    path = Path(export_dir) / doc.type / f"{doc.id}.json"
    new = doc.to_json()
    if path.exists() and path.read_text(encoding="utf-8") == new:
        return False
    write_document(export_dir, doc)
    return True


def export_pages(page_ids: set[int], *, export_dir: Path) -> ExportChanges:
    """Bring the Documents of these pages (and their subtrees) in line with the CMS."""
    changes = ExportChanges()
    ids = set(page_ids)
    for page in Page.objects.filter(pk__in=page_ids).specific():
        # A move, unpublish or privacy change of a container affects every page below it.
        ids.update(page.get_descendants().values_list("pk", flat=True))
        # Pages that show this one (other versions of a law, a notification's addenda …).
        ids.update(getattr(page, "dependent_page_ids", lambda: set())())
    visible = {p.pk: p for p in visible_pages().filter(pk__in=ids).specific()}
    for page_id in sorted(ids):
        page = visible.get(page_id)
        if page is None:
            if remove_document(export_dir, doc_id=str(page_id)):
                changes.removed.add(str(page_id))
            continue
        doc = page.to_document()
        # A type change would leave a stale file under the old type folder (look in the
        # few type folders, not at every exported file).
        for other in set(CONTENT_TYPES) - {doc.type}:
            (Path(export_dir) / other / f"{doc.id}.json").unlink(missing_ok=True)
        if _write_if_changed(export_dir, doc):
            changes.written[doc.id] = doc
    return changes


def export_all(*, export_dir: Path) -> ExportChanges:
    """Rewrite the whole export from the CMS and delete orphans; returns what changed."""
    changes = ExportChanges()
    seen: set[tuple[str, str]] = set()
    for page in visible_pages().specific().iterator(chunk_size=200):
        doc = page.to_document()
        seen.add((doc.type, doc.id))
        if _write_if_changed(export_dir, doc):
            changes.written[doc.id] = doc
    for path in list(iter_document_paths(export_dir)):
        if (path.parent.name, path.stem) not in seen:
            path.unlink()
            changes.removed.add(path.stem)
    return changes


def exported_ids(*, export_dir: Path) -> set[str]:
    return {p.stem for p in iter_document_paths(export_dir)}
