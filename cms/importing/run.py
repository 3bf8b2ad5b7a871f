"""run_import: a data folder (or one file) -> published pages, with progress and a report."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.db import transaction
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cms.importing import guides, laws, notices, spotchecks, standards, wto
from cms.importing.indexing import deferred_index_updates
from cms.importing.pagedata import PageData
from cms.importing.report import ImportReport, RecordError
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
#: Records per transaction. Each record still has its own savepoint (all or nothing);
#: committing in chunks saves one database sync per record.
CHUNK = 100


def _sources(path: Path, type_key: str | None) -> list[tuple[Path, str, object]]:
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
    if type_key is not None:
        return [(path, type_key, READERS[type_key])]
    for rel, key, reader in LAYOUT:
        if path.name == Path(rel).name:
            return [(path, key, reader)]
    raise ValueError(f"{path}: cannot tell the content type from the file name; pass type=")


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
    path: Path, *, type: str | None = None, dry_run: bool = False, console: Console | None = None
) -> ImportReport:
    """Import a data folder in the shared layout, or one file of content type ``type``.

    Every page is published through ``save_revision().publish()``; the whole import runs
    in one ``publishing.batch()`` so the pipeline runs once at the end.
    """
    from cms.publishing import batch
    from contentmodels.tree import ensure_site_tree, section_for

    started = time.monotonic()
    sources = _sources(Path(path), type)
    report = ImportReport(dry_run=dry_run)
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

    def handle(item: PageData | RecordError, key: str, parent, published: set) -> None:
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
            report.published_ids.append(page_id)
            published.add((model, page_id))

    models = {CONTENT_TYPES[key] for _, key, _ in sources}
    with batch(), deferred_index_updates(models) as published, progress:
        if not dry_run:
            ensure_site_tree()
        for file, key, reader in sources:
            parent = None if dry_run else section_for(key)
            total = _line_count(file)
            task = progress.add_task(f"{key:<13} {file.name}", total=total)
            for chunk in _chunks(reader(file), CHUNK):
                with transaction.atomic():
                    for item in chunk:
                        handle(item, key, parent, published)
                        progress.advance(task, getattr(item, "lines", 1))
            progress.update(task, completed=total)
    report.seconds = time.monotonic() - started
    return report
