"""办事指南: a service guide, its sections in page order, each mapped to a standard heading.

Guides from different authorities print the same content under different headings
(项目依据 / 法律依据 / 设立依据; 申报材料 / 所需材料 / 攜帶材料; 法定时限 / 承诺时限). Each
section is mapped to one of :data:`STANDARD_SECTIONS` (an editor may choose it instead),
keeps its printed heading for display, and is addressable by the standard name
(``#申请材料``) so links work the same on every guide. Headings outside the set stay as
free additions, addressed by their own text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

import opencc
from django.db import models
from wagtail.fields import StreamField

from contentmodels.base import BasePage, ExportField, content_type
from contentmodels.blocks import STANDARD_SECTIONS, GuideSectionBlock
from contentmodels.document import Section

#: (pattern on the normalised heading, standard heading); the first match wins, so the
#: specific come first (收费依据 is about fees, not the legal basis; 受理条件 is a condition).
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), standard)
    for pattern, standard in (
        (r"收费", "收费标准"),
        (r"投诉|监督|救济", "监督投诉"),
        (r"时限|期限", "办理时限"),
        (r"材料", "申请材料"),
        (r"条件", "申请条件"),
        (r"依据", "设定依据"),
        (r"流程|程序|步骤", "办理流程"),
        (r"地点|地址", "受理地点"),
        (r"时间", "办理时间"),
        (r"咨询|联系|电话", "咨询方式"),
        (r"名称", "事项名称"),
        (r"类型|类别", "事项类型"),
        (r"实施机|实施主体|受理部门|办理机构|承办|审批部门", "实施机关"),
        (r"对象", "服务对象"),
        (r"结果|送达", "办理结果"),
    )
)
assert {standard for _, standard in _RULES} <= set(STANDARD_SECTIONS)
#: Longer headings are questions or sentences (an FAQ page), not section names.
_MAX_HEADING = 14
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]"
    r"|\d+(?:\.\d+)*[、.．\s]|[A-Za-z][,，.、]|[①-⑳])\s*"
)
#: Pinyin glosses a repost left after characters: 依據(jù).
_PINYIN = re.compile(r"\([a-zà-ǜü]+\)")


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def clean_heading(heading: str) -> str:
    """The heading without numbering, pinyin debris, spaces and trailing colon."""
    text = _PINYIN.sub("", heading or "")
    text = re.sub(r"[\s\u3000]+", "", text)
    return _NUMBERING.sub("", text).rstrip(":：")


def standard_heading(heading: str) -> str:
    """The standard section a printed heading stands for, or "" for a free addition."""
    text = _to_simplified().convert(clean_heading(heading))
    if not text or len(text) > _MAX_HEADING:
        return ""
    if text in STANDARD_SECTIONS:
        return text
    return next((standard for pattern, standard in _RULES if pattern.search(text)), "")


def section_anchors(headings: list[str], standards: list[str]) -> list[str]:
    """One unique HTML id per section: its standard heading the first time it occurs
    (法定时限 and 承诺时限 both map to 办理时限: the first gets ``#办理时限``), else the
    cleaned printed heading, else ``section-N``."""
    anchors: list[str] = []
    for n, (heading, standard) in enumerate(zip(headings, standards), start=1):
        candidates = [standard, clean_heading(heading), f"section-{n}"]
        anchors.append(next(a for a in candidates if a and a not in anchors))
    return anchors


@content_type(key="guide", label="办事指南")
class GuidePage(BasePage):
    authority = models.CharField("实施机关", max_length=255, blank=True)
    sections = StreamField([("section", GuideSectionBlock())], verbose_name="内容", blank=True)

    content_panels = BasePage.content_panels + ["authority", "sections", "source_url"]

    api_content = ("sections",)
    export_fields = (
        ExportField("title", label="事项名称"),
        ExportField("authority", search=True, facet=True),
        ExportField("source_url"),
    )

    class Meta:
        verbose_name = "办事指南"
        verbose_name_plural = "办事指南"

    def _parts(self) -> list[tuple[str, str, str]]:
        """(anchor, printed heading, text) of each section, in page order."""
        values = [block.value for block in self.sections]
        headings = [v["heading"] or "" for v in values]
        standards = [v.get("standard") or standard_heading(h) for v, h in zip(values, headings)]
        anchors = section_anchors(headings, standards)
        return [(a, h, v["text"] or "") for a, h, v in zip(anchors, headings, values)]

    def render_body_html(self) -> str:
        html = []
        for anchor, heading, text in self._parts():
            inner = f'<h2><a href="#{escape(anchor)}">{escape(heading)}</a></h2>' if heading else ""
            inner += "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
            html.append(f'<div id="{escape(anchor)}">{inner}</div>')
        return "\n".join(html)

    def export_sections(self) -> list[Section]:
        return [
            Section(anchor=a, title=h or a, level=1, text=t)
            for a, h, t in self._parts()
            if h or not a.startswith("section-")
        ]
