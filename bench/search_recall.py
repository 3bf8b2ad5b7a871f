"""Recall and precision of each search backend against exact-substring ground truth.

Builds an index of real documents from ../shared/data (laws, notices, WTO notifications,
spot checks, standards, guides), samples random substrings of 2-8 characters from law texts,
notice contents and WTO descriptions (half aligned to jieba word boundaries, half arbitrary),
and prints one JSON line per backend (embedded; Elasticsearch when ``ELASTICSEARCH_URL`` is
set, in a throwaway index it deletes afterwards):

- recall_*: share of the documents whose normalised text contains the sample that the backend
  matches (mean per query; ``matching_ids``, every match, not only the first pages), and, from
  the embedded index, what jieba words alone would find. "Contains" keeps numbers whole, as
  search does: a sample whose run starts or ends with a digit is not found inside a longer
  number (``5w-40`` is not in ``15w-40``, ``12`` not in ``3.125``); ``recall_raw_substring``
  scores the same samples against plain substring containment, to show what that costs;
- precision_at_10: of the first 10 ranked hits, the share that contain the sample, out of
  min(10, documents containing it), so 1.0 means the containing documents rank first.

    .venv/bin/python bench/search_recall.py [--docs 2000] [--samples 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

# Run as a script, this folder comes first on sys.path, and its search.py would shadow the
# project's `search` package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from search import SearchQuery  # noqa: E402
from search.backends.embedded import SearchBackend as EmbeddedBackend  # noqa: E402
from search.query import parse_terms  # noqa: E402
from search.tokenize import normalize, runs, segment_query  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAMPLED_TYPES = ("law", "notice", "notification")


def _corpus_module():
    """The test corpus builder (tests/search/corpus.py): one mapping from data to Documents."""
    spec = importlib.util.spec_from_file_location("corpus", REPO / "tests" / "search" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_documents(total: int) -> list:
    """Every small record kind (capped), then laws to fill ``total``."""
    corpus = _corpus_module()
    docs = corpus.documents("notice") + corpus.documents("notification")
    docs += corpus.documents("guide") + corpus.documents("standard", 300)
    docs += corpus.documents("spotcheck", 300)
    docs = docs[:total]
    return docs + corpus.documents("law", max(0, total - len(docs)))


def sample_queries(docs: list, n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, substring) pairs: kind is "word" (jieba-aligned) or "arbitrary"."""
    texts = [normalize(d.body_text) for d in docs if d.type in SAMPLED_TYPES and d.body_text]
    samples: list[tuple[str, str]] = []
    while len(samples) < n:
        text = rng.choice(texts)
        kind = "word" if len(samples) % 2 == 0 else "arbitrary"
        length = rng.randint(2, 8)
        if kind == "arbitrary":
            start = rng.randrange(max(1, len(text) - length))
            sample = text[start : start + length]
        else:
            start = rng.randrange(max(1, len(text) - 40))
            stretch = text[start : start + 40]
            words = segment_query(stretch)
            first = rng.randrange(len(words)) if words else 0
            sample = words[first] if words else ""
            for word in words[first + 1 :]:
                if len(sample + word) > 8 or sample + word not in stretch:
                    break
                sample += word
        sample = sample.strip()
        if len(sample) >= 2 and runs(sample) and "\n" not in sample and holds(text, sample):
            samples.append((kind, sample))
    return samples


def _after_identifier_letters(text: str, digit: int) -> bool:
    """Whether the digits around ``digit`` follow a letter or slash (sn/t4445): there a dot
    separates a standard's part rather than decimals, as search reads it."""
    while digit > 0 and text[digit - 1].isdigit():
        digit -= 1
    return digit > 0 and (text[digit - 1] == "/" or "a" <= text[digit - 1] <= "z")


def _cut_number(text: str, at: int, step: int) -> bool:
    """Whether text[at] continues a number across the boundary beside it (a digit, or a
    decimal point between digits)."""
    if not 0 <= at < len(text):
        return False
    if text[at].isdigit():
        return True
    other = at + step
    if text[at] != "." or not (0 <= other < len(text) and text[other].isdigit()):
        return False
    # The digits before the dot decide: after letters it is a part separator, not a decimal.
    return not _after_identifier_letters(text, at - 1 if step > 0 else other)


