"""The one jieba wrapper: normalisation and segmentation shared by every search engine.

Text is analysed here once, so the embedded FTS5 index and Elasticsearch store the same
whitespace-separated tokens and neither needs a Chinese analyser of its own. Two token streams:

- ``segment``/``segment_query``: identifiers (standard numbers, WTO symbols, document numbers,
  oil grades, measures) as whole canonical tokens, then jieba words (search mode for documents,
  precise mode for queries);
- ``grams``: overlapping character bigrams of every run of word characters, so that a query
  string matches, as a phrase of its bigrams, exactly where it occurs in a document.

Must not import Django.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import opencc

from .segmenter import segmenter

#: ASCII punctuation that stays inside tokens (so `5w-30`, `3.5mg/kg`, `(2024)151号` survive).
#: The FTS5 table declares exactly these as ``tokenchars``; every other ASCII character that is
#: not a letter or digit separates tokens, and we never emit one inside a token.
TOKEN_PUNCTUATION = "-./%+#&()_"

# A run: a maximal stretch of word characters and kept punctuation.
_RUN = re.compile(f"[\\w{re.escape(TOKEN_PUNCTUATION)}]+")
_ALNUM = re.compile(r"[^\W_]")
_EDGE = "()./_-"

_FOLD = str.maketrans(
    {
        "\u2014": "-",  # — em dash
        "\u2013": "-",  # – en dash
        "\u2015": "-",  # ― horizontal bar
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2212": "-",  # minus sign
        "\u3014": "(",  # 〔
        "\u3015": ")",  # 〕
        "\u3010": "(",  # 【
        "\u3011": ")",  # 】
        "[": "(",
        "]": ")",
    }
)

# "GB 2763 - 2021", "SN/T 5624-2023": the gaps inside a standard number, deleted by normalize().
_STANDARD_GAPS = re.compile(
    r"(?<![a-z0-9])[a-z]{1,5}(?:/[a-z]{1,2})?(?P<g1>\s*)\d+(?:\.\d+)*"
    r"(?:(?P<g2>\s*)-(?P<g3>\s*)\d{2,4}(?!\d))?"
)
_UNITS = (
    r"(?:mg|μg|ug|ng|kg|g|ml|l|mm|cm|km|m|ppm|ppb|%|mah|kwh|wh|kw|w|kv|v|mpa|kpa|pa)"
    r"(?:/(?:kg|g|l|ml|m2|m3|m|d|h))?(?![a-z])"
)
#: A measure's gap between number and unit (0.4 mg/kg = 0.4mg/kg), deleted like the above.
_MEASURE_GAPS = re.compile(r"(?<![0-9.])\d+(?:\.\d+)?(?P<g1>[ \t]+)" + _UNITS)

_WTO = re.compile(
    r"g/(?:tbt|sps)/(?:n/[a-z]{2,4}|[a-z]{2,4}|notif\.\d+)/\d+((?:/(?:add|rev|corr)\.\d+)*)"
)
_STANDARD = re.compile(r"(?<![a-z0-9])([a-z]{1,5}(?:/[a-z]{1,2})?\d+(?:\.\d+)*)-\d{2,4}(?!\d)")
_DOCNO = re.compile(r"([\u4e00-\u9fff]{0,10})(?:\((\d{4})\)|(\d{4})年第)(\d+)号")
_GRADE = re.compile(r"(?<![0-9a-z])\d{1,2}w-\d{1,3}(?!\d)")
_MEASURE = re.compile(r"(?<![0-9.])\d+(?:\.\d+)?" + _UNITS)


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _traditional_chars() -> frozenset[str]:
    """Characters that t2s would change: converting only texts that hold one is ~100x faster."""
    folder = Path(opencc.__file__).parent / "dictionary"
    chars = set()
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            source, _, targets = line.partition("\t")
            target = targets.split(" ")[0]
            if len(source) == len(target):
                chars.update(s for s, t in zip(source, target, strict=True) if s != t)
            else:
                chars.update(source)
    return frozenset(chars)


def _t2s(text: str) -> str:
    """Simplified script. Only lines holding a traditional character go through OpenCC (slow
    in pure Python): simplified texts often hold a few, such as 乾 or 著."""
    traditional = _traditional_chars()
    if traditional.isdisjoint(text):
        return text
    return "".join(
        line if traditional.isdisjoint(line) else _converter().convert(line)
        for line in text.splitlines(keepends=True)
    )


@cache
def _fold_char(char: str) -> str:
    return _fold(char)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_FOLD).lower()


def _map_chars(text: str, func, char_func, offsets: list[int]) -> tuple[str, list[int]]:
    """Apply ``func`` to the whole text, or ``char_func`` char by char when the length changes."""
    whole = func(text)
    if len(whole) == len(text):
        return whole, offsets
    parts, new_offsets = [], []
    for char, origin in zip(text, offsets, strict=True):
        mapped = char_func(char)
        parts.append(mapped)
        new_offsets.extend([origin] * len(mapped))
    return "".join(parts), new_offsets


def _delete_gaps(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Delete the whitespace gaps of standard numbers (GB 2761, GB 2763 - 2021) and measures
    (0.4 mg/kg), keeping offsets aligned: typed with or without them, they match."""
    cut = sorted(
        {
            (m.start(g), m.end(g))
            for pattern, groups in ((_STANDARD_GAPS, ("g1", "g2", "g3")), (_MEASURE_GAPS, ("g1",)))
            for m in pattern.finditer(text)
            for g in groups
            if m.end(g) > m.start(g)
        }
    )
    if not cut:
        return text, offsets
    keep_text, keep_offsets, last = [], [], 0
    for start, end in cut:
        if start < last:
            continue  # overlaps the previous gap
        keep_text.append(text[last:start])
        keep_offsets.extend(offsets[last:start])
        last = end
    keep_text.append(text[last:])
    keep_offsets.extend(offsets[last:])
    return "".join(keep_text), keep_offsets


