"""法律法规: a law or regulation with its 编/章/节/条 structure kept for anchors,
its versions linked, its 时效性 computed at export time, and the documents its title names."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from django.db import models

from contentmodels import clock
from contentmodels.base import BasePage, ExportField, content_type, default_display
from contentmodels.document import Banner, Link, Section
from contentmodels.fields import ListField
from contentmodels.lawtext import LawText, render_law
from contentmodels.lawversions import (
    RELATIONS,
    current_version,
    sort_date,
    subject_key,
    title_reference,
    version_key,
    version_status,
)


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


#: The note beside a version in the 历史版本 list.
VERSION_NOTES = {LawStatus.VALID: "现行有效"}


@lru_cache(maxsize=8)
def _rendered(text: str) -> LawText:
    # to_document needs the HTML and the sections: parse each text once.
    return render_law(text)


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


@content_type(key="law", label="法律法规")
class LawPage(BasePage):
    short_name = models.CharField("简称", max_length=255, blank=True)
    subtitle = models.CharField("副标题", max_length=255, blank=True)
    level = models.CharField("效力级别", max_length=30, choices=LawLevel.choices)
    issuer = models.CharField("制定机关", max_length=255, blank=True)
    promulgation_date = models.DateField("公布日期", null=True, blank=True)
    effective_date = models.DateField("施行日期", null=True, blank=True)
    status = models.CharField(
        "时效性",
        max_length=20,
        choices=LawStatus.choices,
        default=LawStatus.VALID,
        help_text="已修改、尚未生效由版本和施行日期自动得出；废止须手动设置。",
    )
    region = models.CharField("地区", max_length=50, blank=True)
    category = models.CharField("分类", max_length=100, blank=True)
    history = ListField("修订历史")
    text = models.TextField(
        "正文", blank=True, help_text="Markdown 原文：## 第一章 标题，每条以“第一条”开头。"
    )
    version_group = models.CharField(
        "版本组",
        max_length=255,
        blank=True,
        db_index=True,
        help_text="同一法规的各个版本共用一个版本组；留空则按标题、副标题、效力级别和地区生成。",
    )
    # Derived from the title on save (lawversions): what it is about, and what it names.
    subject_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    reference_rel = models.CharField(max_length=20, blank=True, editable=False)
    reference_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)

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
        "version_group",
        "text",
    ]

    api_content = ("text",)
    export_fields = (
        ExportField("title", label="标题"),
        ExportField("short_name", search=True, boost=2.0, identifier=True),
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

    def save(self, *args, **kwargs):
        if not self.version_group:
            self.version_group = version_key(
                title=self.title, subtitle=self.subtitle, level=self.level, region=self.region
            )
        self.subject_key = subject_key(self.title)[:255]
        rel, key = title_reference(self.title) or ("", "")
        self.reference_rel, self.reference_key = rel, key[:255]
        return super().save(*args, **kwargs)

    # -- versions and 时效性 ---------------------------------------------------------

    def versions(self) -> list[LawPage]:
        """Every live version of this law, this page included (live or not)."""
        cached = getattr(self, "_versions_in_export", None)
        if cached is not None:
            return cached
        others = list(
            LawPage.objects.live().filter(version_group=self.version_group).exclude(pk=self.pk)
        )
        return [self, *others] if self.version_group else [self]

    def current_status(self) -> str:
        """时效性 today: 已修改 once a newer version is in force, 尚未生效 before 施行日期."""
        return version_status(self, self.versions(), clock.today())

    def export_value(self, name: str):
        if name == "status":
            return LawStatus(self.current_status()).label
        return super().export_value(name)

    def to_document(self):
        # The status is read for fields, facets and Document.status: query versions once.
        self._versions_in_export = None
        self._versions_in_export = self.versions()
        try:
            return super().to_document()
        finally:
            del self._versions_in_export

    def export_banners(self) -> list[Banner]:
        today = clock.today()
        versions = self.versions()
        status = version_status(self, versions, today)
        if status == LawStatus.AMENDED:
            current = current_version(versions, today)
            if current is None or current.pk == self.pk:
                return [Banner("warn", "本文件已被修改，不是现行有效版本。")]
            return [
                Banner(
                    "warn",
                    "本文件已被修改，不是现行有效版本。",
                    url=current.site_path,
                    link_text=f"查看现行有效版本（{self._version_label(current)}）",
                )
            ]
        if status == LawStatus.REPEALED:
            return [Banner("warn", "本文件已废止或失效，仅供查阅参考。")]
        if status == LawStatus.PENDING:
            when = default_display(_iso(self.effective_date)) or "施行日期"
            return [Banner("info", f"本文件自{when}起施行，目前尚未生效。")]
        return []

    @staticmethod
    def _version_label(page: LawPage) -> str:
        when = page.promulgation_date or page.effective_date
        return f"{default_display(_iso(when))}公布" if when else page.title

    def export_links(self) -> list[Link]:
        today = clock.today()
        versions = self.versions()
        links: list[Link] = []
        if len(versions) > 1:
            # Newest first: the version most readers want is at the top.
            for v in sorted(versions, key=lambda v: (sort_date(v), v.pk), reverse=True):
                note = LawStatus(version_status(v, versions, today))
                label = VERSION_NOTES.get(note, note.label)
                links.append(
                    Link(
                        rel="version",
                        label="历史版本",
                        title=f"{v.title}（{self._version_label(v)}）",
                        url=v.site_path,
                        date=_iso(v.promulgation_date or v.effective_date),
                        note=f"{label} · 本页" if v.pk == self.pk else label,
                    )
                )
        if self.reference_key:
            label = RELATIONS[self.reference_rel][0]
            targets = self._related().filter(subject_key=self.reference_key)
            links += self._relation_links(targets, rel=self.reference_rel, label=label, today=today)
        if self.subject_key:
            for rel, (_, back_rel, back_label) in RELATIONS.items():
                sources = self._related().filter(reference_key=self.subject_key, reference_rel=rel)
                links += self._relation_links(sources, rel=back_rel, label=back_label, today=today)
        return links

    def _related(self):
        return LawPage.objects.live().exclude(version_group=self.version_group)

    @staticmethod
    def _relation_links(pages: Iterable[LawPage], *, rel: str, label: str, today) -> list[Link]:
        """One link per related law: its newest version, with its 时效性 as the note."""
        groups: dict[str, list[LawPage]] = {}
        for page in pages:
            groups.setdefault(page.version_group or str(page.pk), []).append(page)
        links = []
        for versions in groups.values():
            newest = max(versions, key=lambda v: (sort_date(v), v.pk))
            status = LawStatus(version_status(newest, versions, today))
            links.append(
                Link(
                    rel=rel,
                    label=label,
                    title=newest.title,
                    url=newest.site_path,
                    date=_iso(newest.promulgation_date or newest.effective_date),
                    note=VERSION_NOTES.get(status, status.label),
                )
            )
        return sorted(links, key=lambda link: (link.date, link.title), reverse=True)

    def dependent_page_ids(self) -> set[int]:
        """Pages that show this one: its other versions and the laws it names or that name it."""
        pages = LawPage.objects.filter(version_group=self.version_group)
        if self.reference_key:
            pages = pages | LawPage.objects.filter(subject_key=self.reference_key)
        if self.subject_key:
            pages = pages | LawPage.objects.filter(reference_key=self.subject_key)
        return set(pages.exclude(pk=self.pk).values_list("pk", flat=True))

    def render_body_html(self) -> str:
        return _rendered(self.text).html

    def export_sections(self) -> list[Section]:
        return _rendered(self.text).sections
