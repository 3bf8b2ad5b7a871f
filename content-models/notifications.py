"""WTO通报: TBT/SPS notifications, one page per notification (joint ones keep every symbol)."""

from html import escape

from django.db import models

from contentmodels.base import BasePage, ExportField, content_type
from contentmodels.fields import ListField
from contentmodels.wto import MEMBER_NAMES, hs_chapters


class Area(models.TextChoices):
    TBT = "TBT", "TBT"
    SPS = "SPS", "SPS"


class NotificationType(models.TextChoices):
    REGULAR = "regular", "常规"
    ADDENDUM = "addendum", "补遗"
    REVISION = "revision", "修订"
    CORRIGENDUM = "corrigendum", "勘误"


class Language(models.TextChoices):
    ZH = "zh", "中文"
    EN = "en", "英文"
    MIXED = "mixed", "中英混合"
    TH = "th", "泰文"
    VI = "vi", "越南文"


@content_type(key="notification", label="WTO通报")
class NotificationPage(BasePage):
    symbol = models.CharField("通报号", max_length=100)
    symbols = ListField("全部通报号")
    area = models.CharField("领域", max_length=3, choices=Area.choices)
    notification_type = models.CharField(
        "类型", max_length=20, choices=NotificationType.choices, default=NotificationType.REGULAR
    )
    notifying_member = models.CharField("通报成员", max_length=100, blank=True)
    member_code = models.CharField("成员代码", max_length=10, blank=True)
    distribution_date = models.DateField("分发日期", null=True, blank=True)
    distribution_date_raw = models.CharField("分发日期（原文）", max_length=100, blank=True)
    comment_deadline = models.DateField("评议截止日期", null=True, blank=True)
    comment_deadline_raw = models.TextField("评议截止日期（原文）", blank=True)
    description = models.TextField("描述", blank=True)
    products = models.TextField("产品", blank=True)
    hs_codes = ListField("HS编码")
    ics_codes = ListField("ICS编码")
    objectives = ListField("目的")
    responsible_agency = models.TextField("负责机构", blank=True)
    language = models.CharField("语言", max_length=10, choices=Language.choices, blank=True)

    content_panels = BasePage.content_panels + [
        "symbol",
        "symbols",
        "area",
        "notification_type",
        "notifying_member",
        "member_code",
        "distribution_date",
        "distribution_date_raw",
        "comment_deadline",
        "comment_deadline_raw",
        "description",
        "products",
        "hs_codes",
        "ics_codes",
        "objectives",
        "responsible_agency",
        "language",
        "source_url",
    ]

    export_fields = (
        ExportField("title", label="标题"),
        ExportField("symbols", search=True, boost=3.0),
        ExportField("area", facet=True, feed=True),
        ExportField("notification_type", facet=True),
        ExportField("notifying_member", search=True),
        ExportField("member", label="成员", facet=True, feed=True),
        ExportField("distribution_date"),
        ExportField("comment_deadline"),
        ExportField("comment_deadline_raw"),
        ExportField("products", search=True),
        ExportField("hs_codes", search=True),
        ExportField("hs_chapter", label="HS章", facet=True, feed=True),
        ExportField("ics_codes", search=True),
        ExportField("objectives"),
        ExportField("responsible_agency"),
        ExportField("language"),
        ExportField("source_url"),
    )
    date_field = "distribution_date"

    class Meta:
        verbose_name = "WTO通报"
        verbose_name_plural = "WTO通报"

    def member(self) -> str:
        """Normalised member name: from the symbol's code where derivable, else as printed."""
        return MEMBER_NAMES.get(self.member_code, self.notifying_member)

    def hs_chapter(self) -> list[str]:
        return hs_chapters(self.hs_codes)

    def feed_slug(self, facet: str, value: str) -> str:
        # Member feeds are keyed by WTO code (notification/member/USA), not by name.
        if facet == "member" and self.member_code:
            return self.member_code
        return super().feed_slug(facet, value)

    def render_body_html(self) -> str:
        return "\n".join(
            f"<p>{escape(line)}</p>" for line in self.description.splitlines() if line.strip()
        )