def normalize_mapped(text: str) -> tuple[str, list[int]]:
    """``normalize(text)`` plus, for each of its characters, the index it came from in ``text``."""
    folded, offsets = _map_chars(text, _fold, _fold_char, list(range(len(text))))
    simplified, offsets = _map_chars(folded, _t2s, _t2s, offsets)
    return _delete_gaps(simplified, offsets)


def normalized_form(text: str) -> dict:
    """What a snippet needs of ``text`` precomputed at index time: ``{"norm": normalize(text),
    "shifts": [[i, d], ...]}``, where from normalised index ``i`` on (until the next pair) the
    original index is ``i + d``. Most texts keep their length and have no shifts."""
    norm, offsets = normalize_mapped(text)
    shifts, last = [], 0
    if offsets != list(range(len(offsets))):
        for i, origin in enumerate(offsets):
            if origin - i != last:
                last = origin - i
                shifts.append([i, last])
    return {"norm": norm, "shifts": shifts}


def normalize(text: str) -> str:
    """NFKC, half-width, lower case, simplified script, one dash and one bracket form.

    Standard numbers lose inner spaces (``GB 2763 — 2021`` -> ``gb2763-2021``).
    """
    return normalize_mapped(text)[0]


def runs(normalized: str) -> list[str]:
    """The searchable runs of normalised text: word characters plus kept punctuation.

    Brackets, dots, slashes and dashes at the edges are dropped, so ``(质量)`` or a
    sentence-final ``products.`` is its word, while ``(2024)151号`` or ``5w-30`` keep theirs.
    """
    found = (run.strip(_EDGE) for run in _RUN.findall(normalized))
    return [run for run in found if _ALNUM.search(run)]


#: A number inside a run: digits, with decimal points between digits (3.5, 0.05), except
#: after a letter or slash, where the dot separates a standard's part (sn/t4445.4 is 4445, 4).
_NUMBER = re.compile(r"(?<=[a-z/])[0-9]+|[0-9]+(?:\.[0-9]+)*")
NUMBER_START, NUMBER_END = "\u2039", "\u203a"  # ‹ ›: never in normalised text's runs


