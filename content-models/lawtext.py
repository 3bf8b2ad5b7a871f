"""Structure of a law's text: 编/章/节 headings and 条 articles -> anchored HTML + sections.

The stored text is the body of the source Markdown (after ``<!-- INFO END -->``):
headings as ``##``/``###`` lines (depth varies between documents, so the level comes
from the 编/章/节 word, not from the number of ``#``), each article a paragraph that
starts ``第十二条``. Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from contentmodels.document import Section

_NUM = r"第[一二三四五六七八九十百千零〇两\d]+"
_HEADING = re.compile(rf"^({_NUM}[编章节])[\s\u3000]*(.*)$")
_ARTICLE = re.compile(rf"^({_NUM}条(?:之[一二三四五六七八九十]+)?)[\s\u3000]*(.*)$", re.S)
_LEVELS = {"编": 1, "章": 2, "节": 3}
#: Headings that are not 编/章/节 (``一、一般规定``, ``序言``) act as chapters.
_OTHER_HEADING_LEVEL = 2


@dataclass
class LawText:
    html: str
    sections: list[Section] = field(default_factory=list)


def _squash(text: str) -> str:
    """Drop all whitespace (incl. U+3000): ``总　则`` -> ``总则``; Chinese names have no spaces."""
    return re.sub(r"[\s\u3000]+", "", text)


class _Anchors:
    """Unique HTML ids: a repeat is prefixed by its parent (``第一编第一章``), then numbered."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, anchor: str, parent: str = "") -> str:
        candidates = [anchor] + ([parent + anchor] if parent else [])
        for candidate in candidates:
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        n = 2
        while f"{candidates[-1]}-{n}" in self.used:
            n += 1
        self.used.add(f"{candidates[-1]}-{n}")
        return f"{candidates[-1]}-{n}"


def _self_link(anchor: str, title: str) -> str:
    """The heading's or article's number as a link to itself (``#第十二条``), so readers can
    copy a permalink; the visible text stays the same, and so does the plain text."""
    number, _, rest = title.partition(" ")
    if not number.startswith("第"):
        number, rest = title, ""
    linked = f'<a href="#{escape(anchor)}">{escape(number)}</a>'
    return f"{linked} {escape(rest)}" if rest else linked


def _parse_heading(line: str) -> tuple[int, str, str]:
    """(level, anchor, display title) of a ``#`` line."""
    text = line.lstrip("#").strip()
    match = _HEADING.match(text)
    if match:
        number, name = match.group(1), _squash(match.group(2))
        return _LEVELS[number[-1]], number, f"{number} {name}".strip()
    squashed = _squash(text)
    return _OTHER_HEADING_LEVEL, squashed, re.sub(r"[\s\u3000]+", " ", text)


def render_law(body: str) -> LawText:
    """Anchored HTML and the list of headings (level 1-3) and articles (level 0)."""
    lines = [line.strip() for line in (body or "").splitlines()]
    lines = [line for line in lines if line and not line.startswith("<!--")]
    headings = [_parse_heading(line) for line in lines if line.startswith("#")]
    present = sorted({level for level, _, _ in headings})
    anchors = _Anchors()
    parents: dict[int, str] = {}
    html: list[str] = []
    sections: list[Section] = []
    article: Section | None = None

    for line in lines:
        if line.startswith("#"):
            level, anchor, title = _parse_heading(line)
            parent = next((parents[lv] for lv in range(level - 1, 0, -1) if lv in parents), "")
            anchor = anchors.take(anchor, parent)
            parents = {lv: a for lv, a in parents.items() if lv < level} | {level: anchor}
            tag = f"h{min(6, 2 + present.index(level))}"
            html.append(f'<{tag} id="{escape(anchor)}">{_self_link(anchor, title)}</{tag}>')
            sections.append(Section(anchor=anchor, title=title, level=level))
            article = None
            continue
        match = _ARTICLE.match(line)
        if match:
            number, rest = match.group(1), match.group(2).strip()
            anchor = anchors.take(number)
            link = _self_link(anchor, number)
            html.append(f'<p id="{escape(anchor)}"><strong>{link}</strong> {escape(rest)}</p>')
            article = Section(anchor=anchor, title=number, level=0, text=rest)
            sections.append(article)
            continue
        html.append(f"<p>{escape(line)}</p>")
        if article is not None:
            article.text = f"{article.text}\n{line}" if article.text else line
    return LawText(html="\n".join(html), sections=sections)
