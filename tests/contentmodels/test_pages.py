"""Each content type's Document, built from pages imported from real records."""

from __future__ import annotations

import pytest

from cms.importing import run_import
from contentmodels.base import CONTENT_TYPES
from contentmodels.document import FACET_LABELS, TYPE_LABELS, Document
from contentmodels.pages import (
    GuidePage,
    LawPage,
    NoticePage,
    NotificationPage,
    SpotCheckPage,
    StandardPage,
)

pytestmark = pytest.mark.django_db

LAW_PRODUCT_QUALITY = 383  # 0-based line of 产品质量法 (2018) in laws/index.jsonl
NOTICE_151 = [0, 218]  # both variants of 公告〔2024〕151号 (with and without page chrome)
SPOTCHECK_WUXI = list(range(1652, 1659))  # the 7 rows of one announcement


@pytest.fixture
def imported(data_slice, site_tree):
    def run(files: dict) -> None:
        report = run_import(data_slice(files))
        assert report.errors == []

    return run


def fields_by_name(doc: Document) -> dict:
    return {f.name: f for f in doc.fields}


def test_registry_derives_search_and_api_fields():
    assert set(CONTENT_TYPES) == set(TYPE_LABELS)
    for cls in CONTENT_TYPES.values():
        api = [f.name for f in cls.api_fields]
        assert api == [f.name for f in cls.export_fields] + list(cls.api_content)
        searched = {f.field_name for f in cls.search_fields}
        assert {f.name for f in cls.export_fields if f.search} <= searched | {"title"}
        assert "admin_search_text" in searched
    # Search accepts exactly the facets the content types have (a misspelt one is a 400).
    facets = {
        spec.name for cls in CONTENT_TYPES.values() for spec in cls.export_fields if spec.facet
    }
    assert set(FACET_LABELS) == facets | {"type", "year"}


def test_notice_document(imported):
    imported({"notices/gacc_notices.jsonl": NOTICE_151})
    page = NoticePage.objects.get()
    doc = page.to_document()
    assert doc.type == "notice" and doc.id == str(page.pk)
    assert doc.url == "/notices/2024-151/"
    assert doc.title.startswith("海关总署 农业农村部公告2024年第151号")
    assert doc.date == "2024-11-01T00:00:00+08:00"
    fields = fields_by_name(doc)
    assert fields["number"].label == "文号" and fields["number"].value == "公告〔2024〕151号"
    assert fields["issuer"].value == ["海关总署", "农业农村部"]
    assert fields["issuer"].display == "海关总署、农业农村部"
    assert (
        fields["issue_date"].label == "发布日期" and fields["issue_date"].display == "2024年11月1日"
    )
    assert doc.facets == {
        "kind": ["公告"],
        "issuer": ["海关总署", "农业农村部"],
        "status": ["有效"],
        "year": ["2024"],
    }
    assert doc.facet_labels["kind"] == "类别"
    assert [f.key for f in doc.feeds] == ["notice/kind/announcement"]
    assert doc.feeds[0].title == "公告 · 公告"
    assert "浏览次数" not in doc.body_text  # the variant without page chrome was chosen
    assert 0 < len(doc.summary) <= 160 and "\n" not in doc.summary
    assert "公告〔2024〕151号" in doc.search_text
    assert doc.status == "有效"


def test_spotcheck_document_has_table_and_result_facets(imported):
    imported({"spotchecks/automotive_fluid_spotchecks.jsonl": SPOTCHECK_WUXI})
    doc = SpotCheckPage.objects.get().to_document()
    assert doc.url == "/spot-checks/wuxi-china-2024-lubricant-inspection/"
    assert doc.table is not None and len(doc.table.rows) == 7
    labels = [c.label for c in doc.table.columns]
    assert labels[:3] == ["产品名称", "商标", "标称生产企业"] and "抽检结果" in labels
    assert doc.facets["region"] == ["无锡"]
    assert doc.facets["result"] == ["合格"]
    assert {f.key for f in doc.feeds} >= {"spotcheck/region/wuxi"}
    assert fields_by_name(doc)["issuer"].value == "无锡市市场监督管理局"


def test_notification_document(imported):
    imported({"wto/notifications.jsonl": 1})
    doc = NotificationPage.objects.get().to_document()
    assert doc.url == "/wto/g-sps-n-are-205/"
    assert doc.date.startswith("2020-09-03T00:00:00+08:00")
    assert "语言" not in doc.title  # the form's 语言/页数 tail is not part of the title
    fields = fields_by_name(doc)
    assert fields["symbols"].label == "全部通报号" and fields["symbols"].value == [
        "G/SPS/N/ARE/205"
    ]
    assert fields["notification_type"].value == "常规"
    assert doc.facets["member"] == ["阿联酋"] and doc.facets["hs_chapter"] == ["01"]
    assert doc.facets["area"] == ["SPS"]
    assert {f.key for f in doc.feeds} == {
        "notification/area/sps",
        "notification/member/ARE",
        "notification/hs_chapter/01",
    }
    assert "G/SPS/N/ARE/205" in doc.search_text and "0105" in doc.search_text