def _run_grams(run: str) -> list[str]:
    """Bigrams of a run of two or more characters, with number boundaries, and its last
    character alone.

    Numbers are whole values: a token ``‹5`` stands where a number starts (before the bigram
    starting at its first digit) and ``5›`` where one ends (after the bigram ending at its last
    digit). A query is cut into runs the same way, and the edges of its runs count as
    boundaries, so ``5w-40`` asks for ``5›`` and ``‹5`` that ``15w-40`` does not have, and
    ``5mg/kg`` is not found in ``0.05mg/kg``.
    """
    slots: dict[int, list[str]] = {}
    for number in _NUMBER.finditer(run):
        start, last = number.start(), number.end() - 1
        slots.setdefault(last, []).append(run[last] + NUMBER_END)
        slots.setdefault(start, []).append(NUMBER_START + run[start])
    out: list[str] = []
    for i in range(len(run) - 1):
        out.extend(slots.get(i, ()))
        out.append(run[i : i + 2])
    out.extend(slots.get(len(run) - 1, ()))
    out.append(run[-1])
    return out


def grams(normalized: str) -> list[str]:
    """Overlapping bigrams of each run (with number boundaries, ``_run_grams``), then the
    run's last character on its own.

    The trailing unigram lets a one-character query (a prefix on this column) find a character
    that only ever ends a run.
    """
    out: list[str] = []
    for run in runs(normalized):
        # A lone digit is a number too (5 in "第 5 条"): it gets its boundaries.
        out.extend(_run_grams(run) if len(run) > 1 or run.isdigit() else [run])
    return out


def held_chars(normalized: str) -> set[str]:
    """The letters and digits the runs of normalised text hold, each once (every letter or
    digit is inside some run)."""
    return {c for c in set(normalized) if c.isalnum()}


def _identifiers(normalized: str, *, for_index: bool) -> tuple[list[str], str]:
    """Canonical identifier tokens and the text with their spans blanked for jieba."""
    found: list[str] = []
    chars = list(normalized)

    def take(match: re.Match, tokens: list[str]) -> None:
        found.extend(t for t in tokens if t)
        chars[match.start() : match.end()] = " " * (match.end() - match.start())

    for match in _WTO.finditer(normalized):
        base = match.group(0)[: match.start(1) - match.start()]
        take(match, [match.group(0), base if for_index and match.group(1) else ""])
    for pattern in (_GRADE, _MEASURE):
        for match in pattern.finditer("".join(chars)):
            take(match, [match.group(0)])
    for match in _STANDARD.finditer("".join(chars)):
        take(match, [match.group(0), match.group(1) if for_index else ""])
    for match in _DOCNO.finditer("".join(chars)):
        prefix, year = match.group(1), match.group(2) or match.group(3)
        core = f"({year}){match.group(4)}号"
        words = [w for w in segmenter().cut(prefix) if w.strip()] if prefix else []
        take(match, [core, words[-1] + core if words else ""])
        # The prefix stays searchable as words; only the number part is blanked.
        chars[match.start() : match.start() + len(prefix)] = list(prefix)
    return found, "".join(chars)


@lru_cache(maxsize=1 << 18)
def _word_runs(word: str) -> tuple[str, ...]:
    return tuple(runs(word))  # cached: words repeat, and this runs once per word of the corpus


def _clean(words) -> list[str]:
    return [piece for word in words for piece in _word_runs(word)]


def segment(text: str) -> list[str]:
    """Index tokens of a document text: identifiers, then jieba search-mode words."""
    return segment_normalized(normalize(text))


def segment_normalized(normalized: str) -> list[str]:
    """``segment`` of text that is already ``normalize``d."""
    identifiers, rest = _identifiers(normalized, for_index=True)
    return identifiers + _clean(segmenter().cut_for_search(rest))


def segment_query(text: str) -> list[str]:
    """Query tokens: identifiers, then jieba precise-mode words (no duplicates, in order)."""
    identifiers, rest = _identifiers(normalize(text), for_index=False)
    return list(dict.fromkeys(identifiers + _clean(segmenter().cut(rest))))


def token_text(text: str) -> str:
    """Space-separated jieba words and character bigrams, for engines that split on spaces
    (Wagtail's own database search behind the admin and API v2 `?search=`)."""
    return " ".join([*segment(text or ""), *grams(normalize(text or ""))])


def token_query(query: str) -> str:
    """A query as the tokens `token_text` indexes: its bigrams (words when shorter)."""
    tokens = grams(normalize(query))
    # grams() ends each run with its last character alone (for prefix matching); a query of
    # two or more characters is fully covered by its bigrams, and the lone character would
    # demand a token that only a run ending in it has.
    bigrams = list(dict.fromkeys(t for t in tokens if len(t) > 1))
    return " ".join(bigrams or tokens or segment_query(query))
