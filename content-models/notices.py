"""公告: GACC announcements, orders, policy interpretations and consultation feedback.

Beyond the printed fields a notice carries keys the service relies on: a permanent
索引号 assigned on first save, the 文号 in one normalised spelling, the subject that ties
a 政策解读 to the announcement it explains (both pages link each other), and a withdrawal
that keeps the page online with a banner instead of removing it.
"""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from modelcluster.fields import ParentalKey
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.rich_text import expand_db_html

from contentmodels import clock
from contentmodels.base import BasePage, ExportField, content_type
from contentmodels.document import Attachment, Banner, Link
from contentmodels.fields import ListField
from contentmodels.noticekeys import (
    index_number,
    index_sequence,
    interpreted_number,
    interpreted_subject,
    normalize_doc_number,
    notice_subject,
)

WITHDRAWN = "已撤回"
#: Attempts at a free 索引号 when two saves race for the same sequence number.
_INDEX_ATTEMPTS = 5


class NoticeKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", "公告"
    ORDER = "order", "署令"
    INTERPRETATION = "interpretation", "政策解读"
    FEEDBACK = "feedback", "征求意见反馈"


@content_type(key="notice", label="公告")
class NoticePage(BasePage):
    index_number = models.CharField(
        "索引号", max_length=20, unique=True, null=True, blank=True, editable=False
    )
    number = models.CharField("文号", max_length=100, blank=True)
    number_key = models.CharField(
        "文号（规范化）", max_length=100, blank=True, db_index=True, editable=False
    )
    kind = models.CharField(
        "类别", max_length=20, choices=NoticeKind.choices, default=NoticeKind.ANNOUNCEMENT
    )
    # Joint announcements name several issuers, in the order printed.
    issuer = ListField("发布机构")
    document_type = models.CharField("文件类型", max_length=50, blank=True)
    category = models.CharField("业务分类", max_length=50, blank=True)
    issue_date = models.DateField("发布日期", null=True, blank=True)
    effective_date = models.DateField("生效日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, blank=True)
    withdrawn = models.BooleanField(
        WITHDRAWN, default=False, help_text="撤回后页面仍然公开，顶部显示撤回说明。"
    )
    withdrawal_reason = models.TextField("撤回原因", blank=True)
    body = RichTextField("正文", blank=True)
    # Derived from the title on save: what an announcement is about, and what an
    # interpretation explains (by subject or by 文号).
    subject_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    interprets_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    interprets_number = models.CharField(max_length=100, blank=True, db_index=True, editable=False)

    content_panels = BasePage.content_panels + [
        "number",
        "kind",
        "issuer",
        "document_type",
        "category",
        "issue_date",
        "effective_date",
        "status",
        "withdrawn",
        "withdrawal_reason",
        "body",
        "attachments",
    ]

    api_content = ("body", "attachments")
    export_fields = (
        ExportField("title", label="标题"),
        ExportField("index_number", search=True),
        ExportField("number", search=True, boost=3.0, identifier=True),
        ExportField("kind", facet=True, feed=True),
        ExportField("issuer", search=True, facet=True),
        ExportField("document_type"),
        ExportField("category"),
        ExportField("issue_date"),
        ExportField("effective_date"),
        ExportField("status", facet=True),
        ExportField("withdrawal_reason"),
    )
    date_field = "issue_date"
    status_field = "status"
    exclude_fields_in_copy = BasePage.exclude_fields_in_copy + ["index_number"]

    class Meta:
        verbose_name = "公告"
        verbose_name_plural = "公告"

    # -- keys ------------------------------------------------------------------------

    def save(self, *args, **kwargs):
        self.number_key = normalize_doc_number(self.number)
        interpretation = self.kind == NoticeKind.INTERPRETATION
        self.subject_key = "" if interpretation else notice_subject(self.title)[:255]
        self.interprets_key = interpreted_subject(self.title)[:255] if interpretation else ""
        self.interprets_number = interpreted_number(self.title) if interpretation else ""
        if not self._keep_index_number():
            return self._save_with_new_index_number(*args, **kwargs)
        return super().save(*args, **kwargs)

    def _keep_index_number(self) -> bool:
        """Restore the stored 索引号 (a revision made before it existed must not clear or
        change it); False when the page has none yet."""
        stored = None
        if self.pk:
            stored = (
                NoticePage.objects.filter(pk=self.pk).values_list("index_number", flat=True).first()
            )
        self.index_number = stored or None
        return bool(stored)

    def _save_with_new_index_number(self, *args, **kwargs):
        year = (self.issue_date or clock.today()).year
        for _ in range(_INDEX_ATTEMPTS):
            self.index_number = index_number(year, self._next_sequence(year))
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                # Another save took this number between our read and write: take the next.
                if not NoticePage.objects.filter(index_number=self.index_number).exists():
                    raise
        raise IntegrityError(f"no free 索引号 for {year} after {_INDEX_ATTEMPTS} attempts")

    @staticmethod
    def _next_sequence(year: int) -> int:
        numbers = NoticePage.objects.filter(index_number__startswith=index_number(year, 0)[:8])
        sequences = (
            index_sequence(n, year) for n in numbers.values_list("index_number", flat=True)
        )
        return max((s for s in sequences if s is not None), default=0) + 1

    # -- export ----------------------------------------------------------------------

    def export_value(self, name: str):
        if name == "status" and self.withdrawn:
            return WITHDRAWN
        if name == "withdrawal_reason" and not self.withdrawn:
            return None
        return super().export_value(name)

    def export_banners(self) -> list[Banner]:
        if not self.withdrawn:
            return []
        reason = self.withdrawal_reason.strip()
        text = f"本公告已撤回。撤回原因：{reason}" if reason else "本公告已撤回。"
        return [Banner("warn", text)]

    def render_body_html(self) -> str:
        return expand_db_html(self.body)

    def export_attachments(self) -> list[Attachment]:
        # Attachments known only by the file name the text mentions are listed without a link.
        return [Attachment(title=a.title, url=a.link) for a in self.attachments.all()]

    def interpreted_pages(self):
        """The announcements this interpretation explains (by subject, else by 文号)."""
        if self.kind != NoticeKind.INTERPRETATION:
            return NoticePage.objects.none()
        match = models.Q(pk__in=[])
        if self.interprets_key:
            match |= models.Q(subject_key=self.interprets_key)
        if self.interprets_number:
            match |= models.Q(number_key=self.interprets_number)
        return NoticePage.objects.filter(match).exclude(pk=self.pk)

    def interpretations(self):
        """The 政策解读 pages that explain this announcement."""
        match = models.Q(pk__in=[])
        if self.subject_key:
            match |= models.Q(interprets_key=self.subject_key)
        if self.number_key:
            match |= models.Q(interprets_number=self.number_key)
        return NoticePage.objects.filter(match, kind=NoticeKind.INTERPRETATION).exclude(pk=self.pk)

    def export_links(self) -> list[Link]:
        links = [
            self._link(page, rel="interprets", label="解读的公告")
            for page in self.interpreted_pages().live().order_by("-issue_date", "pk")
        ]
        links += [
            self._link(page, rel="interpreted_by", label="政策解读")
            for page in self.interpretations().live().order_by("pk")
        ]
        return links

    @staticmethod
    def _link(page: NoticePage, *, rel: str, label: str) -> Link:
        return Link(
            rel=rel,
            label=label,
            title=page.title,
            url=page.site_path,
            date=page.issue_date.isoformat() if page.issue_date else "",
            note=WITHDRAWN if page.withdrawn else page.number,
        )

    def dependent_page_ids(self) -> set[int]:
        """An announcement's interpretations show it, and it shows them."""
        pages = self.interpreted_pages() | self.interpretations()
        return set(pages.values_list("pk", flat=True))


class NoticeAttachment(Orderable):
    page = ParentalKey(NoticePage, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField("附件名称", max_length=255)
    url = models.URLField("链接", max_length=500, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="文档",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = ["title", "url", "document"]

    api_fields = [APIField("title"), APIField("url")]

    class Meta(Orderable.Meta):
        verbose_name = "附件"
        verbose_name_plural = "附件"

    @property
    def link(self) -> str:
        return self.document.url if self.document else self.url
