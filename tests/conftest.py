"""Shared fixtures: the real data folder, and slices of it in the shared layout."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not (SHARED_DATA / "README.md").is_file():
        pytest.fail(f"shared data folder not found at {SHARED_DATA} (expected next to the repo)")
    return SHARED_DATA


@pytest.fixture
def data_slice(shared_data, tmp_path):
    """``data_slice({"wto/notifications.jsonl": 3})`` -> a tmp folder in the shared layout
    holding those lines (a count from the top, or a list of 0-based indexes) of each file,
    plus, for laws, their text files."""

    def make(files: dict[str, int | list[int]]) -> Path:
        root = tmp_path / "data"
        for rel, lines in files.items():
            source = (shared_data / rel).read_text(encoding="utf-8").splitlines(keepends=True)
            picked = source[:lines] if isinstance(lines, int) else [source[i] for i in lines]
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("".join(picked), encoding="utf-8")
            if rel == "laws/index.jsonl":
                (root / "laws" / "text").mkdir(exist_ok=True)
                for line in picked:
                    file = json.loads(line)["file"]
                    shutil.copy(shared_data / "laws" / file, root / "laws" / file)
        return root

    return make


@pytest.fixture
def site_tree(db):
    from contentmodels.tree import ensure_site_tree

    return ensure_site_tree()
