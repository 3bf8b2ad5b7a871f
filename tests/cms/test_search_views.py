"""The search page without JavaScript, and feeds of a saved search (conditional GET)."""

from __future__ import annotations

import datetime

import pytest
from lxml import etree, html

from contentmodels.notices import NoticePage
from contentmodels.tree import ensure_site_tree, section_for

pytestmark = pytest.mark.django_db
ATOM = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def notices(jinzhi_home, publish_now):
    ensure_site_tree()
    pages = []
    for day, title in [(1, "关于电动自行车头盔抽查的公告"), (9, "电动自行车头盔抽查结果的公告")]:
        page = NoticePage(
            title=title,
            number=f"公告〔2025〕{day}号",
            issue_date=datetime.date(2025, 3, day),
            issuer=["示例市市场监督管理局"],
            body="<p>本次抽查电动自行车头盔二十批次。</p>",
        )
        section_for("notice").add_child(instance=page)
        publish_now(lambda p=page: p.save_revision().publish())
        pages.append(page)
    return pages


def test_search_page_answers_without_javascript(client, notices):
    response = client.get("/search/", {"q": "头盔", "sort": "date"})
    assert response.status_code == 200
    page = html.fromstring(response.content.decode())
    titles = [a.text_content() for a in page.xpath('//ol[@id="search-results"]/li/a')]
    assert titles == ["电动自行车头盔抽查结果的公告", "关于电动自行车头盔抽查的公告"]
    assert page.xpath('//ol[@id="search-results"]//mark')
    facet_links = [a.get("href") for a in page.xpath('//ul[@class="facets"]//a')]
    assert any("type=notice" in href for href in facet_links)
    subscribe = page.xpath('//a[@class="subscribe"]')[0].get("href")
    assert subscribe.startswith("/feeds/search?") and "q=%E5%A4%B4%E7%9B%94" in subscribe


def test_search_page_without_query_is_the_static_page(client, notices):
    response = client.get("/search/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert 'id="search-form"' in body and "data-server-rendered" not in body


def test_search_page_explains_bad_parameters(client, notices):
    response = client.get("/search/", {"q": "头盔", "page": "abc"})
    assert response.status_code == 400
    assert "page 须为整数" in response.content.decode()


def test_query_feed_lists_newest_matches_and_supports_conditional_get(client, notices, publish_now):
    response = client.get("/feeds/search", {"q": "头盔", "type": "notice"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    assert "头盔" in feed.findtext("a:title", namespaces=ATOM)
    assert "公告" in feed.findtext("a:title", namespaces=ATOM)
    titles = [e.findtext("a:title", namespaces=ATOM) for e in feed.findall("a:entry", ATOM)]
    assert titles == ["电动自行车头盔抽查结果的公告", "关于电动自行车头盔抽查的公告"]

    etag = response["ETag"]
    again = client.get("/feeds/search", {"q": "头盔", "type": "notice"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    since = client.get(
        "/feeds/search",
        {"q": "头盔", "type": "notice"},
        HTTP_IF_MODIFIED_SINCE=response["Last-Modified"],
    )
    assert since.status_code == 304

    publish_now(lambda: notices[1].unpublish())
    changed = client.get("/feeds/search", {"q": "头盔", "type": "notice"}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    feed = etree.fromstring(changed.content)
    titles = [e.findtext("a:title", namespaces=ATOM) for e in feed.findall("a:entry", ATOM)]
    assert titles == ["关于电动自行车头盔抽查的公告"]


def test_query_feed_rss_and_bad_input(client, notices):
    rss = client.get("/feeds/search", {"q": "头盔", "format": "rss"})
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    assert len(etree.fromstring(rss.content).findall("channel/item")) == 2
    assert client.get("/feeds/search", {"q": "头盔", "format": "pdf"}).status_code == 400
    assert client.get("/feeds/search", {"q": '(*"[', "type": "nosuch"}).status_code == 400
    assert client.get("/feeds/search", {"q": '(*"['}).status_code == 200


def test_search_page_filters_by_date_without_javascript(client, notices):
    response = client.get(
        "/search/", {"q": "头盔", "date_from": "2025-03-05", "date_to": "2025-03-31"}
    )
    page = html.fromstring(response.content.decode())
    titles = [a.text_content() for a in page.xpath('//ol[@id="search-results"]/li/a')]
    assert titles == ["电动自行车头盔抽查结果的公告"]
    assert page.xpath('//input[@name="date_from"]/@value') == ["2025-03-05"]
    assert client.get("/search/", {"q": "头盔", "date_from": "2025-02-30"}).status_code == 400