def holds(text: str, sample: str) -> bool:
    """Ground truth: ``text`` contains ``sample`` with every number at the edge of one of the
    sample's runs (two characters or more, or a lone digit) whole in the text."""
    edges = []
    cursor = 0
    for run in runs(sample):
        offset = sample.find(run, cursor)
        cursor = offset + len(run)
        if (len(run) > 1 or run.isdigit()) and (run[0].isdigit() or run[-1].isdigit()):
            edges.append((offset, run))
    start = text.find(sample)
    while start != -1:
        if not any(
            (run[0].isdigit() and _cut_number(text, start + offset - 1, -1))
            or (run[-1].isdigit() and _cut_number(text, start + offset + len(run), 1))
            for offset, run in edges
        ):
            return True
        start = text.find(sample, start + 1)
    return False


def jieba_only_ids(conn: sqlite3.Connection, terms) -> set[str]:
    """The documents jieba's words alone would find (the usual design), from the embedded index."""
    expression = " AND ".join(
        "{title_tokens body_tokens} : (" + " AND ".join(f'"{t}"' for t in term.tokens) + ")"
        for term in terms
        if term.tokens
    )
    if not expression:
        return set()
    sql = "SELECT d.id FROM fts JOIN docs AS d ON d.rowid = fts.rowid WHERE fts MATCH ?"
    return {row[0] for row in conn.execute(sql, (expression,))}


def mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def measure(backend, docs: list, samples: list[tuple[str, str]]) -> dict:
    """Index ``docs`` into ``backend`` and score it on ``samples``."""
    searchable = {
        d.id: f"{normalize(d.title)}\n{normalize(d.body_text or d.summary)}" for d in docs
    }
    started = time.perf_counter()
    backend.rebuild(docs)
    index_seconds = time.perf_counter() - started
    scores = {"word": [], "arbitrary": [], "p10": [], "raw": []}
    started = time.perf_counter()
    for kind, sample in samples:
        truth = {i for i, text in searchable.items() if holds(text, sample)}
        found = backend.matching_ids(SearchQuery(q=sample))
        scores[kind].append(len(truth & found) / len(truth))
        raw = {i for i, text in searchable.items() if sample in text}
        scores["raw"].append(len(raw & found) / len(raw))
        top = backend.search(SearchQuery(q=sample)).hits
        scores["p10"].append(sum(h.id in truth for h in top) / min(10, len(truth)))
    query_seconds = time.perf_counter() - started
    return {
        "docs": len(docs),
        "samples": len(samples),
        "recall_word_aligned": mean(scores["word"]),
        "recall_arbitrary": mean(scores["arbitrary"]),
        "recall_raw_substring": mean(scores["raw"]),
        "precision_at_10": mean(scores["p10"]),
        "index_seconds": round(index_seconds, 1),
        "query_ms_mean": round(1000 * query_seconds / max(1, len(samples)), 1),
    }


def jieba_baseline(index_path: Path, docs: list, samples: list[tuple[str, str]]) -> dict:
    searchable = {
        d.id: f"{normalize(d.title)}\n{normalize(d.body_text or d.summary)}" for d in docs
    }
    scores = {"word": [], "arbitrary": []}
    with sqlite3.connect(index_path) as conn:
        for kind, sample in samples:
            truth = {i for i, text in searchable.items() if holds(text, sample)}
            found = jieba_only_ids(conn, parse_terms(sample))
            scores[kind].append(len(truth & found) / len(truth))
    return {
        "recall_jieba_only_word_aligned": mean(scores["word"]),
        "recall_jieba_only_arbitrary": mean(scores["arbitrary"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    docs = build_documents(args.docs)
    samples = sample_queries(docs, args.samples, random.Random(args.seed))

    def report(line: dict) -> None:
        print(json.dumps({**line, "seed": args.seed}, ensure_ascii=False), flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        embedded = EmbeddedBackend(Path(tmp) / "index.sqlite")
        report(
            {
                "backend": "embedded",
                **measure(embedded, docs, samples),
                **jieba_baseline(embedded.path, docs, samples),
            }
        )
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        report({"backend": "elasticsearch", "skipped": "ELASTICSEARCH_URL is not set"})
        return
    from search.backends.elasticsearch import SearchBackend as ElasticsearchBackend

    elasticsearch = ElasticsearchBackend(url, index=f"jinzhi-bench-{uuid.uuid4().hex[:8]}")
    try:
        report({"backend": "elasticsearch", **measure(elasticsearch, docs, samples)})
    finally:
        elasticsearch.client.indices.delete(
            index=f"{elasticsearch.alias}-*", ignore_unavailable=True
        )


if __name__ == "__main__":
    main()
