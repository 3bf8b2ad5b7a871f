"""The `jinzhi` console script as a user runs it: a fresh JINZHI_HOME, real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

SLICE = {
    "laws/index.jsonl": 2,
    "wto/notifications.jsonl": 3,
    "standards/sn_standards.jsonl": 3,
}


def run(home, *args):
    env = {**os.environ, "JINZHI_HOME": str(home), "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    env.pop("DATABASE_URL", None)  # a fresh SQLite instance, as on a new machine
    return subprocess.run(
        [sys.executable, "-m", "cms.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def home(tmp_path):
    return tmp_path / "instance"


def test_import_publish_check_search_on_a_fresh_home(home, data_slice):
    data = data_slice(SLICE)
    imported = run(home, "import", str(data))
    assert imported.returncode == 0, imported.stderr
    assert "law" in imported.stdout and "created" in imported.stdout

    published = run(home, "publish", "--full")
    assert published.returncode == 0, published.stderr
    assert (home / "public" / "index.html").is_file()
    assert (home / "public" / "feeds" / "all.atom.xml").is_file()

    checked = run(home, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    found = run(home, "search", "SN/T", "--json")
    assert found.returncode == 0, found.stderr
    result = json.loads(found.stdout)
    assert result["total"] == 3
    assert {h["type"] for h in result["hits"]} == {"standard"}

    # Someone deletes a built page: check notices and exits non-zero.
    next((home / "public" / "standards").glob("*/index.html")).unlink()
    broken = run(home, "check")
    assert broken.returncode == 1
    assert "site:" in broken.stdout


def test_errors_are_one_line_and_exit_non_zero(home, tmp_path):
    missing = run(home, "import", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0
    assert "nope.jsonl" in missing.stderr and "Traceback" not in missing.stderr

    bad_page = run(home, "search", "食品", "--page", "0")
    assert bad_page.returncode == 1
    assert "Traceback" not in bad_page.stderr and bad_page.stderr.startswith("jinzhi: error:")


def test_serve_names_its_own_address_unless_told(monkeypatch):
    import argparse

    from cms.cli import _site_url_for

    monkeypatch.delenv("JINZHI_SITE_URL", raising=False)
    _site_url_for(argparse.Namespace(host="0.0.0.0", port=8031))
    assert os.environ["JINZHI_SITE_URL"] == "http://127.0.0.1:8031"

    monkeypatch.setenv("JINZHI_SITE_URL", "https://zhiliang.example.gov.cn")
    _site_url_for(argparse.Namespace(host="127.0.0.1", port=8031))
    assert os.environ["JINZHI_SITE_URL"] == "https://zhiliang.example.gov.cn"


@pytest.mark.django_db
def test_worker_loop_starts_again_after_the_database_was_locked(monkeypatch, capsys):
    """A long import held SQLite's write lock past its timeout and the demo's worker exited
    ("database is locked"), leaving queued publishes waiting. The task loop is resumed."""
    from django.db import OperationalError

    from cms import cli

    monkeypatch.setattr(cli, "LOCKED_RETRY_SECONDS", 0)
    runs = []

    def db_worker_locked_once(name, **options):  # stands in for a lock we cannot hold 30 s
        runs.append(name)
        if len(runs) == 1:
            raise OperationalError("database is locked")

    cli._run_tasks_until_stopped(db_worker_locked_once, 1)
    assert runs == ["db_worker", "db_worker"]
    assert "database busy" in capsys.readouterr().err

    def other_failure(name, **options):
        raise OperationalError("no such table: django_tasks_database_dbtaskresult")

    with pytest.raises(OperationalError):
        cli._run_tasks_until_stopped(other_failure, 1)
