"""WTO notifications on real data: addenda threaded under their base, the comment period
decided from the date (at export and in the page), HS codes at 2, 4 and 6 digits."""

from __future__ import annotations

import json
from datetime import date
from unittest import mock

import pytest

from cms.importing import run_import
from cms.publishing import publish_all
from contentmodels.pages import NotificationPage
from contentmodels.wto import base_symbol, hs_chapters, hs_headings

pytestmark = pytest.mark.django_db

PER_111_ADD_1 = 195  # 0-based lines of wto/notifications.jsonl
BDI_189_ADD_1, BDI_189_ADD_2 = 103, 104
BRA_1488 = 10  # regular, comment deadline 2019-05-16


def records(shared_data, *lines: int) -> list[dict]:
    rows = (shared_data / "wto/notifications.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(rows[n]) for n in lines]


def import_records(tmp_path, rows: list[dict]) -> None:
    path = tmp_path / "wto" / "notifications.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    report = run_import(path)
    assert report.errors == []


def test_base_symbols_and_hs_levels():
    assert base_symbol("G/TBT/N/PER/111/Add.1") == "G/TBT/N/PER/111"
    assert base_symbol("G/TBT/N/BRA/325/Rev.1/Add.1") == "G/TBT/N/BRA/325"
    assert base_symbol("G/TBT/N/PER/107/Add....") == "G/TBT/N/PER/107"  # truncated on the page
    assert base_symbol("G/TBT/N/USA/1436") == "G/TBT/N/USA/1436"
    assert hs_chapters(["850760"]) == ["85"] and hs_headings(["850760"]) == ["8507"]
    assert hs_headings(["8415.10", " 0105", "23"]) == ["0105", "8415"]


def test_addendum_links_to_its_base_and_the_base_lists_it(
    shared_data, tmp_path, jinzhi_home, public
):
    [addendum] = records(shared_data, PER_111_ADD_1)
    # The corpus holds no base for any addendum: this base record is the addendum's own
    # record under the base symbol, so the thread can be shown from both ends.
    base = dict(addendum, symbol="G/TBT/N/PER/111", symbols=["G/TBT/N/PER/111"])
    base["notification_type"] = "regular"
    import_records(tmp_path, [addendum, base])
    publish_all(full=True)

    add_page = NotificationPage.objects.get(symbol="G/TBT/N/PER/111/Add.1")
    base_page = NotificationPage.objects.get(symbol="G/TBT/N/PER/111")
    add_doc, base_doc = add_page.to_document(), base_page.to_document()
    assert [(link.rel, link.url) for link in add_doc.links] == [("base", base_doc.url)]
    assert [(link.rel, link.url, link.note) for link in base_doc.links] == [
        ("addendum", add_doc.url, "补遗")
    ]
    assert base_page.pk in add_page.dependent_page_ids()
    html = public.page(base_doc.url)
    assert html.xpath(f'//section[@class="related"]//a[@href="{add_doc.url}"]')


def test_addenda_without_base_name_it_and_list_each_other(shared_data, tmp_path, site_tree):
    import_records(tmp_path, records(shared_data, BDI_189_ADD_1, BDI_189_ADD_2))
    first = NotificationPage.objects.get(symbol="G/TBT/N/BDI/189/Add.1")
    second = NotificationPage.objects.get(symbol="G/TBT/N/BDI/189/Add.2")
    links = first.to_document().links
    assert (links[0].rel, links[0].title, links[0].url) == ("base", "G/TBT/N/BDI/189", "")
    assert [link.url for link in links[1:]] == [second.to_document().url]


@pytest.mark.parametrize(
    ("today", "expected", "state"),
    [(date(2019, 5, 16), "是", "开放评议中"), (date(2019, 5, 17), "否", "评议已截止")],
)
def test_open_for_comment_follows_the_date(
    shared_data, tmp_path, jinzhi_home, public, today, expected, state
):
    import_records(tmp_path, records(shared_data, BRA_1488))
    with mock.patch("contentmodels.clock.today", return_value=today):
        publish_all(full=True)
        doc = NotificationPage.objects.get().to_document()
    assert doc.facets["open_for_comment"] == [expected]
    assert doc.field_value("comment_until") == "2019-05-16"
    html = public.page(doc.url)
    [deadline] = html.xpath("//*[@data-deadline]")
    assert deadline.get("data-deadline") == "2019-05-16"
    assert state in deadline.text_content()
    # The page re-decides it in the browser, so an old static page is never stale.
    assert html.xpath('//script[contains(@src, "/theme/js/deadline.js")]')
    assert (jinzhi_home / "public" / "theme" / "js" / "deadline.js").is_file()


def test_relative_deadline_is_counted_from_distribution(shared_data, tmp_path, site_tree):
    [row] = records(shared_data, BRA_1488)
    row.update(comment_deadline="", comment_deadline_raw="通报之后60天")
    row.update(distribution_date="2024-01-01")
    import_records(tmp_path, [row])
    page = NotificationPage.objects.get()
    with mock.patch("contentmodels.clock.today", return_value=date(2024, 3, 1)):
        assert page.to_document().facets["open_for_comment"] == ["是"]
    assert page.to_document().field_value("comment_until") == "2024-03-01"


def test_a_notification_without_deadline_has_no_script(shared_data, tmp_path, jinzhi_home, public):
    import_records(tmp_path, records(shared_data, BDI_189_ADD_1))
    publish_all(full=True)
    doc = NotificationPage.objects.get().to_document()
    assert "open_for_comment" not in doc.facets
    assert not public.page(doc.url).xpath("//script[contains(@src, 'deadline.js')]")


def test_hs_six_digit_code_gives_chapter_and_heading(shared_data, tmp_path, site_tree):
    [row] = records(shared_data, BRA_1488)
    row["hs_codes"] = ["850760"]
    import_records(tmp_path, [row])
    doc = NotificationPage.objects.get().to_document()
    assert doc.facets["hs_chapter"] == ["85"] and doc.facets["hs_heading"] == ["8507"]
    assert "notification/hs_chapter/85" in {f.key for f in doc.feeds}
    assert "8507" in doc.search_text
