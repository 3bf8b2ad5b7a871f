"""The publishing pipeline: page changes -> export -> search index -> static site and feeds.

Wagtail's signals call `queue_pages()`; the ids are stored as PendingChange rows and one
task is enqueued after the transaction commits, so the editor's request returns at once.
The worker's task takes *every* pending id in one go, so a burst of edits costs one build.
A file lock under JINZHI_HOME serialises builds when several workers share the queue.
"""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django_tasks import task

from cms.export import ExportChanges, export_all, export_pages
from cms.models import PendingChange
from contentmodels.document import load_documents

logger = logging.getLogger("jinzhi.publishing")

_batch = threading.local()


@dataclass
class PublishReport:
    """What one run of the pipeline did, with timings in seconds."""

    written: int = 0
    removed: int = 0
    indexed: int = 0
    pages_built: int = 0
    full: bool = False
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        times = ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items())
        kind = "full" if self.full else "incremental"
        return (
            f"{kind}: {self.written} written, {self.removed} removed, {self.indexed} indexed, "
            f"{self.pages_built} pages built ({times})"
        )


def search_backend():
    from search import get_backend

    return get_backend(settings.SEARCH_BACKEND)


@contextmanager
def batch() -> Iterator[None]:
    """Collect page changes made inside the block and queue one publishing job at exit."""
    if getattr(_batch, "ids", None) is not None:  # nested: the outer block publishes
        yield
        return
    _batch.ids = set()
    try:
        yield
        ids = _batch.ids
    finally:
        _batch.ids = None
    if ids:
        queue_pages(ids)


def queue_pages(page_ids: Iterable[int]) -> None:
    """Record pages whose public state may have changed and enqueue the publishing task."""
    ids = {int(i) for i in page_ids}
    if not ids:
        return
    if getattr(_batch, "ids", None) is not None:
        _batch.ids.update(ids)
        return
    PendingChange.objects.bulk_create([PendingChange(page_id=i) for i in ids])
    transaction.on_commit(lambda: publish_pending.enqueue())


@task()
def publish_pending() -> str:
    """The worker's job: publish every pending change (one build for a whole burst)."""
    report = publish_changes()
    return report.summary() if report else "nothing pending"


@contextmanager
def publish_lock() -> Iterator[None]:
    config = settings.JINZHI
    config.home.mkdir(parents=True, exist_ok=True)
    with open(config.home / "publish.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _take_pending() -> set[int]:
    with transaction.atomic():
        rows = list(PendingChange.objects.values_list("pk", "page_id"))
        PendingChange.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
    return {page_id for _, page_id in rows}


def publish_changes() -> PublishReport | None:
    """Export, index and build what the pending page changes affect."""
    with publish_lock():
        page_ids = _take_pending()
        if not page_ids:
            return None
        report = PublishReport()
        started = time.monotonic()
        try:
            changes = export_pages(page_ids, export_dir=settings.JINZHI.export_dir)
            report.seconds["export"] = time.monotonic() - started
            _index_and_build(changes, report, full=False)
        except Exception:
            # Keep the work: the next job (or `jinzhi publish`) retries these pages.
            PendingChange.objects.bulk_create([PendingChange(page_id=i) for i in page_ids])
            raise
        logger.info("published %s", report.summary())
        return report


def publish_all(*, full: bool = False) -> PublishReport:
    """Bring export, index, site and feeds in line with the CMS (`jinzhi publish`)."""
    with publish_lock():
        PendingChange.objects.all().delete()
        report = PublishReport(full=full)
        started = time.monotonic()
        changes = export_all(export_dir=settings.JINZHI.export_dir)
        report.seconds["export"] = time.monotonic() - started
        _index_and_build(changes, report, full=full)
        return report


def refresh_time_dependent() -> PublishReport:
    """Re-export every visible page and build what changed (the scheduler's daily job).

    Some Documents change with the date alone (a law's 尚未生效 becomes 有效 on its
    施行日期, a WTO notification's comment period ends) and no signal fires for that.
    The export rewrites only Documents whose JSON changed, so the index and site
    build that follows is incremental and usually touches a handful of pages.
    """
    return publish_all(full=False)


@task()
def refresh_pages() -> str:
    """The worker's job for :func:`refresh_time_dependent`."""
    return refresh_time_dependent().summary()


def _index_and_build(changes: ExportChanges, report: PublishReport, *, full: bool) -> None:
    from sitebuild.build import publish_site

    config = settings.JINZHI
    report.written, report.removed = len(changes.written), len(changes.removed)
    backend = search_backend()

    started = time.monotonic()
    if full or backend.outdated():
        report.indexed = backend.rebuild(load_documents(config.export_dir))
    else:
        if changes.removed:
            backend.delete(changes.removed)
        if changes.written:
            report.indexed = backend.index(changes.written.values())
    report.seconds["index"] = time.monotonic() - started

    started = time.monotonic()
    if full or changes or not config.public_dir.exists():
        build = publish_site(
            export_dir=config.export_dir,
            releases_dir=config.releases_dir,
            public_link=config.public_dir,
            changed=None if full or not config.public_dir.exists() else changes.changed_ids,
            site_url=config.site_url,
        )
        report.pages_built = build.pages_written
    report.seconds["site"] = time.monotonic() - started
