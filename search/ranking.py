"""The last step of relevance ranking, applied in Python to the first hits of every engine.

Both engines order matches by tier (the query as typed in the title, as typed anywhere, each of
its runs exactly, its words only), then documents in force before superseded ones, then BM25,
then the newest. Signals that need the text itself are applied here, to the first
``RERANK_WINDOW`` hits (ten pages of ten) and the same way for every engine:

- a document whose own 文号, 通报号, 标准号 or law 简称 is the query first;
- a title holding more of the query first: the whole query, then each of its runs apart, then
  some of them (产品质量法 第二十六条 finds 中华人民共和国产品质量法 first);
- among documents whose title holds the query, a title where it starts a word
  (中华人民共和国 | 产品质量法 for 产品质量) comes before one holding it inside a word
  (中华人民共和国 | 农产品 | 质量 | 安全法): word-aligned matches above substring matches;
- then the higher 效力级别: a national law before a local regulation with the same title match;
- then the shorter title: 中华人民共和国刑法 before 中华人民共和国刑法修正案（十一）.

Must not import Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .query import SearchQuery
from .snippets import word_alignment
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
    identifiers: tuple[str, ...] = ()  # identifier_key() of its 文号/通报号/标准号

    @property
    def superseded(self) -> bool:
        return any(s in SUPERSEDED_STATUSES for s in self.facets.get("status", ()))

    @property
    def level_rank(self) -> int:
        levels = [LEVEL_ORDER.index(v) for v in self.facets.get("level", ()) if v in LEVEL_ORDER]
        return min(levels, default=len(LEVEL_ORDER))


def identifier_key(text: str) -> str:
    """An identifier as compared with a query: normalised, spaces dropped (GB 2763—2021 and
    gb2763-2021 alike; 〔2024〕 and [2024] alike)."""
    return "".join(normalize(text).split())


def title_match(title: str, query: SearchQuery) -> tuple[int, int] | None:
    """How well ``title`` holds the query, smaller is better, or None if it holds none of it:
    (0, a) the whole query; (1, a) each of its parts (``SearchQuery.parts``), apart;
    (1 + n, a) all but n parts.
    ``a`` is 0 when every run found starts a word of the title, else 1."""
    phrase = query.phrase
    normalized = normalize(title)
    whole = word_alignment(normalized, phrase.text, adjacent=True) if phrase else None
    if whole is not None:
        return (0, whole)
    runs = query.parts
    if len(runs) < 2:
        return None
    found = [a for a in (word_alignment(normalized, run) for run in runs) if a is not None]
    if not found:
        return None
    return (1 + len(runs) - len(found), max(found))


def rerank(candidates: list[Candidate], query: SearchQuery) -> list[Candidate]:
    """``candidates`` (an engine's first hits, best first) in their final order.

    A document whose own number or name (文号, 通报号, 标准号, a law's 简称) is the query comes
    first: the base notification for G/TBT/N/DEM/101, not its addendum that cites it;
    中华人民共和国刑法 for 刑法. Then titles holding more of the query (for one run these are
    the engine's leading title tier already); among equal title matches, documents in force,
    then word-aligned matches, then the higher 效力级别, then the shorter title. Hits whose
    title holds nothing of the query keep the engine's order, after them.
    """
    if not query.phrase or query.sort != "relevance":
        return candidates
    matches = [title_match(c.title, query) for c in candidates]
    asked = identifier_key(query.q.replace('"', ""))

    def key(i: int) -> tuple:
        match, candidate = matches[i], candidates[i]
        other = asked not in candidate.identifiers  # False, so first, for the number searched
        if match is None:
            return (other, 1, i)
        group, alignment = match
        # The shorter title is the closer one: 中华人民共和国刑法 before 刑法修正案（十一）.
        rank = (group, candidate.superseded, alignment, candidate.level_rank, len(candidate.title))
        return (other, 0, *rank, i)

    return [candidates[i] for i in sorted(range(len(candidates)), key=key)]


def in_window(query: SearchQuery) -> bool:
    """Whether this page lies in the re-ranked window (relevance order, a text query)."""
    return (
        query.sort == "relevance"
        and bool(query.terms)
        and query.page * query.per_page <= RERANK_WINDOW
    )
