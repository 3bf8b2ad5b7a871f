"""Highlighted snippets and article targeting, computed the same way for every engine.

A snippet is plain text around the first match with matched strings wrapped in ``<mark>``;
everything else is HTML-escaped because the snippet is inserted into HTML as is.
Must not import Django.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from .query import ARTICLE_NUMBER, Term
from .segmenter import segmenter
from .tokenize import normalize, normalized_form

WIDTH = 120  # characters of context in a snippet
LEAD = 30  # characters shown before the first match


def _needles(terms: list[Term]) -> list[str]:
    """Whole runs first; jieba words only matter for documents matched by words alone."""
    return sorted({t.text for t in terms}, key=len, reverse=True)


def _word_needles(terms: list[Term]) -> list[str]:
    return sorted({tok for t in terms for tok in t.tokens}, key=len, reverse=True)


def _needle_regex(needle: str) -> str:
    """A needle's regex; the space between the runs of a quoted phrase stands for separators."""
    return r"\W+".join(map(re.escape, needle.split(" ")))


def _pattern(needles: list[str]) -> re.Pattern | None:
    return re.compile("|".join(map(_needle_regex, needles))) if needles else None


def _form(text: str, form: dict | None) -> dict:
    """The stored normalised form of ``text``, or computed now (slow on long texts)."""
    return form if form is not None else normalized_form(text)


def _spans(form: dict, pattern: re.Pattern) -> list[tuple[int, int]]:
    """Match spans in the original text's coordinates, found in its normalised form."""
    shifts = form["shifts"]
    starts = [i for i, _ in shifts]

    def origin(i: int) -> int:
        at = bisect_right(starts, i) - 1
        return i + (shifts[at][1] if at >= 0 else 0)

    return [(origin(m.start()), origin(m.end() - 1) + 1) for m in pattern.finditer(form["norm"])]


def _contains(normalized: str, term: Term) -> bool:
    return term.text in normalized or (
        " " in term.text and re.search(_needle_regex(term.text), normalized) is not None
    )


def word_alignment(
    normalized: str, needle: str, *, whole_words: bool = False, adjacent: bool = False
) -> int | None:
    """How ``needle`` (a run, or runs joined by spaces) sits in ``normalized`` text, cut into
    jieba words: 0 if some occurrence starts a word (and, with ``whole_words``, also ends one),
    1 if it occurs only inside words, None if it does not occur. With ``adjacent`` the runs
    may also follow each other without a separator (产品 质量 in 产品质量法)."""
    regex = r"\W*".join(map(re.escape, needle.split(" "))) if adjacent else _needle_regex(needle)
    spans = [m.span() for m in re.finditer(regex, normalized)]
    if not spans:
        return None
    bounds = _word_bounds(normalized)
    aligned = any(s in bounds and (not whole_words or e in bounds) for s, e in spans)
    return 0 if aligned else 1


@lru_cache(maxsize=4096)
def _word_bounds(normalized: str) -> frozenset[int]:
    """Where jieba's words start and end in ``normalized``: one cut per text, however many of
    the query's runs (and ranking passes, and requests) ask about it."""
    return frozenset({0, *accumulate(len(w) for w in segmenter().cut(normalized))})


def contains_all(text: str, terms: list[Term], form: dict | None = None) -> bool:
    normalized = _form(text, form)["norm"]
    return all(_contains(normalized, t) for t in terms)


def contains_any(text: str, terms: list[Term], form: dict | None = None) -> bool:
    normalized = _form(text, form)["norm"]
    return any(_contains(normalized, t) for t in terms)


def make_snippet(text: str, terms: list[Term], form: dict | None = None) -> str:
    """Escaped text around the first match of the query, matches in ``<mark>``.

    ``form`` is ``normalized_form(text)`` when the index stored it.
    """
    form = _form(text, form)
    spans: list[tuple[int, int]] = []
    for needles in (_needles(terms), _word_needles(terms)):
        pattern = _pattern(needles)
        spans = _spans(form, pattern) if pattern else []
        if spans:
            break
    start = max(0, spans[0][0] - LEAD) if spans else 0
    end = min(len(text), start + WIDTH)
    out, pos = [], start
    for s, e in spans:
        s, e = max(s, pos), min(e, end)
        if s >= e:
            continue
        out.append(html.escape(text[pos:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(text[pos:end]))
    snippet = " ".join("".join(out).split())
    return ("…" if start > 0 else "") + snippet + ("…" if end < len(text) else "")


ALIGNMENT_CHECKS = 30  # articles segmented at most per hit, looking for whole-word matches


def target_article(sections: list[dict], terms: list[Term], title: str = "") -> dict | None:
    """The article a law hit links to (``url#第N条``), or None for the law as a whole.

    In order: the article the query names (产品质量法 第二十六条); none when the title holds the
    query (刑法, 食品安全法: the law itself, not an article that mentions it); the first article
    holding the query as one phrase of whole words, then its runs as whole words (not 食品安全法
    inside 食品安全法律); the first article holding the whole query, else part of it. Sections
    carry their normalised form when the index stored it.
    """
    named = {n for t in terms for n in ARTICLE_NUMBER.findall(t.text)}
    if named:
        for section in sections:
            if normalize(section["anchor"]) in named:
                return section
    normalized_title = normalize(title)
    if title and all(_contains(normalized_title, t) for t in terms):
        return None
    holding = [s for s in sections if contains_all(s["text"], terms, s.get("form"))]
    checked = [(s, _form(s["text"], s.get("form"))["norm"]) for s in holding[:ALIGNMENT_CHECKS]]
    joined = " ".join(t.text for t in terms)
    for aligned in (
        lambda norm: word_alignment(norm, joined, whole_words=True, adjacent=True) == 0,
        lambda norm: all(word_alignment(norm, t.text, whole_words=True) == 0 for t in terms),
    ):
        for section, norm in checked:
            if aligned(norm):
                return section
    if holding:
        return holding[0]
    return next((s for s in sections if contains_any(s["text"], terms, s.get("form"))), None)
