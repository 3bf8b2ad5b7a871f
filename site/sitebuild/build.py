"""Build driver: publish Documents as a new release, fully or incrementally, then swap it in.

    publish_site(export_dir=..., releases_dir=..., public_link=...)            # full
    publish_site(..., changed={"123", "456"})                                 # incremental

A full build renders every Document into an empty release. An incremental build starts
from a hard-link copy of the live release and re-renders only the changed documents'
pages, their types' listings, the home page, their feeds and, for spot-check
announcements, their CSV files and the enterprise and product pages their rows belong to. Either way the release is
swapped in only when complete; on any failure the half-built folder is deleted, the live
site is untouched and ``BuildError`` says why in one line.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from pelican import Pelican
from pelican.log import console
from pelican.plugins import signals
from pelican.settings import read_settings

from sitebuild import release as releases
from sitebuild.catalog import CATALOG_FILE, Catalog
from sitebuild.changes import ChangeSet, plan_changes
from sitebuild.errors import BuildError, describe
from sitebuild.feeds import write_feeds
from sitebuild.spotchecks import RESULTS_FILE
from sitebuild.verify import verify_site

__all__ = ["BuildError", "BuildReport", "publish_site", "verify_site"]

DEFAULT_SETTINGS = Path(__file__).resolve().parent.parent / "pelicanconf.py"


@dataclass(frozen=True)
class BuildReport:
    mode: str  # "full" or "incremental"
    release: Path
    documents: int  # documents on the site after the build
    pages_written: int  # HTML pages rendered in this build
    feeds_written: int  # feed files (Atom + RSS) written in this build
    seconds: float


def publish_site(
    *,
    export_dir: Path,
    releases_dir: Path,
    public_link: Path,
    changed: set[str] | None = None,
    site_url: str = "http://127.0.0.1:8000",
    settings_file: Path | None = None,
) -> BuildReport:
    """Build the site from ``export_dir`` into a new release and make it live.

    ``changed`` None: full build. Otherwise the ids added, updated or removed since the live
    release: incremental build (full when there is no live release to start from, or when
    the set of content types, shown on every page, changes). ``settings_file`` defaults to
    ``site/pelicanconf.py`` (``site/publishconf.py`` for production).
    """
    started = time.perf_counter()
    export_dir, releases_dir = Path(export_dir).resolve(), Path(releases_dir).resolve()
    if not export_dir.is_dir():
        raise BuildError(f"{export_dir}: export folder not found")
    with releases.locked(releases_dir):
        live = releases.current(Path(public_link))
        changes = _plan(live, changed, export_dir)
        release = releases.create(releases_dir, copy_from=live if changes else None)
        try:
            pages = _run_pelican(
                settings_file or DEFAULT_SETTINGS, export_dir, release, changes, site_url
            )
            catalog = changes.catalog if changes else Catalog.load(release)
            feeds = write_feeds(
                documents=catalog.entries.values(),
                output_dir=release,
                site_url=site_url,
                only_keys=changes.feed_keys if changes else None,
            )
            releases.activate(Path(public_link), release)
        except BaseException as exc:
            shutil.rmtree(release, ignore_errors=True)
            if isinstance(exc, Exception) and not isinstance(exc, BuildError):
                raise BuildError(describe(exc)) from exc
            raise
        releases.prune(releases_dir, live=release)
    return BuildReport(
        mode="incremental" if changes else "full",
        release=release,
        documents=len(catalog.entries),
        pages_written=pages,
        feeds_written=feeds,
        seconds=round(time.perf_counter() - started, 3),
    )


def _plan(live: Path | None, changed: set[str] | None, export_dir: Path) -> ChangeSet | None:
    """The change set for an incremental build, or None for a full one."""
    if changed is None or live is None or not (live / CATALOG_FILE).exists():
        return None
    if not (live / RESULTS_FILE).exists():
        return None  # a release from before the spot-check result pages
    old = Catalog.load(live)
    changes = plan_changes(catalog=old, changed=set(changed), export_dir=export_dir)
    if changes.catalog.sections() != old.sections():
        return None  # the navigation on every page changes
    return changes


def _run_pelican(
    settings_file: Path, export_dir: Path, release: Path, changes: ChangeSet | None, site_url: str
) -> int:
    """Run Pelican with the sitebuild plugin into ``release``; returns pages written."""
    override = {
        "PATH": str(export_dir),
        "OUTPUT_PATH": str(release),
        "FEED_DOMAIN": site_url,
        "SITEBUILD_CHANGES": changes,
    }
    if changes:
        # The theme files came with the hard-link copy; Pelican would copy over them in
        # place, writing through the links into the live release.
        override["THEME_STATIC_PATHS"] = []
    settings = read_settings(str(settings_file), override=override)
    written = []

    def count(path, context):
        written.append(path)

    signals.content_written.connect(count)
    quiet, console.quiet = console.quiet, True  # Pelican's "Processed 0 articles" summary
    try:
        Pelican(settings).run()
    finally:
        console.quiet = quiet
        signals.content_written.disconnect(count)
    return len(written)
