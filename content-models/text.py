"""Plain text from HTML, and CJK-aware summaries. Standard library only.

Chinese has no spaces between words, so summaries are cut by characters and pulled
back to the last sentence end (。！？；) rather than to a word boundary.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Tags that end a line of text.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_SKIP_TAGS = frozenset({"script", "style", "template"})
_SENTENCE_END = "。！？；!?;"
_ELLIPSIS = "…"


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of ``html``: one line per block element, runs of blank space collapsed."""
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    raw_lines = "".join(parser.parts).split("\n")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in raw_lines)
    return "\n".join(line for line in lines if line)


def summarize(text: str, limit: int = 160) -> str:
    """At most ``limit`` characters of ``text`` on one line, ending at a sentence if possible.

    Falls back to a hard cut with an ellipsis when the first sentence alone is too long.
    """
    flat = re.sub(r"\s+", " ", text or "").strip()
    if len(flat) <= limit:
        return flat
    head = flat[:limit]
    cut = max(head.rfind(ch) for ch in _SENTENCE_END)
    # A sentence end in the first third would give a uselessly short summary.
    if cut >= limit // 3:
        return head[: cut + 1]
    return head[: limit - 1].rstrip() + _ELLIPSIS
