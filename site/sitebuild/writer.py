"""Writing into a release without touching the live one.

An incremental release starts as a hard-link copy of the live release, so each of its
files may share an inode with a file being served. Writing into such a file in place
would change the live site; every write here therefore replaces the directory entry.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pelican.writers import Writer


class ReleaseWriter(Writer):
    """Pelican's Writer, but a file about to be written is unlinked first."""

    def _open_w(self, filename, encoding, override=False):
        # A file already written in this run is new, so only earlier files need unlinking.
        if filename not in self._written_files:
            Path(filename).unlink(missing_ok=True)
        return super()._open_w(filename, encoding, override)


def replace_file(path: Path, data: str | bytes) -> None:
    """Write ``path`` atomically (temporary file in the same folder, then ``os.replace``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes 0600; a web server must read it
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def delete_page(root: Path, rel: str) -> bool:
    """Remove a written file and the folders it leaves empty; True if it existed."""
    path = root / rel
    if not path.exists():
        return False
    path.unlink()
    folder = path.parent
    while folder != root and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
    return True
