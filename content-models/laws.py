"""法律法规: a law or regulation with its 编/章/节/条 structure kept for anchors."""

from functools import lru_cache

from django.db import models

from contentmodels.base import BasePage, ExportField, content_type
from contentmodels.document import Section
from contentmodels.fields import ListField
from contentmodels.lawtext import LawText, render_law


class LawLevel(models.TextChoices):
    CONSTITUTION = "constitution", "宪法"
    LAW = "law", "法律"
    ADMINISTRATIVE = "administrative-regulation", "行政法规"
    JUDICIAL = "judicial-interpretation", "司法解释"
    DEPARTMENTAL = "departmental-rule", "部门规章"
    LOCAL = "local-regulation", "地方性法规"


class LawStatus(models.TextChoices):
    VALID = "valid", "有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"
    PENDING = "pending", "尚未生效"


@lru_cache(maxsize=8)
def _rendered(text: str) -> LawText:
    # to_document needs the HTML and the sections: parse each text once.
    return render_law(text)


@content_type(key="law", label="法律法规")
class LawPage(BasePage):
    short_name = models.CharField("简称", max_length=255, blank=True)
    subtitle = models.CharField("副标题", max_length=255, blank=True)
    level = models.CharField("效力级别", max_length=30, choices=LawLevel.choices)
    issuer = models.CharField("制定机关", max_length=255, blank=True)
    promulgation_date = models.DateField("公布日期", null=True, blank=True)
    effective_date = models.DateField("施行日期", null=True, blank=True)
    status = models.CharField(
        "时效性", max_length=20, choices=LawStatus.choices, default=LawStatus.VALID
    )
    region = models.CharField("地区", max_length=50, blank=True)
    category = models.CharField("分类", max_length=100, blank=True)
    history = ListField("修订历史")
    text = models.TextField(
        "正文", blank=True, help_text="Markdown 原文：## 第一章 标题，每条以“第一条”开头。"
    )

    content_panels = BasePage.content_panels + [
        "short_name",
        "subtitle",
        "level",
        "issuer",
        "promulgation_date",
        "effective_date",
        "status",
        "region",
        "category",
        "history",
        "text",
    ]

    export_fields = (
        ExportField("title", label="标题"),
        ExportField("short_name", search=True, boost=2.0),
        ExportField("level", facet=True, feed=True),
        ExportField("issuer", search=True, facet=True),
        ExportField("promulgation_date"),
        ExportField("effective_date"),
        ExportField("status", facet=True),
        ExportField("region", facet=True),
        ExportField("category"),
        ExportField("history", display="\n".join),
    )
    date_field = "promulgation_date"
    status_field = "status"

    class Meta:
        verbose_name = "法律法规"
        verbose_name_plural = "法律法规"

    def render_body_html(self) -> str:
        return _rendered(self.text).html

    def export_sections(self) -> list[Section]:
        return _rendered(self.text).sections
