"""Release folders and the atomic swap of the live site.

``releases_dir/<NNNNNN>-<timestamp>/`` holds one complete site each; ``public_link`` is a
symlink to the live one, replaced with ``os.replace`` of a new symlink so a reader sees
either the old site or the new one, never a mix. One lock file serialises builds.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sitebuild.errors import BuildError

KEEP = 3
_NAME = re.compile(r"(\d{6})-\d{8}T\d{6}")


@contextmanager
def locked(releases_dir: Path) -> Iterator[None]:
    """Hold the build lock: two workers must not build or prune releases at once."""
    releases_dir.mkdir(parents=True, exist_ok=True)
    with open(releases_dir / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def releases(releases_dir: Path) -> list[Path]:
    """Release folders, oldest first."""
    return sorted(p for p in releases_dir.iterdir() if p.is_dir() and _NAME.fullmatch(p.name))


def current(public_link: Path) -> Path | None:
    """The live release, or None when nothing has been published yet."""
    if not public_link.is_symlink():
        return None
    target = public_link.resolve()
    return target if target.is_dir() else None


def create(releases_dir: Path, *, copy_from: Path | None = None) -> Path:
    """A new, empty release folder; or a hard-link copy of ``copy_from`` (files shared,
    folders new, so the copy costs no data and leaves ``copy_from`` untouched)."""
    existing = releases(releases_dir)
    number = int(_NAME.fullmatch(existing[-1].name).group(1)) + 1 if existing else 1
    path = releases_dir / f"{number:06d}-{time.strftime('%Y%m%dT%H%M%S')}"
    try:
        if copy_from is None:
            path.mkdir()
        else:
            shutil.copytree(copy_from, path, symlinks=True, copy_function=os.link)
    except OSError as exc:
        shutil.rmtree(path, ignore_errors=True)
        raise BuildError(f"{path}: cannot create release: {exc}") from exc
    return path


def activate(public_link: Path, release: Path) -> None:
    """Point ``public_link`` at ``release`` atomically (relative target: the home folder
    can move)."""
    if public_link.exists() and not public_link.is_symlink():
        raise BuildError(f"{public_link}: exists and is not a symlink; move it away")
    public_link.parent.mkdir(parents=True, exist_ok=True)
    tmp = public_link.with_name(f".{public_link.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(os.path.relpath(release, public_link.parent))
    os.replace(tmp, public_link)


def prune(releases_dir: Path, *, live: Path, keep: int = KEEP) -> None:
    """Delete all but the newest ``keep`` releases (never the live one)."""
    for old in releases(releases_dir)[:-keep]:
        if old.resolve() != live.resolve():
            shutil.rmtree(old, ignore_errors=True)