def test_guide_document_has_anchored_sections(imported):
    imported({"guides/guides.jsonl": 1})
    doc = GuidePage.objects.get().to_document()
    assert doc.title == "制造计量器具许可"
    # A guide has no date of its own: it is not filed under the year it was imported.
    assert "year" not in doc.facets
    # Printed headings are kept; anchors are the standard section names.
    assert [(s.anchor, s.title) for s in doc.sections][:3] == [
        ("事项名称", "项目名称"),
        ("事项类型", "项目类型"),
        ("设定依据", "项目依据"),
    ]
    assert '<div id="申请材料"><h2><a href="#申请材料" rel="noopener noreferrer">申请材料</a>' in (
        doc.body_html
    )
    assert fields_by_name(doc)["authority"].label == "实施机关"


def test_law_document_has_article_anchors_and_sections(imported):
    imported({"laws/index.jsonl": [LAW_PRODUCT_QUALITY]})
    page = LawPage.objects.get()
    doc = page.to_document()
    assert doc.url == "/laws/chanpinzhiliangfa-2018-12-29/"
    assert doc.date == "2018-12-29T00:00:00+08:00"
    # Every chapter and article number links to itself: a copyable permalink.
    link = '<a href="#{0}" rel="noopener noreferrer">{0}</a>'
    assert f'<h2 id="第一章">{link.format("第一章")} 总则</h2>' in doc.body_html
    assert f'<p id="第十二条"><strong>{link.format("第十二条")}</strong>' in doc.body_html
    articles = {s.anchor: s for s in doc.sections if s.level == 0}
    assert len(articles) == 74
    assert articles["第二条"].text.startswith("在中华人民共和国境内从事产品生产、销售活动")
    assert "本法所称产品" in articles["第二条"].text  # later paragraphs belong to the article
    assert [s.anchor for s in doc.sections if s.level == 2][:2] == ["第一章", "第二章"]
    fields = fields_by_name(doc)
    assert fields["level"].value == "法律" and fields["level"].label == "效力级别"
    assert fields["status"].label == "时效性"
    assert len(fields["history"].value) == 3
    assert doc.facets["level"] == ["法律"] and doc.feeds[0].key == "law/level/law"


def test_standard_document(imported):
    imported({"standards/sn_standards.jsonl": 1})
    doc = StandardPage.objects.get().to_document()
    assert doc.url == "/standards/sn-t-5489-2023/"
    assert doc.title == "进出口工业产品风险分级基本要求"
    # One status facet value per meaning (laws say 有效); the field keeps the list's 现行.
    assert doc.facets == {"status": ["有效"], "year": ["2023"]}
    assert fields_by_name(doc)["status"].display == "现行"
    assert fields_by_name(doc)["standard_no"].label == "标准号"
    assert doc.summary  # no body: the summary comes from the fields
    assert doc.status == "现行"


def test_standard_without_a_date_has_no_year(site_tree):
    from contentmodels.tree import section_for

    page = StandardPage(title="无日期的标准", slug="undated", standard_no="SN/T 0001-2099")
    section_for("standard").add_child(instance=page)
    page.save_revision().publish()
    doc = page.to_document()
    assert "year" not in doc.facets
    assert doc.date  # still sorted and fed by the day it was published


def test_title_edit_keeps_url(imported):
    imported({"standards/sn_standards.jsonl": 1})
    page = StandardPage.objects.get()
    before = page.to_document().url
    page.title = "改过的标题"
    page.save_revision().publish()
    page.refresh_from_db()
    doc = page.to_document()
    assert doc.title == "改过的标题" and doc.url == before


def test_body_html_is_sanitised(site_tree):
    from contentmodels.tree import section_for

    body = '<p>正文<script>alert(1)</script></p><img src=x onerror="x()">'
    page = NoticePage(title="测试", slug="t", body=body)
    section_for("notice").add_child(instance=page)
    doc = page.to_document()
    assert "script" not in doc.body_html and "onerror" not in doc.body_html
    assert "正文" in doc.body_text


def test_spot_check_slugs_reserved_by_the_site_are_refused(site_tree):
    from django.core.exceptions import ValidationError

    from contentmodels.spotchecks import RESERVED_SLUGS
    from contentmodels.tree import section_for
    from sitebuild.spotchecks import KINDS

    assert RESERVED_SLUGS == {folder for folder, _, _ in KINDS.values()}
    page = SpotCheckPage(title="企业名录", slug="enterprises")
    with pytest.raises(ValidationError):
        section_for("spotcheck").add_child(instance=page)


def test_spot_check_table_shows_sheet_columns_only_when_given(site_tree):
    import datetime

    from contentmodels.spotchecks import SpotCheckResult
    from contentmodels.tree import section_for

    page = SpotCheckPage(title="示例抽查", report_date=datetime.date(2025, 1, 1))
    page.results = [
        SpotCheckResult(product_name="制动液", outcome="pass", inspection_body="示例质检所"),
        SpotCheckResult(product_name="冷却液", outcome="fail"),
    ]
    section_for("spotcheck").add_child(instance=page)
    table = page.export_table()
    names = [c.name for c in table.columns]
    assert "inspection_body" in names and "sampled_unit" not in names
    assert table.rows[0][names.index("inspection_body")] == "示例质检所"
