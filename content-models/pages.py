"""The page tree: HomePage -> one SectionPage per content type -> pages of that type.

The six content types live in one module each; they are re-exported here so callers
import every page class from ``contentmodels.pages``.
"""

from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import Page

from contentmodels.base import StaticSiteUrl
from contentmodels.document import TYPE_LABELS
from contentmodels.guides import GuidePage
from contentmodels.laws import LawPage
from contentmodels.notices import NoticeAttachment, NoticePage
from contentmodels.notifications import NotificationPage
from contentmodels.spotchecks import SpotCheckPage, SpotCheckResult
from contentmodels.standards import StandardPage

__all__ = [
    "HomePage",
    "SectionPage",
    "NoticePage",
    "NoticeAttachment",
    "SpotCheckPage",
    "SpotCheckResult",
    "NotificationPage",
    "GuidePage",
    "LawPage",
    "StandardPage",
]


class HomePage(StaticSiteUrl, Page):
    intro = RichTextField("简介", blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["contentmodels.SectionPage"]
    max_count = 1

    class Meta:
        verbose_name = "首页"
        verbose_name_plural = "首页"


class SectionPage(StaticSiteUrl, Page):
    """The listing container of one content type (its slug is the URL prefix, e.g. ``notices``)."""

    section_type = models.CharField(
        "内容类型", max_length=20, unique=True, choices=list(TYPE_LABELS.items())
    )
    intro = RichTextField("简介", blank=True)

    content_panels = Page.content_panels + ["section_type", "intro"]
    parent_page_types = ["contentmodels.HomePage"]
    subpage_types = [
        "contentmodels.NoticePage",
        "contentmodels.SpotCheckPage",
        "contentmodels.NotificationPage",
        "contentmodels.GuidePage",
        "contentmodels.LawPage",
        "contentmodels.StandardPage",
    ]

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
