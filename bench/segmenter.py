"""jieba against rjieba on the text the index segments: speed, and whether the tokens are equal.

Builds Documents from every record kind in ../shared/data, takes the texts ``search.tokenize``
hands to the segmenter (normalised, identifiers blanked, as for indexing and for queries), runs
both segmenters in both modes and prints one JSON line: MB/s per segmenter and mode, their
ratio, and the number of texts whose tokens differ (with the first differences).

    .venv/bin/python bench/segmenter.py [--docs N]
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import json
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
# Run as a script, this folder comes first on sys.path, and it holds search.py: drop it so
# `import search` finds the project's package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]

from search.backends.base import _body_text  # noqa: E402
from search.segmenter import JiebaSegmenter, RustSegmenter  # noqa: E402
from search.tokenize import _identifiers, normalize  # noqa: E402


def _corpus_module():
    spec = importlib.util.spec_from_file_location("corpus", REPO / "tests" / "search" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def segmented_texts(limit: int | None) -> list[str]:
    """What the segmenter sees for each document title and body of the real data."""
    corpus = _corpus_module()
    texts = []
    for kind in corpus.SOURCES:
        for doc in corpus.documents(kind, limit):
            for text in (doc.title, _body_text(doc)):
                texts.append(_identifiers(normalize(text), for_index=True)[1])
    return texts


def first_differences(a: list[str], b: list[str], n: int = 3) -> list[str]:
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            out.append(f"{a[i1:i2][:6]} != {b[j1:j2][:6]}")
    return out[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=None, help="records per kind (default all)")
    args = parser.parse_args()
    texts = segmented_texts(args.docs)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    reference, fast = JiebaSegmenter(), RustSegmenter()
    report: dict = {"texts": len(texts), "text_mb": round(megabytes, 1)}
    for mode in ("cut_for_search", "cut"):
        timed = {}
        for seg in (reference, fast):
            started = time.perf_counter()
            timed[seg.name] = (
                [getattr(seg, mode)(t) for t in texts],
                time.perf_counter() - started,
            )
        (ref, ref_s), (got, got_s) = timed["jieba"], timed["rjieba"]
        differing = [i for i, (x, y) in enumerate(zip(ref, got)) if x != y]
        report[mode] = {
            "jieba_mb_per_s": round(megabytes / ref_s, 2),
            "rjieba_mb_per_s": round(megabytes / got_s, 2),
            "speedup": round(ref_s / got_s, 1),
            "texts_differing": len(differing),
            "examples": [d for i in differing[:3] for d in first_differences(ref[i], got[i])],
        }
    json.dump(report, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
