"""The last step of relevance ranking, applied in Python to the first hits of every engine.

Both engines order matches by tier (the query as typed in the title, as typed anywhere, each of
its runs exactly, its words only), then documents in force before superseded ones, then BM25,
then the newest. Two signals need the text itself, so they are applied here, to the first
``RERANK_WINDOW`` hits (ten pages of ten) and the same way for every engine:

- among documents whose title holds the query, a title where it starts a word
  (中华人民共和国 | 产品质量法 for 产品质量) comes before one holding it inside a word
  (中华人民共和国 | 农产品 | 质量 | 安全法): word-aligned matches above substring matches;
- then the higher 效力级别: a national law before a local regulation with the same title match.

Must not import Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate

from .query import SearchQuery, Term
from .segmenter import segmenter
from .tokenize import normalize

RERANK_WINDOW = 100

#: 效力级别 from the highest down, as the law facet ``level`` names them (立法法's hierarchy).
LEVEL_ORDER = ("宪法", "法律", "行政法规", "司法解释", "部门规章", "地方性法规")

#: Status facet values of documents no longer in force (a newer version exists, repealed,
#: withdrawn): among equally good matches they rank below documents in force.
SUPERSEDED_STATUSES = ("已修改", "已废止", "废止", "失效", "已撤回")


@dataclass(frozen=True)
class Candidate:
    """What re-ranking reads of one hit."""

    id: str
    title: str
    facets: dict[str, list[str]] = field(default_factory=dict)

    @property
    def superseded(self) -> bool:
        return any(s in SUPERSEDED_STATUSES for s in self.facets.get("status", ()))

    @property
    def level_rank(self) -> int:
        levels = [LEVEL_ORDER.index(v) for v in self.facets.get("level", ()) if v in LEVEL_ORDER]
        return min(levels, default=len(LEVEL_ORDER))


def _phrase_pattern(phrase: Term) -> re.Pattern:
    return re.compile(r"\W+".join(map(re.escape, phrase.text.split(" "))))


def title_alignment(title: str, phrase: Term) -> int | None:
    """0 if the query starts a word of the title, 1 if it occurs only inside words, None if
    the title does not hold it. Words are jieba's (precise mode) on the normalised title."""
    normalized = normalize(title)
    starts = [m.start() for m in _phrase_pattern(phrase).finditer(normalized)]
    if not starts:
        return None
    word_starts = {0, *accumulate(len(w) for w in segmenter().cut(normalized))}
    return 0 if any(s in word_starts for s in starts) else 1


def rerank(candidates: list[Candidate], query: SearchQuery) -> list[Candidate]:
    """``candidates`` (an engine's first hits, best first) in their final order.

    Only the leading run of title matches moves; the engine's order breaks ties.
    """
    phrase = query.phrase
    if not phrase or query.sort != "relevance":
        return candidates
    aligned = []
    for candidate in candidates:
        alignment = title_alignment(candidate.title, phrase)
        if alignment is None:
            break
        aligned.append(alignment)
    head = sorted(
        range(len(aligned)),
        key=lambda i: (candidates[i].superseded, aligned[i], candidates[i].level_rank, i),
    )
    return [candidates[i] for i in head] + candidates[len(aligned) :]


def in_window(query: SearchQuery) -> bool:
    """Whether this page lies in the re-ranked window (relevance order, a text query)."""
    return (
        query.sort == "relevance"
        and bool(query.terms)
        and query.page * query.per_page <= RERANK_WINDOW
    )
