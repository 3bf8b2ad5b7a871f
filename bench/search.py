"""Search at size: index N documents from ../shared/data and query them through the HTTP API.

Prints one JSON line: index_docs_per_s, index_mb_per_s, query_p50_ms and query_p95_ms (the
real `/api/search` endpoint served by waitress, embedded backend, one client), and recall
(word-aligned and arbitrary substrings, exact-substring ground truth) and precision@10.
Documents beyond the real corpus are copies with new ids and URLs (said in the output).

    .venv/bin/python bench/search.py --docs 10000 [--samples 500] [--seed 7] [--home DIR [--reuse]]

``--home DIR`` keeps the index (DIR/search/index.sqlite) for further measurement; with
``--reuse`` an index already there (same N, current format) is queried without rebuilding.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# Run as a script, this file's folder comes first on sys.path, and this file is called
# search.py: drop the folder so `import search` finds the project's package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]


def _recall_module():
    spec = importlib.util.spec_from_file_location("search_recall", BENCH / "search_recall.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus(total: int, recall) -> tuple[list, bool]:
    """``total`` Documents: the real ones, then copies with fresh ids and urls."""
    real = recall.build_documents(total)
    docs, n = list(real), 1
    while len(docs) < total:
        n += 1
        for doc in real[: total - len(docs)]:
            docs.append(dataclasses.replace(doc, id=f"{doc.id}-{n}", url=f"{doc.url}copy-{n}/"))
    return docs, len(docs) > len(real)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_api(home: Path) -> str:
    """Start the real Django app (dev settings, JINZHI_HOME=home) in a waitress thread."""
    os.environ["JINZHI_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from waitress.server import create_server

    from cms.wsgi import application

    port = _free_port()
    server = create_server(application, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--home", type=Path, help="keep the index in this folder")
    parser.add_argument(
        "--reuse", action="store_true", help="query the index --home holds (no indexing figures)"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    recall = _recall_module()
    from search import SearchQuery
    from search.backends.embedded import SearchBackend
    from search.tokenize import normalize

    docs, copied = corpus(args.docs, recall)
    megabytes = sum(len((d.title + d.body_text + d.search_text).encode()) for d in docs) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp)
        backend = SearchBackend(home / "search" / "index.sqlite")
        reused = args.reuse and backend.path.exists() and not backend.outdated()
        if reused and backend.count() != len(docs):
            parser.error(f"{backend.path} holds {backend.count()} documents, not {len(docs)}")
        started = time.perf_counter()
        if not reused:
            backend.rebuild(docs)
        index_seconds = time.perf_counter() - started

        base = serve_api(home)
        samples = recall.sample_queries(docs, args.samples, rng)
        # Ground truth over each distinct text once (copies share their original's text).
        ids_by_text: dict[str, list[str]] = {}
        for d in docs:
            text = f"{normalize(d.title)}\n{normalize(d.body_text or d.summary)}"
            ids_by_text.setdefault(text, []).append(d.id)
        latencies, scores = [], {"word": [], "arbitrary": [], "p10": []}
        for kind, sample in samples:
            url = f"{base}/api/search?" + urllib.parse.urlencode({"q": sample, "per_page": 10})
            started = time.perf_counter()
            with urllib.request.urlopen(url) as response:
                answer = json.load(response)
            latencies.append(1000 * (time.perf_counter() - started))
            truth = {
                i for text, ids in ids_by_text.items() if recall.holds(text, sample) for i in ids
            }
            # Recall over every match, not just the pages the API returns.
            matched = backend.matching_ids(SearchQuery(q=sample))
            scores[kind].append(len(truth & matched) / len(truth))
            top = {h["id"] for h in answer["hits"]}
            scores["p10"].append(len(top & truth) / min(10, len(truth)))

    def mean(values):
        return round(sum(values) / len(values), 4) if values else 0.0

    quantiles = statistics.quantiles(latencies, n=20)
    print(
        json.dumps(
            {
                "docs": len(docs),
                "copies_of_real_documents": copied,
                "text_mb": round(megabytes, 1),
                "index_s": None if reused else round(index_seconds, 1),
                "index_docs_per_s": None if reused else round(len(docs) / index_seconds, 1),
                "index_mb_per_s": None if reused else round(megabytes / index_seconds, 3),
                "queries": len(latencies),
                "query_p50_ms": round(statistics.median(latencies), 1),
                "query_p95_ms": round(quantiles[18], 1),
                "recall_word": mean(scores["word"]),
                "recall_any": mean(scores["arbitrary"]),
                "precision_at_10": mean(scores["p10"]),
                "seed": args.seed,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
