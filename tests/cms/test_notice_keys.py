"""Notices on real data: 索引号 for life, 文号 normalised, withdrawal kept online,
attachments from the text, interpretations linked to their announcements."""

from __future__ import annotations

import json

import pytest

from cms.importing import run_import
from cms.publishing import publish_all
from contentmodels.noticekeys import normalize_doc_number
from contentmodels.pages import NoticePage

pytestmark = pytest.mark.django_db

NOTICE_151 = [0, 218]  # both variants of 公告〔2024〕151号


def import_notices(data_slice, lines) -> None:
    report = run_import(data_slice({"notices/gacc_notices.jsonl": lines}))
    assert report.errors == []


@pytest.mark.parametrize(
    "printed",
    [
        "公告〔2024〕151号",
        "公告[2024]151号",
        "公告(2024)151号",
        "公告（2024）151号",
        "公告［2024］151号",
        "公告 2024年第151号",
        "公告〔2024〕０１５１号",
    ],
)
def test_doc_number_variants_normalise_to_one_value(printed):
    assert normalize_doc_number(printed) == "公告〔2024〕151号"


def test_index_number_is_assigned_once_and_survives_edits(data_slice, site_tree):
    import_notices(data_slice, NOTICE_151)
    page = NoticePage.objects.get()
    assert page.index_number == "JZ-2024-000001"
    assert page.number_key == "公告〔2024〕151号"
    first_revision = page.revisions.order_by("pk").first()

    page.number = "公告[2024]151号"  # an editor retypes the number in another style
    page.title = "改过的标题"
    page.save_revision().publish()
    # Publishing an older revision (made before any edit) must not change it either.
    first_revision.publish()
    page.refresh_from_db()
    assert page.index_number == "JZ-2024-000001"

    # Re-import restores the printed number; the index number stays.
    import_notices(data_slice, NOTICE_151)
    page.refresh_from_db()
    assert page.index_number == "JZ-2024-000001" and page.number_key == "公告〔2024〕151号"
    fields = {f.name: f for f in page.to_document().fields}
    assert fields["index_number"].label == "索引号"
    assert fields["index_number"].value == "JZ-2024-000001"


def test_index_numbers_are_unique_and_a_copy_gets_its_own(data_slice, site_tree):
    import_notices(data_slice, 5)
    numbers = list(NoticePage.objects.values_list("index_number", flat=True))
    assert len(set(numbers)) == len(numbers) == 5 and all(numbers)
    original = NoticePage.objects.order_by("pk").first()
    copy = original.copy(update_attrs={"slug": "copy", "title": "副本"})
    assert copy.index_number not in (None, original.index_number)


def test_withdrawn_notice_keeps_its_page_with_banner_and_reason(data_slice, jinzhi_home, public):
    import_notices(data_slice, NOTICE_151)
    page = NoticePage.objects.get()
    page.withdrawn = True
    page.withdrawal_reason = "内容有误，已重新发布"
    page.save_revision().publish()
    publish_all(full=True)

    doc = page.to_document()
    assert doc.status == "已撤回" and doc.facets["status"] == ["已撤回"]
    assert {f.name: f.value for f in doc.fields}["withdrawal_reason"] == "内容有误，已重新发布"
    html = public.page(doc.url)
    assert html is not None  # not a 404
    [banner] = html.xpath('//div[contains(@class, "banner-warn")]')
    assert "已撤回" in banner.text_content() and "内容有误，已重新发布" in banner.text_content()
    hits = public.search("北马其顿蓝舌病")["hits"]
    assert [h["id"] for h in hits] == [doc.id]


def test_attachment_names_in_the_text_are_listed_without_link(
    shared_data, data_slice, jinzhi_home, public
):
    rows = (shared_data / "notices/gacc_notices.jsonl").read_text(encoding="utf-8").splitlines()
    line = next(
        n
        for n, row in enumerate(rows)
        if "所罗门群岛输华养殖水产品目录.doc" in json.loads(row)["content"]
    )
    import_notices(data_slice, [line])
    publish_all(full=True)
    doc = NoticePage.objects.get().to_document()
    assert [(a.title, a.url) for a in doc.attachments] == [("所罗门群岛输华养殖水产品目录.doc", "")]
    html = public.page(doc.url)
    assert "所罗门群岛输华养殖水产品目录.doc" in html.xpath(
        'string(//section[@class="attachments"])'
    )
    assert not html.xpath('//section[@class="attachments"]//a')


def test_interpretation_and_announcement_link_both_ways(shared_data, data_slice, site_tree):
    notices = (shared_data / "notices/gacc_notices.jsonl").read_text(encoding="utf-8").splitlines()
    lines = [n for n, row in enumerate(notices) if "公告〔2024〕143号" in row][:1]
    interpretations = (
        (shared_data / "notices/gacc_policy_interpretations.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    wanted = "关于《海关总署 财政部 商务部 文化和旅游部 税务总局关于明确市内免税店经营品种的公告》的政策解读"
    explained = [n for n, row in enumerate(interpretations) if json.loads(row)["title"] == wanted]
    report = run_import(
        data_slice(
            {
                "notices/gacc_notices.jsonl": lines,
                "notices/gacc_policy_interpretations.jsonl": sorted({*explained, 1, 2}),
            }
        )
    )
    assert report.errors == []
    announcement = NoticePage.objects.get(number="公告〔2024〕143号")
    interpretation = NoticePage.objects.get(title=wanted)

    out = interpretation.to_document().links
    back = announcement.to_document().links
    assert [(link.rel, link.url) for link in out] == [
        ("interprets", announcement.to_document().url)
    ]
    assert [(link.rel, link.label, link.url) for link in back] == [
        ("interpreted_by", "政策解读", interpretation.to_document().url)
    ]
    assert announcement.pk in interpretation.dependent_page_ids()
    assert interpretation.pk in announcement.dependent_page_ids()
