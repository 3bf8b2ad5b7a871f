"""公告: GACC announcements, orders, policy interpretations and consultation feedback."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.rich_text import expand_db_html

from contentmodels.base import BasePage, ExportField, content_type
from contentmodels.document import Attachment
from contentmodels.fields import ListField


class NoticeKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", "公告"
    ORDER = "order", "署令"
    INTERPRETATION = "interpretation", "政策解读"
    FEEDBACK = "feedback", "征求意见反馈"


@content_type(key="notice", label="公告")
class NoticePage(BasePage):
    number = models.CharField("文号", max_length=100, blank=True)
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
    body = RichTextField("正文", blank=True)

    content_panels = BasePage.content_panels + [
        "number",
        "kind",
        "issuer",
        "document_type",
        "category",
        "issue_date",
        "effective_date",
        "status",
        "body",
        "attachments",
    ]

    export_fields = (
        ExportField("title", label="标题"),
        ExportField("number", search=True, boost=3.0),
        ExportField("kind", facet=True, feed=True),
        ExportField("issuer", search=True, facet=True),
        ExportField("document_type"),
        ExportField("category"),
        ExportField("issue_date"),
        ExportField("effective_date"),
        ExportField("status"),
    )
    date_field = "issue_date"
    status_field = "status"

    class Meta:
        verbose_name = "公告"
        verbose_name_plural = "公告"

    def render_body_html(self) -> str:
        return expand_db_html(self.body)

    def export_attachments(self) -> list[Attachment]:
        return [Attachment(title=a.title, url=a.link) for a in self.attachments.all() if a.link]


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

    class Meta(Orderable.Meta):
        verbose_name = "附件"
        verbose_name_plural = "附件"

    @property
    def link(self) -> str:
        return self.document.url if self.document else self.url
