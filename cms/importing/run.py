"""run_import: a data folder (or one file) -> published pages, with progress and a report.

Every page is written in its own transaction (a page never appears without its rows);
pages are committed in chunks. ``atomic=True`` makes the whole import one transaction
that is rolled back when any record is bad. After a crash, the pages committed so far
are still handed to the publishing pipeline, so the CMS and the site never disagree.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from functools import partial
from pathlib import Path

from django.db import transaction
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cms.importing import guides, laws, notices, spotchecks, standards, wto
from cms.importing.indexing import deferred_index_updates
from cms.importing.pagedata import PageData
from cms.importing.report import ImportReport, RecordError
from cms.importing.tabular import is_tabular
from cms.importing.writer import WriteError, write_page
from contentmodels.base import CONTENT_TYPES

#: The shared data layout: file (relative to the folder) -> content type, reader.
LAYOUT = (
    ("laws/index.jsonl", laws.TYPE, laws.read),
    ("notices/gacc_notices.jsonl", notices.TYPE, notices.read),
    ("notices/gacc_policy_interpretations.jsonl", notices.TYPE, notices.read),
    ("notices/gacc_consultation_feedback.jsonl", notices.TYPE, notices.read),
    ("standards/sn_standards.jsonl", standards.TYPE, standards.read),
    ("spotchecks/automotive_fluid_spotchecks.jsonl", spotchecks.TYPE, spotchecks.read),
    ("wto/notifications.jsonl", wto.TYPE, wto.read),
    ("guides/guides.jsonl", guides.TYPE, guides.read),
)
READERS = {key: reader for _, key, reader in LAYOUT}
#: Types whose records cannot be a sheet row (law texts live in files, guides in sections).
NOT_TABULAR = {laws.TYPE: "its texts are separate files", guides.TYPE: "its sections are lists"}
#: Records per transaction. Each record still has its own savepoint (all or nothing);
#: committing in chunks saves one database sync per record.
CHUNK = 100


class _Rollback(Exception):
    """Raised inside an atomic import to undo it after recording its errors."""


def _single_file(path: Path, type_key: str | None, title: str | None):
    if type_key is None:
        # A sheet saved from a layout file keeps its name: sn_standards.csv is standards.
        matches = [(k, r) for rel, k, r in LAYOUT if path.stem == Path(rel).stem]
        if not matches:
            raise ValueError(
                f"{path}: cannot tell the content type from the file name; give it with --type (notice, spotcheck, notification, guide, law, standard)"
            )
        type_key = matches[0][0]
    if is_tabular(path) and type_key in NOT_TABULAR:
        reason = NOT_TABULAR[type_key]
        raise ValueError(f"{path}: {type_key} cannot be imported from a sheet ({reason})")
    reader = READERS[type_key]
    if type_key == spotchecks.TYPE:
        reader = partial(reader, title=title)
    return [(path, type_key, reader)]


def _sources(path: Path, type_key: str | None, title: str | None = None):
    if type_key is not None and type_key not in READERS:
        raise ValueError(f"unknown content type {type_key!r}; one of {', '.join(READERS)}")
    if path.is_dir():
        found = [
            (path / rel, key, reader)
            for rel, key, reader in LAYOUT
            if (path / rel).is_file() and type_key in (None, key)
        ]
        if not found:
            raise ValueError(f"{path}: no known data files (e.g. laws/index.jsonl)")
        return found
    return _single_file(path, type_key, title)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _line_count(path: Path) -> int:
    return path.read_bytes().count(b"\n") or 1


def run_import(
    path: Path,
    *,
    type: str | None = None,
    dry_run: bool = False,
    atomic: bool = False,
    title: str | None = None,
    console: Console | None = None,
) -> ImportReport:
    """Import a data folder in the shared layout, or one file of content type ``type``
    (JSON Lines, CSV or XLSX; ``title`` names the announcement of a spot-check sheet).

    Every page is published through ``save_revision().publish()``; the whole import runs
    in one ``publishing.batch()`` so the pipeline runs once at the end. ``atomic``: any
    bad record and nothing is imported (``report.rolled_back``).
    """
    from cms.publishing import batch, queue_pages
    from contentmodels.tree import ensure_site_tree, section_for

    started = time.monotonic()
    sources = _sources(Path(path), type, title)
    atomic = atomic and not dry_run
    report = ImportReport(dry_run=dry_run, atomic=atomic)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=console is None,
    )

    def fail(key: str, error: RecordError) -> None:
        report.errors.append(error)
        report.count(key, "failed")
        progress.console.print(str(error), markup=False, highlight=False, soft_wrap=True)

    first_seen: dict[tuple[str, str], tuple[str, int]] = {}

    def handle(item: PageData | RecordError, key: str, parent, written: list) -> None:
        if isinstance(item, RecordError):
            fail(key, item)
            return
        # Two records with one natural key would overwrite each other on every import.
        earlier = first_seen.setdefault((key, item.key), (item.file, item.line))
        if earlier != (item.file, item.line):
            file, line = earlier
            where = f"line {line}" if file == item.file else f"{file}:{line}"
            fail(
                key,
                RecordError(
                    item.file,
                    item.line,
                    "key",
                    f"same natural key {item.key!r} as {where}; skipped",
                ),
            )
            return
        model = CONTENT_TYPES[key]
        try:
            outcome, page_id = write_page(item, model, parent, dry_run=dry_run)
        except WriteError as exc:
            fail(key, exc.error)
            return
        report.count(key, outcome)
        if outcome in ("created", "updated") and not dry_run:
            written.append((model, page_id))

    models = {CONTENT_TYPES[key] for _, key, _ in sources}
    done: list[tuple[type, int]] = []  # committed (atomic: written) so far
    whole = transaction.atomic() if atomic else nullcontext()
    try:
        with whole, batch(), deferred_index_updates(models) as indexed, progress:
            if not dry_run:
                ensure_site_tree()
            for file, key, reader in sources:
                parent = None if dry_run else section_for(key)
                total = None if file.suffix.lower() in (".xlsx", ".xlsm") else _line_count(file)
                task = progress.add_task(f"{key:<13} {file.name}", total=total)
                for chunk in _chunks(reader(file), CHUNK):
                    written: list[tuple[type, int]] = []
                    with transaction.atomic():
                        for item in chunk:
                            handle(item, key, parent, written)
                            progress.advance(task, getattr(item, "lines", 1))
                    done += written
                    if not atomic:
                        indexed.update(written)
                progress.update(task, completed=total)
            if atomic and report.errors:
                raise _Rollback
            indexed.update(done)
    except _Rollback:
        report.rolled_back = True
        done = []
    except BaseException:
        # The batch publishes nothing when the block fails; the committed pages are live
        # in the CMS and must reach the site too.
        if done and not atomic:
            queue_pages(page_id for _, page_id in done)
        raise
    report.published_ids = [page_id for _, page_id in done]
    report.seconds = time.monotonic() - started
    return report
