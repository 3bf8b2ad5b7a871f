"""run_import over slices of the real data: pages published, idempotent, bad rows reported."""

from __future__ import annotations

import json

import pytest
from wagtail.models import PageLogEntry, Revision

from cms.importing import run_import
from contentmodels.pages import (
    GuidePage,
    LawPage,
    NoticePage,
    NotificationPage,
    SpotCheckPage,
    StandardPage,
)

pytestmark = pytest.mark.django_db

SLICE = {
    "laws/index.jsonl": 3,
    "notices/gacc_notices.jsonl": 6,
    "notices/gacc_policy_interpretations.jsonl": 2,
    "notices/gacc_consultation_feedback.jsonl": 1,
    "standards/sn_standards.jsonl": 4,
    "spotchecks/automotive_fluid_spotchecks.jsonl": 5,
    "wto/notifications.jsonl": 3,
    "guides/guides.jsonl": 2,
}


def write_lines(path, records: list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def standard(no: str, title: str, **extra) -> dict:
    return {
        "standard_no": no,
        "title": title,
        "list_type": "issued",
        "implementation_date": "2023-12-01",
        **extra,
    }


def test_folder_slice_imports_every_kind_as_live_pages(data_slice, site_tree):
    report = run_import(data_slice(SLICE))

    assert report.errors == []
    created = {k: c["created"] for k, c in report.counts.items()}
    # The first 6 announcement lines are 6 different announcements (variants are far apart).
    assert created == {
        "law": 3,
        "notice": 6 + 2 + 1,
        "standard": 4,
        "spotcheck": 1,
        "notification": 3,
        "guide": 2,
    }
    models = [LawPage, NoticePage, StandardPage, SpotCheckPage, NotificationPage, GuidePage]
    pages = [p for m in models for p in m.objects.all()]
    assert sorted(p.pk for p in pages) == sorted(report.published_ids)
    for page in pages:
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision_id is not None
        assert page.get_parent().specific.section_type == page.type_key
    # One announcement with all its rows (the first 5 rows share a source_id).
    spotcheck = SpotCheckPage.objects.get()
    assert spotcheck.results.count() == 5 and spotcheck.region == "北京"
    law = LawPage.objects.get(source_key="ac37f679169c4a1bbaa119af115a4ee5")
    assert law.level == "judicial-interpretation" and law.issuer == "最高人民检察院"
    assert law.text and "INFO END" not in law.text and law.history
    assert PageLogEntry.objects.filter(action="wagtail.publish").count() >= len(pages)


def test_second_import_changes_nothing(data_slice, site_tree):
    folder = data_slice(SLICE)
    first = run_import(folder)
    revisions = Revision.objects.count()

    second = run_import(folder)

    assert second.total("created") == second.total("updated") == 0
    assert second.total("unchanged") == first.total("created") == 22
    assert second.published_ids == []
    assert Revision.objects.count() == revisions


def test_changed_record_updates_in_place_and_keeps_url(tmp_path, site_tree):
    path = tmp_path / "standards" / "sn_standards.jsonl"
    write_lines(path, [standard("SN/T 5489-2023", "旧标题")])
    run_import(path)
    page = StandardPage.objects.get()
    url = page.to_document().url

    write_lines(path, [standard("SN/T 5489—2023 ", "新标题")])  # same number, other dash
    report = run_import(path)

    assert report.counts["standard"]["updated"] == 1
    page = StandardPage.objects.get()
    assert page.title == "新标题" and page.to_document().url == url
    assert page.revisions.count() == 2


def test_broken_rows_are_reported_and_good_rows_imported(tmp_path, site_tree):
    path = tmp_path / "standards" / "sn_standards.jsonl"
    write_lines(
        path,
        [
            standard("SN/T 1-2020", "好的一"),
            standard("SN/T 2-2020", ""),  # line 2: empty title
            "{not json",  # line 3
            standard("SN/T 3-2020", "日期错", implementation_date="2020-13-45"),  # line 4
            standard("SN/T 4-2020", "好的二"),
        ],
    )

    report = run_import(path)

    assert sorted(StandardPage.objects.values_list("title", flat=True)) == ["好的一", "好的二"]
    assert [(e.file, e.line, e.field) for e in report.errors] == [
        (str(path), 2, "title"),
        (str(path), 3, "json"),
        (str(path), 4, "implementation_date"),
    ]
    assert str(report.errors[0]).startswith(f"{path}:2: title: ")
    assert report.counts["standard"] == {"created": 2, "updated": 0, "unchanged": 0, "failed": 3}


def test_gbk_file_imports(tmp_path, site_tree):
    path = tmp_path / "sn_standards.jsonl"
    records = [
        standard(f"SN/T {n}-2021", title)
        for n, title in enumerate(
            ["进出口食品中农药残留量的测定", "出口玩具检验规程", "进境植物检疫规程"], 1
        )
    ]
    path.write_bytes("\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("gbk"))

    report = run_import(path, type="standard")

    assert report.errors == []
    titles = set(StandardPage.objects.values_list("title", flat=True))
    assert titles == {r["title"] for r in records}


def test_control_characters_and_script_are_removed(tmp_path, site_tree):
    path = tmp_path / "notices" / "gacc_policy_interpretations.jsonl"
    write_lines(
        path,
        [
            {
                "record_id": "gacc-0123456789abcdef",
                "kind": "政策解读",
                "title": "关于\x07某公告的解读<script>alert(1)</script>",
                "content": "一、背景\x00说明<script>document.cookie</script>。",
                "issuing_authority_assumed": "海关总署",
            }
        ],
    )

    run_import(path)

    page = NoticePage.objects.get()
    assert page.title == "关于某公告的解读"
    doc = page.to_document()
    assert "script" not in doc.body_html and "cookie" not in doc.body_text
    assert doc.body_text == "一、背景说明。"
    assert doc.url == "/notices/interpretation-01234567/"


def test_dry_run_writes_nothing(data_slice, site_tree):
    report = run_import(data_slice({"wto/notifications.jsonl": 2}), dry_run=True)
    assert report.counts["notification"]["created"] == 2
    assert NotificationPage.objects.count() == 0 and report.published_ids == []


def test_unknown_file_needs_a_type(tmp_path, site_tree):
    path = tmp_path / "whatever.jsonl"
    write_lines(path, [standard("SN/T 1-2020", "标题")])
    with pytest.raises(ValueError, match="give it with --type"):
        run_import(path)


def test_duplicate_natural_key_is_reported_not_flipped(tmp_path, site_tree):
    path = tmp_path / "standards" / "sn_standards.jsonl"
    # As in the real list: SN/T 5278-2020 is printed for two different standards.
    write_lines(
        path,
        [
            standard("SN/T 5278-2020", "进口含再用零部件产品检验规程"),
            standard("SN/T 5278-2020", "鲤浮肿病检疫技术规范"),
        ],
    )

    first = run_import(path)
    second = run_import(path)

    assert [(e.line, e.field) for e in first.errors] == [(2, "key")]
    assert StandardPage.objects.get().title == "进口含再用零部件产品检验规程"
    assert second.counts["standard"]["unchanged"] == 1 and second.total("updated") == 0


def test_bad_spotcheck_row_is_left_out_of_its_announcement(tmp_path, shared_data, site_tree):
    source = shared_data / "spotchecks" / "automotive_fluid_spotchecks.jsonl"
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()[:3]]
    rows[1]["product_name"] = ""
    path = tmp_path / "spotchecks" / "automotive_fluid_spotchecks.jsonl"
    write_lines(path, rows)

    report = run_import(path)

    assert [(e.line, e.field) for e in report.errors] == [(2, "product_name")]
    assert SpotCheckPage.objects.get().results.count() == 2
