"""标准: an SN/T industry standard catalogue entry (issued or abolished)."""

from django.db import models

from contentmodels.base import BasePage, ExportField, content_type


class StandardStatus(models.TextChoices):
    CURRENT = "current", "现行"
    ABOLISHED = "abolished", "废止"


@content_type(key="standard", label="标准")
class StandardPage(BasePage):
    standard_no = models.CharField("标准号", max_length=100)
    implementation_date = models.DateField("实施日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=StandardStatus.choices, default=StandardStatus.CURRENT
    )
    replaces = models.CharField("代替", max_length=255, blank=True)
    committee = models.CharField("专业委", max_length=100, blank=True)
    abolish_reason = models.TextField("废止原因", blank=True)
    source_list = models.CharField("所属目录", max_length=255, blank=True)

    content_panels = BasePage.content_panels + [
        "standard_no",
        "implementation_date",
        "status",
        "replaces",
        "committee",
        "abolish_reason",
        "source_list",
    ]

    export_fields = (
        ExportField("standard_no", search=True, boost=3.0, identifier=True),
        ExportField("title", label="标准名称"),
        ExportField("implementation_date"),
        ExportField("status", facet=True),
        ExportField("replaces", search=True),
        ExportField("committee"),
        ExportField("abolish_reason"),
        ExportField("source_list"),
    )
    date_field = "implementation_date"
    status_field = "status"

    class Meta:
        verbose_name = "标准"
        verbose_name_plural = "标准"
