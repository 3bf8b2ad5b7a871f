"""办事指南: a service guide, its sections in page order, each addressable by anchor."""

import re
from html import escape

from django.db import models
from wagtail.fields import StreamField

from contentmodels.base import BasePage, ExportField, content_type
from contentmodels.blocks import GuideSectionBlock
from contentmodels.document import Section


def section_anchors(headings: list[str]) -> list[str]:
    """One unique HTML id per section: the heading without spaces and trailing colon,
    else ``section-N``."""
    anchors: list[str] = []
    for n, heading in enumerate(headings, start=1):
        anchor = re.sub(r"[\s\u3000]+", "", heading or "").rstrip(":：")
        anchors.append(anchor if anchor and anchor not in anchors else f"section-{n}")
    return anchors


@content_type(key="guide", label="办事指南")
class GuidePage(BasePage):
    authority = models.CharField("实施机关", max_length=255, blank=True)
    sections = StreamField([("section", GuideSectionBlock())], verbose_name="内容", blank=True)

    content_panels = BasePage.content_panels + ["authority", "sections", "source_url"]

    export_fields = (
        ExportField("title", label="事项名称"),
        ExportField("authority", search=True, facet=True),
        ExportField("source_url"),
    )

    class Meta:
        verbose_name = "办事指南"
        verbose_name_plural = "办事指南"

    def _parts(self) -> list[tuple[str, str, str]]:
        """(anchor, heading, text) of each section."""
        values = [block.value for block in self.sections]
        headings = [v["heading"] or "" for v in values]
        anchors = section_anchors(headings)
        return [(a, h, v["text"] or "") for a, h, v in zip(anchors, headings, values)]

    def render_body_html(self) -> str:
        html = []
        for anchor, heading, text in self._parts():
            inner = f"<h2>{escape(heading)}</h2>" if heading else ""
            inner += "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
            html.append(f'<div id="{escape(anchor)}">{inner}</div>')
        return "\n".join(html)

    def export_sections(self) -> list[Section]:
        return [Section(anchor=a, title=h, level=1, text=t) for a, h, t in self._parts()]
