"""WTO通报: TBT/SPS notifications, one page per notification (joint ones keep every symbol).

Addenda, revisions and corrigenda are threaded under their base notification by symbol;
whether comments are still open is computed from the deadline on the day of export (and
again in the reader's browser by ``deadline.js``, so an old static page is never stale).
"""

from __future__ import annotations

from datetime import date
from html import escape

from django.db import models

from contentmodels import clock
from contentmodels.base import BasePage, ExportField, content_type
from contentmodels.document import Link
from contentmodels.fields import ListField
from contentmodels.text import summarize
from contentmodels.wto import (
    MEMBER_NAMES,
    base_symbol,
    comment_deadline,
    hs_chapters,
    hs_headings,
)

YES, NO = "是", "否"
_LINK_TITLE_LENGTH = 60


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
    # The regular notification an addendum, revision or corrigendum belongs to (from symbol).
    base_symbol = models.CharField(
        "原通报号", max_length=100, blank=True, db_index=True, editable=False
    )
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
        ExportField("symbols", search=True, boost=3.0, identifier=True),
        ExportField("area", facet=True, feed=True),
        ExportField("notification_type", facet=True),
        ExportField("notifying_member", search=True),
        ExportField("member", label="成员", facet=True, feed=True),
        ExportField("distribution_date"),
        ExportField("comment_deadline"),
        ExportField("comment_deadline_raw"),
        ExportField("comment_until", label="评议截止（含推算）"),
        ExportField("open_for_comment", label="可评议", facet=True),
        ExportField("products", search=True),
        ExportField("hs_codes", search=True),
        ExportField("hs_chapter", label="HS章", facet=True, feed=True),
        ExportField("hs_heading", label="HS品目", search=True, facet=True),
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

    def save(self, *args, **kwargs):
        self.base_symbol = base_symbol(self.symbol)
        return super().save(*args, **kwargs)

    def comment_until(self) -> date | None:
        """The printed deadline, else distribution date + the printed number of days."""
        return comment_deadline(
            explicit=self.comment_deadline,
            raw=self.comment_deadline_raw,
            distributed=self.distribution_date,
        )

    def open_for_comment(self) -> str | None:
        """是 up to and including the deadline day (Asia/Shanghai), 否 after; None if unknown."""
        deadline = self.comment_until()
        if deadline is None:
            return None
        return YES if clock.today() <= deadline else NO

    def hs_heading(self) -> list[str]:
        return hs_headings(self.hs_codes)

    # -- the thread of a notification and its addenda ----------------------------------

    def is_follow_up(self) -> bool:
        return bool(self.base_symbol) and self.base_symbol != self.symbol

    def thread(self):
        """Every page of this notification's thread (base and follow-ups), this one excluded."""
        if not self.base_symbol:
            return NotificationPage.objects.none()
        return NotificationPage.objects.filter(base_symbol=self.base_symbol).exclude(pk=self.pk)

    def export_links(self) -> list[Link]:
        pages = list(self.thread().live())
        base = next((p for p in pages if not p.is_follow_up()), None)
        links = []
        if self.is_follow_up():
            if base is not None:
                links.append(self._link(base, rel="base", label="原通报"))
            else:
                # The base was never published here: name it, with nothing to link to.
                links.append(Link("base", "原通报", self.base_symbol, url="", note="本站未收录"))
        follow_ups = sorted(
            (p for p in pages if p.is_follow_up()),
            key=lambda p: (p.distribution_date or date.min, p.symbol),
        )
        links += [
            self._link(p, rel=p.notification_type, label="补遗、修订与勘误") for p in follow_ups
        ]
        return links

    @staticmethod
    def _link(page: NotificationPage, *, rel: str, label: str) -> Link:
        title = page.title if page.title.startswith(page.symbol) else f"{page.symbol} {page.title}"
        return Link(
            rel=rel,
            label=label,
            title=summarize(title, _LINK_TITLE_LENGTH),
            url=page.site_path,
            date=page.distribution_date.isoformat() if page.distribution_date else "",
            note=page.get_notification_type_display(),
        )

    def dependent_page_ids(self) -> set[int]:
        """The base lists its follow-ups and each follow-up lists the thread."""
        return set(self.thread().values_list("pk", flat=True))

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
