"""Laws in depth on real data: linked versions, 时效性 from the date, related laws, anchors."""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest import mock

import pytest

from cms.importing import run_import
from cms.publishing import publish_all
from contentmodels.pages import LawPage

pytestmark = pytest.mark.django_db

# 0-based lines of laws/index.jsonl
REVIEW_2017, REVIEW_2023 = 647, 648  # 行政复议法: 2017 (已修改) and 2023 (施行 2024-01-01)
REVIEW_REGULATION = 1186  # 行政复议法实施条例 (2007)
PRODUCT_QUALITY = 383  # 产品质量法 2018
SHANDONG_PRODUCT_QUALITY = 1648  # 山东省实施《中华人民共和国产品质量法》办法


def at(day: date):
    """Move the service's clock (the export reads it through contentmodels.clock.today)."""
    return mock.patch("contentmodels.clock.today", return_value=day)


@pytest.fixture
def review_law(data_slice, jinzhi_home):
    lines = [REVIEW_2017, REVIEW_2023, REVIEW_REGULATION]
    report = run_import(data_slice({"laws/index.jsonl": lines}))
    assert report.errors == []
    old, new = LawPage.objects.filter(title="中华人民共和国行政复议法").order_by(
        "promulgation_date"
    )
    regulation = LawPage.objects.get(title="中华人民共和国行政复议法实施条例")
    return old, new, regulation


def test_versions_are_linked_and_the_old_one_points_to_the_current(review_law, public):
    old, new, _ = review_law
    assert old.version_group == new.version_group != ""
    publish_all(full=True)

    old_doc, new_doc = old.to_document(), new.to_document()
    assert old_doc.status == "已修改" and old_doc.facets["status"] == ["已修改"]
    assert new_doc.status == "有效" and new_doc.facets["status"] == ["有效"]
    [banner] = old_doc.banners
    assert banner.level == "warn" and banner.url == new_doc.url
    assert not new_doc.banners

    # Every version lists all versions, newest first, with its 时效性.
    for doc in (old_doc, new_doc):
        versions = [link for link in doc.links if link.label == "历史版本"]
        assert [link.url for link in versions] == [new_doc.url, old_doc.url]
        assert [link.note.split(" · ")[0] for link in versions] == ["现行有效", "已修改"]

    page = public.page(old_doc.url)
    assert page.xpath('//div[contains(@class, "banner-warn")]/a/@href') == [new_doc.url]
    assert len(page.xpath('//section[@class="related"]//li[@class="rel-version"]')) == 2


def test_implementing_regulation_and_law_link_both_ways(review_law):
    _, new, regulation = review_law
    law_links = {(link.rel, link.url) for link in new.to_document().links}
    regulation_links = {(link.rel, link.url) for link in regulation.to_document().links}
    # The regulation names the law; the link goes to the law's newest version.
    assert ("basis", new.to_document().url) in regulation_links
    assert ("basis_of", regulation.to_document().url) in law_links


def test_future_effective_date_is_pending_until_the_day_without_republishing(
    review_law, jinzhi_home
):
    old, new, _ = review_law
    with at(date(2023, 10, 1)):  # 2023 version promulgated, in force from 2024-01-01
        publish_all(full=True)
        assert new.to_document().status == "尚未生效"
        # Until then the 2017 version is still the one in force.
        assert old.to_document().status == "有效"
        assert new.to_document().banners[0].level == "info"

    revisions = new.revisions.count()
    with at(date(2024, 1, 2)):
        report = publish_all()  # the daily re-export: nothing was edited or republished
    assert report.written >= 2
    exported = (jinzhi_home / "export" / "law" / f"{new.pk}.json").read_text(encoding="utf-8")
    assert '"status": "有效"' in exported
    assert new.revisions.count() == revisions
    with at(date(2024, 1, 2)):
        assert old.to_document().status == "已修改"


def test_clock_is_read_from_django_timezone(review_law):
    _, new, _ = review_law
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime(2023, 12, 31, 17, tzinfo=UTC)
    ):
        # 2024-01-01 01:00 in Shanghai: the day it takes effect.
        assert new.to_document().status == "有效"
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime(2023, 12, 31, 15, tzinfo=UTC)
    ):
        assert new.to_document().status == "尚未生效"


def test_article_and_chapter_anchors_are_in_the_built_page(data_slice, jinzhi_home, public):
    run_import(data_slice({"laws/index.jsonl": [PRODUCT_QUALITY, SHANDONG_PRODUCT_QUALITY]}))
    publish_all(full=True)
    law = LawPage.objects.get(title="中华人民共和国产品质量法")
    doc = law.to_document()
    page = public.page(doc.url)

    for anchor in ("第二章", "第十二条"):
        element = page.get_element_by_id(anchor)
        # The number links to itself: a permalink readers can copy.
        assert element.xpath(f'.//a[@href="#{anchor}"]')
        assert page.xpath(f'//nav[@class="toc"]//a[@href="#{anchor}"]')
    # A local implementing regulation that names the law in 《》 links to it, and back.
    local = LawPage.objects.get(title="山东省实施《中华人民共和国产品质量法》办法")
    assert doc.url in {link.url for link in local.to_document().links if link.rel == "basis"}
    assert local.to_document().url in {link.url for link in doc.links}
