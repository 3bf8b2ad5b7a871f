"""Editors find pages by Chinese words in Wagtail's admin search (and API v2 `?search=`)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from contentmodels.notices import NoticePage
from contentmodels.tree import ensure_site_tree, section_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices(db, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.JINZHI = __import__("dataclasses").replace(settings.JINZHI, home=tmp_path)
    ensure_site_tree()
    pages = []
    for title, number in [
        ("关于开展电动自行车头盔质量监督抽查的公告", "公告〔2025〕71号"),
        ("关于进口冷链食品检验检疫要求的公告", "公告〔2025〕72号"),
    ]:
        page = NoticePage(title=title, number=number, issue_date=datetime.date(2025, 1, 1))
        # Wagtail updates its search index in a task queued when the transaction commits.
        with django_capture_on_commit_callbacks(execute=True):
            section_for("notice").add_child(instance=page)
            page.save_revision().publish()
        pages.append(page)
    return pages


@pytest.mark.parametrize("query", ["头盔", "质量监督", "监督抽查", "自行车头盔质量"])
def test_words_inside_a_chinese_title_are_found(notices, query):
    found = list(Page.objects.live().search(query))
    assert [p.pk for p in found] == [notices[0].pk]


def test_admin_search_for_a_quoted_phrase(client, notices):
    client.force_login(get_user_model().objects.create_superuser("ed", "ed@example.org", "pw"))
    html = client.get("/admin/pages/search/", {"q": '"冷链食品"'}).content.decode()
    assert f"/admin/pages/{notices[1].pk}/edit/" in html
    assert f"/admin/pages/{notices[0].pk}/edit/" not in html


def test_document_number_and_traditional_characters(notices):
    assert [p.pk for p in Page.objects.live().search("冷鏈食品")] == [notices[1].pk]
    assert [p.pk for p in Page.objects.live().search("公告〔2025〕72号")] == [notices[1].pk]


def test_admin_page_search_view(client, notices):
    client.force_login(get_user_model().objects.create_superuser("ed", "ed@example.org", "pw"))
    response = client.get("/admin/pages/search/", {"q": "冷链"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "关于进口冷链食品检验检疫要求的公告" in html
    assert "电动自行车头盔" not in html


def test_a_pasted_page_of_text_is_searched_not_a_server_error(client, notices):
    """A 2,000-character query used to nest one expression per bigram past Python's recursion
    limit (a 500 in the admin and in API v2); it is cut to the public search's length."""
    long_query = "关于进口冷链食品检验检疫要求的公告" + "质量监督抽查产品合格率" * 200
    client.force_login(get_user_model().objects.create_superuser("ed", "ed@example.org", "pw"))
    response = client.get("/admin/pages/search/", {"q": long_query})
    assert response.status_code == 200
    assert f"/admin/pages/{notices[1].pk}/edit/" not in response.content.decode()

    response = client.get("/api/v2/pages/", {"search": long_query})
    assert response.status_code == 200
    assert response.json()["items"] == []

    response = client.get("/api/v2/pages/", {"search": "关于进口冷链食品检验检疫要求的公告 " * 10})
    assert [item["id"] for item in response.json()["items"]] == [notices[1].pk]


@pytest.mark.parametrize("query", ["(", "*", "。", "〔〕", "“”", "—", "😀", "\\"])
def test_admin_search_for_punctuation_alone_finds_nothing_without_an_error(client, notices, query):
    client.force_login(get_user_model().objects.create_superuser("ed", "ed@example.org", "pw"))
    response = client.get("/admin/pages/search/", {"q": query})
    assert response.status_code == 200
    assert f"/admin/pages/{notices[0].pk}/edit/" not in response.content.decode()
