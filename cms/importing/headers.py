"""Lenient header matching: office sheets name the same column many ways.

``生产企业 ``, ``标称生产企业名称``, ``标称 生产企业`` and ``标称生产企业（名称）`` are one column:
headers are compared after NFKC (full-width → half-width), with all whitespace (NBSP,
U+3000 …), punctuation and a trailing ``名称`` removed. Each content type declares its
columns as ``{record key: (alias, ...)}``; the record key itself always matches too, so
the English headers of the shared CSV files need no aliases.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Whitespace of every kind, the punctuation office sheets sprinkle into headers, and the
# ``*`` that marks required columns in templates.
_NOISE = re.compile(r"[\s\u200b\ufeff()（）\[\]【】<>《》/／\\、,，.。:：;；*＊_\-—–·•'\"“”‘’]+")
#: How many rows above the header a sheet may carry (title, issuer, notes, blank rows).
HEADER_SEARCH_ROWS = 15


def normalise(header: str) -> str:
    """The comparable form of a header: ``标称生产企业名称 `` -> ``标称生产企业``."""
    text = _NOISE.sub("", unicodedata.normalize("NFKC", str(header))).lower()
    return text.removesuffix("名称") or text


@dataclass
class HeaderMatch:
    """Which record key each column holds; columns that match nothing are ``extra``."""

    row: int  # index of the header row among the rows searched
    keys: dict[int, str] = field(default_factory=dict)  # column -> record key
    extra: dict[int, str] = field(default_factory=dict)  # column -> header as printed

    def has(self, key: str) -> bool:
        return key in self.keys.values()


class Columns:
    """The columns one content type knows: record key -> aliases (as printed)."""

    def __init__(self, aliases: Mapping[str, Sequence[str]], *, required: Sequence[str] = ()):
        self.required = tuple(required)
        self._lookup: dict[str, str] = {}
        self._labels = {key: (names[0] if names else key) for key, names in aliases.items()}
        for key, names in aliases.items():
            for name in (key, *names):
                # First declaration wins, so a type can list a specific alias before a vague one.
                self._lookup.setdefault(normalise(name), key)

    def key_of(self, header: str) -> str | None:
        return self._lookup.get(normalise(header)) if str(header).strip() else None

    def match_row(self, cells: Sequence[str], row: int = 0) -> HeaderMatch:
        match = HeaderMatch(row=row)
        for column, header in enumerate(cells):
            key = self.key_of(header)
            if key is not None and not match.has(key):
                match.keys[column] = key
            elif str(header).strip():
                # Unknown, or a second column for a key already taken: kept as printed.
                match.extra[column] = " ".join(str(header).split())
        return match

    def find_header(self, rows: Sequence[Sequence[str]]) -> HeaderMatch | None:
        """The first row among the top ones that names every required column and at least
        two known columns; None when there is none (a title row names at most one)."""
        for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
            match = self.match_row(cells, index)
            if len(match.keys) >= 2 and all(match.has(k) for k in self.required):
                return match
        return None

    def label(self, key: str) -> str:
        """The usual printed header of a record key (for messages)."""
        return self._labels.get(key, key)
