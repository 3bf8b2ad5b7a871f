"""What every content type shares: the export declaration, the registry and BasePage.

A type is defined once: its Wagtail fields plus one ``export_fields`` tuple of
:class:`ExportField`. The :func:`content_type` decorator registers the class and derives
Wagtail's ``search_fields`` and ``api_fields`` from that tuple, and
:meth:`BasePage.to_document` builds the framework-free Document from it. A type overrides
only the hooks (``render_body_html``, ``export_sections``, ``export_table`` …) it needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import nh3
from anyascii import anyascii
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from contentmodels.document import (
    TYPE_LABELS,
    Attachment,
    Banner,
    Document,
    Feed,
    Field,
    Link,
    Section,
    Table,
)
from contentmodels.text import html_to_text, summarize

SHANGHAI = ZoneInfo("Asia/Shanghai")
SUMMARY_LENGTH = 160
YEAR_FACET = ("year", "年份")

#: One status facet value per meaning. Each type words 时效性 its own way (standards'
#: catalogues say 现行 / 废止, laws 有效 / 已废止, notices carry free text from the source or
#: the editor), but a reader filtering search or listings by status wants one value per
#: meaning. Only the facet is mapped: a page's own field keeps the record's wording.
STATUS_FACET_SYNONYMS = {
    "现行": "有效",
    "现行有效": "有效",
    "废止": "已废止",
    "已失效": "失效",
    "撤回": "已撤回",
}

#: key -> page class, filled by @content_type in definition order.
CONTENT_TYPES: dict[str, type[BasePage]] = {}

# Law and guide sections are addressed by id; everything else nh3 allows by default.
_SANITIZE_ATTRIBUTES = {k: set(v) for k, v in nh3.ALLOWED_ATTRIBUTES.items()} | {"*": {"id"}}


@dataclass(frozen=True)
class ExportField:
    """One exported field: its name on the page, and how search, facets and feeds use it.

    ``label`` defaults to the model field's ``verbose_name``; ``display`` turns the
    exported value into the text the public sees (default: lists joined with 、,
    dates as 2024年11月1日).
    """

    name: str
    label: str | None = None
    search: bool = False
    boost: float = 1.0
    #: The document's own number or name (文号, 通报号, 标准号, a law's 简称 such as 刑法):
    #: a search for exactly it ranks the document first.
    identifier: bool = False
    facet: bool = False
    feed: bool = False
    display: Callable[[Any], str] | None = None


def content_type(*, key: str, label: str) -> Callable[[type[BasePage]], type[BasePage]]:
    """Register a page class under ``key`` and derive its search and API fields."""

    def register(cls: type[BasePage]) -> type[BasePage]:
        if key in CONTENT_TYPES:
            raise ValueError(f"content type {key!r} is defined twice")
        bad = [f.name for f in cls.export_fields if f.feed and not f.facet]
        if bad:
            raise ValueError(f"{cls.__name__}: feed fields must also be facets: {bad}")
        cls.type_key = key
        cls.type_label = label
        cls.search_fields = BasePage.search_fields + [
            index.SearchField(f.name, boost=f.boost)
            for f in cls.export_fields
            if f.search and f.name != "title"
        ]
        # Other systems also get the content itself (body, law text, guide sections, rows).
        names = [f.name for f in cls.export_fields] + list(cls.api_content)
        cls.api_fields = [APIField(name) for name in names]
        CONTENT_TYPES[key] = cls
        return cls

    return register


def ascii_slug(value: str, max_length: int = 80) -> str:
    """Lower-case ASCII slug of any text (Chinese via anyascii): ``美国`` -> ``meiguo``."""
    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(value or "").lower()).strip("-")
    return slug[:max_length].rstrip("-")


def _as_shanghai(value: date | datetime | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), SHANGHAI)
    if timezone.is_naive(value):
        return value.replace(tzinfo=SHANGHAI)
    return value.astimezone(SHANGHAI)


def _as_list(value: str | list[str] | None) -> list[str]:
    return value if isinstance(value, list) else [value] if value else []


def _plain(value: Any) -> str | list[str] | None:
    """The JSON-able value of a field: str, list of str, or None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v not in (None, "")] or None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def default_display(value: str | list[str] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        y, m, d = (int(p) for p in value.split("-"))
        return f"{y}年{m}月{d}日"
    return value


def available_ascii_slug(title: str, *, parent: Page | None, page: Page | None) -> str:
    """A pinyin slug of the title that no sibling under ``parent`` uses yet."""
    base = ascii_slug(title or "", max_length=60) or "page"
    slug, n = base, 1
    while parent is not None and not Page._slug_is_available(slug, parent, page):
        n += 1
        slug = f"{base}-{n}"
    return slug


class ContentPageForm(WagtailAdminPageForm):
    """The admin form of every content type: the slug may be left empty (it is derived)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "网址中的英文标识；留空则按标题自动生成拼音。"

    def clean(self):
        data = self.cleaned_data
        if not data.get("slug") and data.get("title"):
            data["slug"] = available_ascii_slug(
                data["title"], parent=self.parent_page, page=self.instance
            )
        return super().clean()


class StaticSiteUrl:
    """Pages live on the static site: Wagtail's 查看在线 links and the API's html_url point
    there (JINZHI_SITE_URL), at the path the export gives them (home, sections and documents)."""

    @property
    def site_path(self) -> str:
        """Path on the public site, from the tree below the home page: ``/notices/2024-151/``.

        ``url_path`` is ``/<home slug>/notices/2024-151/``; dropping the home segment
        keeps it independent of the title and of Wagtail's routing.
        """
        parts = (self.url_path or "").strip("/").split("/")
        return "/" + "".join(p + "/" for p in parts[1:])

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        # The CMS does not route pages (no wagtail_serve URL), so the path is the export's.
        return parts[0], settings.JINZHI.site_url, self.site_path


class BasePage(StaticSiteUrl, Page):
    """Abstract base of the six content types.

    ``source_key`` is the natural key the importer finds a page by (unique per type);
    ``source_digest`` fingerprints the imported content so a re-import of unchanged
    data writes nothing.
    """

    source_key = models.CharField(
        "来源标识", max_length=255, null=True, blank=True, unique=True, editable=False
    )
    source_digest = models.CharField("导入指纹", max_length=64, blank=True, editable=False)
    source_url = models.URLField("来源网址", max_length=500, blank=True)

    type_key: ClassVar[str] = ""
    type_label: ClassVar[str] = ""
    export_fields: ClassVar[tuple[ExportField, ...]] = ()
    #: Content fields the API v2 serves besides the export fields (body, sections, rows).
    api_content: ClassVar[tuple[str, ...]] = ()
    #: Name of the field holding the document's own date (发布日期, 分发日期 …).
    date_field: ClassVar[str] = ""
    status_field: ClassVar[str] = ""

    base_form_class = ContentPageForm
    parent_page_types = ["contentmodels.SectionPage"]
    subpage_types: list[str] = []
    # A copy is a new page: it must not claim the original's natural key.
    exclude_fields_in_copy = ["source_key", "source_digest"]

    # The admin's page search uses autocomplete, so the segmented text is indexed for both.
    search_fields = Page.search_fields + [
        index.SearchField("admin_search_text"),
        index.AutocompleteField("admin_search_text"),
    ]

    class Meta:
        abstract = True

    @classmethod
    def can_exist_under(cls, parent):
        # One SectionPage per type: a notice only goes under the notices section.
        section_type = getattr(parent.specific, "section_type", None)
        return super().can_exist_under(parent) and section_type == cls.type_key

    def full_clean(self, *args, **kwargs):
        # Public URLs must be ASCII-safe: an editor's Chinese title becomes a pinyin slug.
        if not self.slug or not self.slug.isascii():
            parent = self.get_parent() if self.depth else None
            self.slug = available_ascii_slug(self.title, parent=parent, page=self)
        super().full_clean(*args, **kwargs)

    # -- hooks a type may override -------------------------------------------------

    def render_body_html(self) -> str:
        """The body as HTML (unsanitised; to_document sanitises)."""
        return ""

    def export_sections(self) -> list[Section]:
        return []

    def export_attachments(self) -> list[Attachment]:
        return []

    def export_table(self) -> Table | None:
        return None

    def export_links(self) -> list[Link]:
        """Related documents (other versions, base notification, interpretations …)."""
        return []

    def export_banners(self) -> list[Banner]:
        """Page-top notices (已修改 with a link to the current version, 已撤回 …)."""
        return []

    def facet_values(self, name: str) -> list[str]:
        values = _as_list(self.export_value(name))
        if name == self.status_field:
            values = [STATUS_FACET_SYNONYMS.get(v, v) for v in values]
        return values

    def feed_slug(self, facet: str, value: str) -> str:
        """ASCII path segment of a feed key: a choice's key (``announcement``), else anyascii."""
        try:
            choices = self._meta.get_field(facet).choices or ()
        except FieldDoesNotExist:
            choices = ()
        key = next((k for k, label in choices if str(label) == value), value)
        return ascii_slug(key) or "other"

    # -- the export ----------------------------------------------------------------

    def field_label(self, name: str) -> str:
        for f in self.export_fields:
            if f.name == name and f.label:
                return f.label
        try:
            return str(self._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            raise ValueError(f"{type(self).__name__}.{name}: ExportField needs a label") from None

    def export_value(self, name: str) -> str | list[str] | None:
        """A field's public value: choice fields give their Chinese label."""
        try:
            field = self._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is not None and getattr(field, "choices", None):
            return _plain(getattr(self, f"get_{name}_display")())
        value = getattr(self, name)
        return _plain(value() if callable(value) else value)

    def own_date(self) -> date | None:
        """The document's own date (发布日期, 公布日期 …), None when it has none."""
        return (getattr(self, self.date_field, None) if self.date_field else None) or None

    def document_date(self) -> datetime:
        return (
            _as_shanghai(self.own_date())
            or _as_shanghai(self.first_published_at)
            or _as_shanghai(timezone.now())
        )

    def export_fields_list(self) -> list[Field]:
        fields = []
        for spec in self.export_fields:
            value = self.export_value(spec.name)
            display = (spec.display or default_display)(value) if value is not None else ""
            fields.append(Field(spec.name, self.field_label(spec.name), value, display))
        return fields

    def search_text(self) -> str:
        """Identifiers and codes (the search=True fields besides the title)."""
        return "\n".join(
            f.display
            for spec, f in zip(self.export_fields, self.export_fields_list())
            if spec.search and f.name != "title" and f.display
        )

    def admin_search_text(self) -> str:
        # Segmented for Wagtail's own search (admin, API v2 ?search=): see cms.admin_search.
        from search.tokenize import token_text

        return token_text(f"{self.title} {self.search_text()}")

    # -- preview -------------------------------------------------------------------

    def serve_preview(self, request, mode_name):
        """The admin's 预览: the draft's Document rendered by the static site's own theme.

        Django never renders public pages, so a preview goes through the same seam as
        publishing (``to_document``), then ``sitebuild.preview`` renders it in memory.
        Nothing is exported, indexed or built. Links and CSS are site-relative: the
        admin and the static site share a host (demo, ``jinzhi serve``, proxy setups).
        """
        from django.conf import settings
        from django.http import HttpResponse

        from sitebuild.preview import render_document

        page = render_document(self.to_document(), release=settings.JINZHI.public_dir)
        response = HttpResponse(page, content_type="text/html; charset=utf-8")
        # A draft must not be cached by a proxy on its way to the editor.
        response["Cache-Control"] = "private, no-store"
        return response

    def to_document(self) -> Document:
        body_html = nh3.clean(self.render_body_html(), attributes=_SANITIZE_ATTRIBUTES)
        body_text = html_to_text(body_html)
        fields = self.export_fields_list()
        doc_date = self.document_date()
        updated = _as_shanghai(self.last_published_at) or doc_date

        facets: dict[str, list[str]] = {}
        labels: dict[str, str] = {}
        feeds: list[Feed] = []
        for spec in self.export_fields:
            if not spec.facet:
                continue
            values = self.facet_values(spec.name)
            labels[spec.name] = self.field_label(spec.name)
            if values:
                facets[spec.name] = values
            if spec.feed:
                feeds += [
                    Feed(
                        key=f"{self.type_key}/{spec.name}/{self.feed_slug(spec.name, v)}",
                        title=f"{self.type_label} · {v}",
                    )
                    for v in values
                ]
        # A year is a fact of the document (发布日期 …); one without its own date is left out of
        # the 年份 facet rather than filed under the year it was imported.
        own_date = self.own_date()
        if own_date:
            facets[YEAR_FACET[0]] = [str(doc_date.year)]
        labels[YEAR_FACET[0]] = YEAR_FACET[1]

        summary_source = body_text or "；".join(
            f"{f.label}：{f.display}" for f in fields if f.display and f.name != "title"
        )
        status = self.export_value(self.status_field) if self.status_field else None
        return Document(
            id=str(self.pk),
            type=self.type_key,
            type_label=TYPE_LABELS.get(self.type_key, self.type_label),
            url=self.site_path,
            title=self.title,
            date=doc_date.isoformat(),
            updated=updated.isoformat(),
            summary=summarize(summary_source, SUMMARY_LENGTH),
            body_html=body_html,
            body_text=body_text,
            fields=fields,
            facets=facets,
            facet_labels=labels,
            feeds=feeds,
            sections=self.export_sections(),
            attachments=self.export_attachments(),
            table=self.export_table(),
            links=self.export_links(),
            banners=self.export_banners(),
            search_text=self.search_text(),
            identifiers=[
                value
                for spec in self.export_fields
                if spec.identifier
                for value in _as_list(self.export_value(spec.name))
            ],
            status=status if isinstance(status, str) else "",
            undated=own_date is None,
        )
