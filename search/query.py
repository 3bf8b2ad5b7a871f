"""What the public asked for: validated ``SearchQuery`` and its engine-neutral terms.

User input is text, never query syntax: brackets, quotes, slashes, ``*``, ``-``, ``:``, ``^``
and ``AND/OR/NOT/NEAR`` are searched for as characters (or dropped as separators); engines
receive only the ``Term`` objects built here. Must not import Django.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone

from contentmodels.document import FACET_LABELS, TYPE_LABELS

from .tokenize import grams, normalize, runs, segment_query

MAX_QUERY_CHARS = 200  # longer queries are truncated, not rejected: pasted clauses still work
MAX_PAGE = 100
MAX_PER_PAGE = 50
SORTS = ("relevance", "date")
_RESERVED = {"q", "type", "page", "per_page", "sort", "date_from", "date_to"}
SHANGHAI = timezone(timedelta(hours=8))
_MAX_FILTER_VALUES = 20
#: Tails that sharing adds to a link (WeChat's from=singlemessage, campaign tags): not filters,
#: and a shared search link must keep working.
SHARING_PARAMS = frozenset(
    {"from", "isappinstalled", "scene", "spm", "ref", "nsukey", "share_token", "fbclid", "gclid"}
)


def ignored_param(key: str) -> bool:
    """Cache busters (``_``) and sharing tails: not part of a search."""
    return key.startswith(("_", "utm_")) or key in SHARING_PARAMS


class QueryError(ValueError):
    """Invalid search parameters; ``str(error)`` is a reason fit to show the user."""


def _noncharacter(c: str) -> bool:
    """U+FDD0..U+FDEF and U+xFFFE/U+xFFFF: never text, and not allowed in XML (feeds)."""
    return 0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE


def clean_text(value: str) -> str:
    """Drop control, format and non-characters, trim; the query language has no special syntax."""
    return "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in value
        if (unicodedata.category(c) not in ("Cf", "Cs", "Co") or c == "\u200d")
        and not _noncharacter(c)
    ).strip()


@dataclass(frozen=True)
class SearchQuery:
    """One search request; invalid values raise QueryError on construction."""

    q: str = ""
    type: str | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    date_from: str | None = None  # YYYY-MM-DD, inclusive, Asia/Shanghai
    date_to: str | None = None  # YYYY-MM-DD, inclusive, Asia/Shanghai

    def __post_init__(self) -> None:
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise QueryError(f"{name} 须为日期，如 2024-01-31") from None
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise QueryError("date_from 不能晚于 date_to")
        object.__setattr__(self, "q", clean_text(self.q or "")[:MAX_QUERY_CHARS].strip())
        if self.type is not None and self.type not in TYPE_LABELS:
            raise QueryError(f"未知的类型: {self.type}")
        if not 1 <= self.page <= MAX_PAGE:
            raise QueryError(f"页码须在 1 到 {MAX_PAGE} 之间")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise QueryError(f"每页条数须在 1 到 {MAX_PER_PAGE} 之间")
        if self.sort not in SORTS:
            raise QueryError(f"未知的排序方式: {self.sort}")
        for key, values in self.filters.items():
            # A misspelt key would otherwise filter by nothing and find nothing, silently.
            if key not in FACET_LABELS:
                raise QueryError(f"未知的筛选条件: {key[:40]}")
            if len(values) > _MAX_FILTER_VALUES:
                raise QueryError(f"筛选条件 {key} 的取值过多")
            if key == "type" and (unknown := set(values) - set(TYPE_LABELS)):
                raise QueryError(f"未知的类型: {sorted(unknown)[0]}")
            if key == "year":
                # Typed by hand as often as clicked: ２０２４ is 2024, and "abc" is no year.
                years = [unicodedata.normalize("NFKC", v) for v in values]
                if not all(re.fullmatch(r"\d{4}", y) for y in years):
                    raise QueryError("year 须为四位年份，如 2024")
                self.filters[key] = years

    @classmethod
    def from_params(cls, params: Mapping) -> SearchQuery:
        """Build from request parameters (a dict or a QueryDict-like object with ``getlist``).

        ``q``, ``type``, ``page``, ``per_page``, ``sort``; every other key is a facet filter
        (``?region=北京&region=上海``), except keys starting with ``_`` (cache busters) and
        what sharing adds (``utm_*``, ``from`` …).
        """

        def values(key: str) -> list[str]:
            raw = params.getlist(key) if hasattr(params, "getlist") else params.get(key)
            raw = raw if isinstance(raw, list | tuple) else [raw]
            return [v for v in (clean_text(str(x)) for x in raw if x is not None) if v]

        def number(key: str, default: int) -> int:
            given = values(key)
            if not given:
                return default
            try:
                return int(given[0])
            except ValueError:
                raise QueryError(f"{key} 须为整数") from None

        filters = {
            key: values(key)
            for key in params
            if key not in _RESERVED and not ignored_param(str(key)) and values(key)
        }
        types = list(dict.fromkeys(values("type")))
        if len(types) > 1:  # ?type=law&type=notice: either, as for any facet
            filters["type"] = types
        return cls(
            q=(values("q") or [""])[0],
            type=types[0] if len(types) == 1 else None,
            filters=filters,
            page=number("page", 1),
            per_page=number("per_page", 10),
            sort=(values("sort") or ["relevance"])[0],
            date_from=(values("date_from") or [None])[0],
            date_to=(values("date_to") or [None])[0],
        )

    @property
    def date_range(self) -> tuple[str, str] | None:
        """The dates as a half-open UTC range of ISO strings (how documents store their date),
        or None. Days are Beijing days: 2024-01-01 starts at 2023-12-31T16:00Z."""
        if not (self.date_from or self.date_to):
            return None
        # Clamped so that 0001-01-01 and 9999-12-31 ("from the start", "to the end") still fit a
        # datetime once shifted to UTC.
        first, last = date(1, 1, 2), date(9999, 12, 30)
        start = max(date.fromisoformat(self.date_from), first) if self.date_from else first
        one_day = timedelta(days=1)
        end = (
            min(date.fromisoformat(self.date_to), last - one_day) + one_day
            if self.date_to
            else last
        )

        def utc(day: date) -> str:
            moment = datetime.combine(day, time.min, tzinfo=SHANGHAI).astimezone(UTC)
            return moment.isoformat()

        return utc(start), utc(end)

    @property
    def all_filters(self) -> dict[str, list[str]]:
        """Facet filters with the type folded in as the ``type`` facet."""
        merged = {k: list(dict.fromkeys(v)) for k, v in self.filters.items() if v}
        if self.type:
            merged["type"] = [self.type]
        return merged

    @property
    def terms(self) -> list[Term]:
        return parse_terms(self.q)

    @property
    def phrase(self) -> Term | None:
        if _QUOTED.search(normalize(self.q)):
            # Quoted Chinese runs are one sequence ("产品 质量" is 产品质量), as they match.
            return parse_phrase(" ".join(t.text for t in self.terms))
        return parse_phrase(self.q)

    @property
    def parts(self) -> list[str]:
        """The runs of two or more characters, with an article number inside a run as a part of
        its own (产品质量法第二十六条 is 产品质量法 + 第二十六条): what ranking looks for in titles."""
        pieces = (p for t in self.terms for p in ARTICLE_NUMBER.split(t.text))
        return [p for p in dict.fromkeys(pieces) if len(p) > 1]


@dataclass(frozen=True)
class Term:
    """One run of the query; a document matches it by its bigram phrase OR all its words.

    ``grams`` is the run's bigram phrase (a single character for a one-character run, to be
    matched as a prefix); ``tokens`` its jieba words and identifiers.
    """

    text: str
    grams: tuple[str, ...]
    tokens: tuple[str, ...]

    @property
    def prefix(self) -> bool:
        """Match the last gram as a prefix: the query ends in a one-character run (not a digit,
        which is a whole number)."""
        return len(last := self.text.rsplit(" ", 1)[-1]) == 1 and not _lone_digit(last)

    @property
    def single_char(self) -> bool:
        """A one-character run: matched against the characters a document holds (``chars``);
        a lone digit is matched as a whole number instead."""
        return len(self.text) == 1 and not _lone_digit(self.text)

    @property
    def word_match(self) -> tuple[str, ...]:
        """The words that may match this run apart from each other, or () when they add
        nothing to the bigram phrase: a single word equal to the run (finding it means finding
        the phrase) or only single characters (which would match almost everything)."""
        if self.tokens == (self.text,) or all(len(t) == 1 for t in self.tokens):
            return ()
        return self.tokens

    @property
    def ranking_grams(self) -> tuple[str, ...]:
        """The grams that rank a document as holding the query as typed: without a trailing
        one-character prefix, which would expand to every bigram starting with it."""
        return self.grams[:-1] if self.prefix and len(self.grams) > 1 else self.grams


#: A quoted phrase: straight or curly double quotes, or corner brackets, each pair balanced.
#: Quotes without a partner are separators like any other punctuation.
_LATIN_END, _LATIN_START = re.compile(r"[a-z0-9]$"), re.compile(r"[a-z0-9]")
#: A law's article number as its anchors spell it (第二十六条, 第十条之一).
ARTICLE_NUMBER = re.compile(
    r"(第[零〇一二三四五六七八九十百千两]+条(?:之[一二三四五六七八九十]+)?)"
)
_QUOTED = re.compile(r'"([^"]*)"|\u201c([^\u201d]*)\u201d|\u300c([^\u300d]*)\u300d')


def _lone_digit(run: str) -> bool:
    """A one-digit run is a whole number (its boundary tokens), not a character to look for."""
    return len(run) == 1 and run.isdigit()


def _run_term(run: str) -> Term:
    bigrams = grams(run)
    phrase = tuple(bigrams[:-1]) if len(run) > 1 or _lone_digit(run) else (run,)
    return Term(text=run, grams=phrase, tokens=tuple(segment_query(run)))


def _quoted_term(content: str) -> Term | None:
    """The exact sequence inside quotes, matched by bigrams only.

    Chinese has no spaces between words, so a space typed between two Chinese runs is not
    required in the document (``"进口 食品"`` finds 进口食品); between Latin words and numbers it
    stands for a separator (``"food safety"``).
    """
    pieces: list[str] = []
    for run in runs(content):
        if pieces and not (_LATIN_END.search(pieces[-1]) and _LATIN_START.match(run)):
            pieces[-1] += run
        else:
            pieces.append(run)
    if not pieces:
        return None
    if len(pieces) == 1:
        return dataclasses.replace(_run_term(pieces[0]), tokens=())
    return parse_phrase(" ".join(pieces))


def parse_terms(q: str) -> list[Term]:
    """Split a query into terms, all of which must match.

    Outside quotes a term is a run (separators are whitespace and punctuation), matched by its
    bigram phrase or by all its words. A quoted phrase is one term matched only as the exact
    sequence of its runs (``"产品 质量"`` needs 产品 followed by 质量), so quoting narrows.
    """
    normalized = normalize(q)
    found: dict[str, Term] = {}
    last = 0
    for match in _QUOTED.finditer(normalized):
        for run in runs(normalized[last : match.start()]):
            found.setdefault(run, _run_term(run))
        quoted = _quoted_term(next(g for g in match.groups() if g is not None))
        if quoted:
            found.setdefault(quoted.text, quoted)
        last = match.end()
    for run in runs(normalized[last:]):
        found.setdefault(run, _run_term(run))
    return list(found.values())


def parse_phrase(q: str) -> Term | None:
    """The whole query as one bigram phrase, to rank documents holding it as typed first.

    Each run contributes its bigrams and its final unigram (which only ever ends a run in the
    index), so consecutive runs match only consecutive runs; the last run drops its unigram
    because the query may stop inside a word. Separators themselves are not compared.
    """
    sequence = runs(normalize(q))
    if not sequence:
        return None
    phrase = [gram for run in sequence for gram in grams(run)]
    if len(sequence[-1]) > 1 or _lone_digit(sequence[-1]):
        phrase.pop()
    return Term(text=" ".join(sequence), grams=tuple(phrase), tokens=())
