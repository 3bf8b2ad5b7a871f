"""jieba's word segmentation, run by jieba itself or by rjieba (jieba-rs), with the same tokens.

jieba 0.42.1 segments about 0.6 MB/s on one core, which makes it most of the cost of indexing.
rjieba ports jieba to Rust with jieba's own dictionary and HMM and runs about ten times faster.
Where the two differ is in what happens around a block, not inside it, so jieba's own outer
rules are applied here and rjieba sees only what jieba's ``cut_block`` would see:

- jieba splits text into blocks of ``[\u4e00-\u9fd5a-zA-Z0-9+#&._%-]`` first (rjieba also takes
  CJK extension characters into a block); everything else is yielded space by space, char by char;
- jieba's HMM step cuts a non-Chinese run that is no dictionary word at
  ``[a-zA-Z0-9]+(?:\\.\\d+)?%?`` (``0.1mpa`` -> ``0.1`` ``mpa``); rjieba keeps it whole;
- search mode adds the 2- and 3-character dictionary words inside longer words, as jieba does.

``tests/search/test_segmenter.py`` proves the tokens equal jieba's on the real data, and
``bench/segmenter.py`` measures both. ``JINZHI_SEGMENTER=jieba`` forces the reference one.
Must not import Django.
"""

from __future__ import annotations

import logging
import os
import re
import warnings
from functools import cache, lru_cache
from pathlib import Path

USER_DICT = Path(__file__).with_name("dicts") / "user.txt"

_BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")  # jieba.re_han_default
_SPACE = re.compile(r"(\r\n|\s)")  # jieba.re_skip_default
_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")  # jieba.finalseg.re_skip
_CHINESE = re.compile("[\u4e00-\u9fd5]")


#: A line of a jieba user dictionary: word, optional frequency, optional tag.
_USER_LINE = re.compile(r"^(\S+?)(?:\s+(\d+))?(?:\s+(\w+))?$")


def _user_words() -> list[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) lines of the domain dictionary, as jieba's load_userdict reads."""
    entries = []
    for line in USER_DICT.read_text(encoding="utf-8").splitlines():
        if match := _USER_LINE.match(line.strip()):
            word, freq, tag = match.groups()
            entries.append((word, int(freq) if freq else None, tag))
    return entries


class JiebaSegmenter:
    """The reference: a private jieba.Tokenizer with the domain dictionary."""

    name = "jieba"

    def __init__(self) -> None:
        with warnings.catch_warnings():
            # jieba 0.42.1 imports pkg_resources, which warns on import (jieba is unmaintained).
            warnings.simplefilter("ignore")
            import jieba
        jieba.setLogLevel(logging.WARNING)  # jieba logs at DEBUG to stderr by default
        # Our own instance: the user dictionary must not leak into (or from) jieba's global one.
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.load_userdict(str(USER_DICT))

    def cut(self, text: str) -> list[str]:
        return list(self._tokenizer.cut(text))

    def cut_for_search(self, text: str) -> list[str]:
        return list(self._tokenizer.cut_for_search(text))


class RustSegmenter:
    """rjieba with jieba's outer rules, so that its tokens are jieba's."""

    name = "rjieba"

    def __init__(self) -> None:
        import rjieba

        self._jieba = rjieba.Jieba()
        for word, freq, tag in _user_words():
            self._jieba.add_word(word, freq, tag)
        self._known = cache(self._jieba.has_word)
        # Per distinct word, cached: words repeat, and these run once per word of the corpus.
        self._pieces = lru_cache(maxsize=1 << 18)(self._word_pieces)
        self._search_pieces = lru_cache(maxsize=1 << 18)(self._word_search_pieces)

    def _word_pieces(self, word: str) -> tuple[str, ...]:
        if len(word) > 1 and not _CHINESE.search(word) and not self._known(word):
            return tuple(piece for piece in _HMM_SKIP.split(word) if piece)
        return (word,)

    def _word_search_pieces(self, word: str) -> tuple[str, ...]:
        out: list[str] = []
        for piece in self._pieces(word):
            n = len(piece)
            if n > 2:
                out.extend(g for i in range(n - 1) if self._known(g := piece[i : i + 2]))
            if n > 3:
                out.extend(g for i in range(n - 2) if self._known(g := piece[i : i + 3]))
            out.append(piece)
        return tuple(out)

    def _cut(self, text: str, pieces) -> list[str]:
        out: list[str] = []
        for i, block in enumerate(_BLOCK.split(text)):
            if not block:
                continue
            if i % 2:  # split() puts the captured blocks at odd positions
                for word in self._jieba.cut(block):
                    out.extend(pieces(word))
            else:
                for piece in _SPACE.split(block):
                    out.extend([piece] if _SPACE.fullmatch(piece) else piece)
        return out

    def cut(self, text: str) -> list[str]:
        return self._cut(text, self._pieces)

    def cut_for_search(self, text: str) -> list[str]:
        return self._cut(text, self._search_pieces)


SEGMENTERS = {"jieba": JiebaSegmenter, "rjieba": RustSegmenter}


@cache
def segmenter() -> JiebaSegmenter | RustSegmenter:
    """The configured segmenter: ``JINZHI_SEGMENTER`` (jieba, rjieba), else rjieba when
    installed, else jieba."""
    wanted = os.environ.get("JINZHI_SEGMENTER", "").strip().lower()
    if wanted:
        if wanted not in SEGMENTERS:
            raise ValueError(f"JINZHI_SEGMENTER must be one of {', '.join(SEGMENTERS)}: {wanted!r}")
        return SEGMENTERS[wanted]()
    try:
        return RustSegmenter()
    except ImportError:
        return JiebaSegmenter()
