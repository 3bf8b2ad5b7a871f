"""抽检结果: one product-quality spot-check announcement and its result rows."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.api import APIField
from wagtail.models import Orderable

from contentmodels.base import BasePage, ExportField, content_type
from contentmodels.document import Attachment, Field, Table
from contentmodels.fields import ListField


class Outcome(models.TextChoices):
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # report dates: already the document's date

#: Folders the site writes beside the announcements (/spot-checks/enterprises/ …).
RESERVED_SLUGS = {"enterprises", "products"}
#: Row fields shown after RESULT_COLUMNS when any row of the announcement has them.
OPTIONAL_COLUMNS = ("manufacturer_address", "sampled_unit", "inspection_body")

#: The result-row fields in the order editors see them and the public table shows them.
RESULT_COLUMNS = (
    "product_name",
    "brand",
    "manufacturer",
    "model",
    "batch",
    "outcome",
    "failed_items",
    "standards",
    "region",
    "report_date",
)


@content_type(key="spotcheck", label="抽检结果")
class SpotCheckPage(BasePage):
    issuer = models.CharField("发布机构", max_length=100, blank=True)
    region = models.CharField("地区", max_length=50, blank=True)
    report_date = models.DateField("报告日期", null=True, blank=True)
    product_category = ListField("产品类别")
    attachment_url = models.URLField("附件", max_length=500, blank=True)

    content_panels = BasePage.content_panels + [
        "issuer",
        "region",
        "report_date",
        "product_category",
        "source_url",
        "attachment_url",
        "results",
    ]

    api_content = ("results",)
    export_fields = (
        ExportField("title", label="标题"),
        ExportField("issuer", search=True),
        ExportField("region", facet=True, feed=True),
        ExportField("report_date"),
        ExportField("product_category", search=True, facet=True, feed=True),
        ExportField("result", label="抽检结果", facet=True),
        ExportField("source_url"),
    )
    #: Columns of the exported table, in order (labels from SpotCheckResult).
    table_columns = RESULT_COLUMNS
    date_field = "report_date"

    class Meta:
        verbose_name = "抽检结果"
        verbose_name_plural = "抽检结果"

    def result(self) -> list[str]:
        """The outcomes present among the rows (合格 and/or 不合格)."""
        present = {r.outcome for r in self.results.all()}
        return [label for value, label in Outcome.choices if value in present]

    def export_table(self) -> Table:
        meta = SpotCheckResult._meta
        results = list(self.results.all())
        # Sheet columns that national lists drop are shown only where an office gave them.
        names = [*self.table_columns] + [
            name for name in OPTIONAL_COLUMNS if any(getattr(r, name) for r in results)
        ]
        columns = [Field(name, str(meta.get_field(name).verbose_name), None) for name in names]
        rows = [[r.cell(name) for name in names] for r in results]
        return Table(columns=columns, rows=rows)

    def clean(self):
        super().clean()
        # The site keeps per-enterprise and per-product pages beside the announcements.
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}”为站点保留网址，请换一个。"})

    def export_attachments(self) -> list[Attachment]:
        return (
            [Attachment(title="抽检结果附件", url=self.attachment_url)]
            if self.attachment_url
            else []
        )

    def search_text(self) -> str:
        # Everything the public table shows is searchable: products, brands and manufacturers,
        # but also 规格型号 (5W-30), 依据标准 (GB 11121-2006) and 不合格项目.
        values: dict[str, None] = {}
        for row in self.results.all():  # one read of the rows
            cells = (row.cell(name) for name in (*RESULT_COLUMNS, *OPTIONAL_COLUMNS))
            values.update(dict.fromkeys(c for c in cells if c and not _DATE.fullmatch(c)))
            values.update(dict.fromkeys(str(v) for v in row.extra.values() if v))
        return "\n".join([super().search_text(), *values])


class SpotCheckResult(Orderable):
    page = ParentalKey(SpotCheckPage, on_delete=models.CASCADE, related_name="results")
    product_name = models.CharField("产品名称", max_length=255)
    brand = models.CharField("商标", max_length=255, blank=True)
    manufacturer = models.CharField("标称生产企业", max_length=255, blank=True)
    model = models.CharField("规格型号", max_length=255, blank=True)
    batch = models.CharField("生产日期/批号", max_length=255, blank=True)
    outcome = models.CharField("抽检结果", max_length=10, choices=Outcome.choices)
    failed_items = models.TextField("不合格项目", blank=True)
    standards = models.TextField("依据标准", blank=True)
    region = models.CharField("地区", max_length=50, blank=True)
    report_date = models.DateField("报告日期", null=True, blank=True)
    # Columns that office sheets carry but the national lists often drop.
    manufacturer_address = models.CharField("标称生产企业地址", max_length=255, blank=True)
    sampled_unit = models.CharField("被抽样单位", max_length=255, blank=True)
    inspection_body = models.CharField("承检机构", max_length=255, blank=True)
    #: Unknown columns of an imported sheet, kept as header -> value.
    extra = models.JSONField("其他信息", default=dict, blank=True)

    panels = [*RESULT_COLUMNS, *OPTIONAL_COLUMNS]
    api_fields = [APIField(name) for name in [*panels, "extra"]]

    class Meta(Orderable.Meta):
        verbose_name = "抽检结果明细"
        verbose_name_plural = "抽检结果明细"

    def cell(self, name: str) -> str:
        if name == "outcome":
            return self.get_outcome_display()
        value = getattr(self, name)
        return value.isoformat() if hasattr(value, "isoformat") else (value or "")
