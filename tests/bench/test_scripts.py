"""The bench scripts run as the README shows (as scripts, from the checkout) and print figures."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run_bench(script: str, *args: str) -> list[dict]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "ELASTICSEARCH_URL")
    }
    done = subprocess.run(
        [sys.executable, f"bench/{script}", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def test_search_recall_prints_a_line_per_backend():
    embedded, elasticsearch = run_bench("search_recall.py", "--docs", "120", "--samples", "20")
    assert embedded["backend"] == "embedded" and embedded["samples"] == 20
    assert 0.9 <= embedded["recall_arbitrary"] <= 1.0 and 0 < embedded["precision_at_10"] <= 1.0
    assert elasticsearch == {
        "backend": "elasticsearch",
        "skipped": "ELASTICSEARCH_URL is not set",
        "seed": 7,
    }


def test_search_bench_prints_the_figures_the_issue_asks_for(tmp_path):
    (line,) = run_bench("search.py", "--docs", "120", "--samples", "20", "--home", str(tmp_path))
    for key in ("index_docs_per_s", "index_mb_per_s", "query_p50_ms", "query_p95_ms"):
        assert line[key] > 0
    assert line["docs"] == 120 and 0.9 <= line["recall_any"] <= 1.0
    (again,) = run_bench(
        "search.py", "--docs", "120", "--samples", "20", "--home", str(tmp_path), "--reuse"
    )
    assert again["index_s"] is None and again["query_p50_ms"] > 0


@pytest.mark.parametrize(
    ("script", "args"), [("site_build.py", ["--docs", "40"]), ("segmenter.py", ["--docs", "5"])]
)
def test_other_benches_run(script, args):
    assert run_bench(script, *args)
