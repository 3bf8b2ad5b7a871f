"""The HTTP surface: search API validation, the static site server, Wagtail API v2."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from contentmodels.notices import NoticePage
from contentmodels.tree import ensure_site_tree, section_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_notice(jinzhi_home, publish_now):
    ensure_site_tree()
    page = NoticePage(
        title="关于进口冷链食品检验检疫要求的公告",
        number="公告〔2024〕151号",
        issue_date=datetime.date(2024, 11, 1),
        issuer=["海关总署"],
        body="<p>进口冷链食品应当符合我国食品安全国家标准。</p>",
    )
    section_for("notice").add_child(instance=page)
    publish_now(lambda: page.save_revision().publish())
    return page


def test_search_api_returns_the_documented_shape(client, published_notice):
    response = client.get("/api/search", {"q": "冷链食品"})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 1
    hit = data["hits"][0]
    assert {"id", "type", "title", "url", "date", "snippet"} <= set(hit)
    assert hit["id"] == str(published_notice.pk)
    assert hit["url"].startswith("/notices/") and hit["url"].isascii()
    assert "<mark>" in hit["snippet"]
    assert data["facets"]["type"] == {"notice": 1}


@pytest.mark.parametrize(
    "q",
    [
        "公告〔2024〕151号",
        '"冷链',
        "(食品]",
        "a/b\\c",
        "*",
        "-食品",
        "食品 AND OR NOT",
        "\x00\x07食品",
        "<script>alert(1)</script>",
        "x" * 10_000,
    ],
)
def test_search_api_never_fails_on_odd_queries(client, published_notice, q):
    response = client.get("/api/search", {"q": q})
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert response.json()["error"]
    else:
        assert response["Content-Type"].startswith("application/json")
        assert "<script>" not in str(response.json()["hits"])


@pytest.mark.parametrize(
    "params",
    [
        {"q": "食品", "page": "abc"},
        {"q": "食品", "page": "0"},
        {"q": "食品", "per_page": "100000"},
        {"q": "食品", "sort": "x"},
    ],
)
def test_search_api_rejects_bad_parameters_with_a_reason(client, published_notice, params):
    response = client.get("/api/search", params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_static_site_is_served_and_contained(client, published_notice):
    url = published_notice.to_document().url
    page = client.get(url)
    assert page.status_code == 200
    assert "关于进口冷链食品检验检疫要求的公告" in b"".join(page.streaming_content).decode()
    assert client.get(url.rstrip("/")).status_code in (301, 302)
    assert client.get("/../../etc/passwd").status_code == 404
    missing = client.get("/notices/no-such-page/")
    assert missing.status_code == 404
    feed = client.get("/feeds/all.atom.xml")
    assert feed["Content-Type"].startswith("application/atom+xml")


def test_wagtail_api_v2_lists_published_pages(client, published_notice):
    response = client.get(
        "/api/v2/pages/", {"type": "contentmodels.NoticePage", "fields": "number"}
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["number"] for i in items] == ["公告〔2024〕151号"]
    assert client.get("/api/v2/pages/", {"limit": "abc"}).status_code == 400


def test_openapi_describes_the_search_api_as_it_answers(client, published_notice):
    spec = client.get("/api/openapi.json").json()
    operation = spec["paths"]["/api/search"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "type", "page", "per_page", "sort"} <= names
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    answer = client.get("/api/search", {"q": "冷链"}).json()
    assert set(schema["required"]) <= set(answer)
    assert set(schema["properties"]["hits"]["items"]["required"]) <= set(answer["hits"][0])
    assert "400" in operation["responses"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_search_api_refuses_other_methods_with_405_json(published_notice, method):
    # A real client sends no CSRF token: the answer must still be the API's own 405.
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)("/api/search?q=冷链")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response["Content-Type"].startswith("application/json")
    assert method.upper() in response.json()["error"]


def test_search_api_answers_head(client, published_notice):
    response = client.head("/api/search", {"q": "冷链"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


def test_csrf_still_guards_the_admin(published_notice):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
