"""The search page without JavaScript, and feeds of a saved search (conditional GET)."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from lxml import etree, html

from contentmodels.laws import LawLevel, LawPage, LawStatus
from contentmodels.notices import NoticePage
from contentmodels.standards import StandardPage, StandardStatus
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


@pytest.mark.parametrize("if_none_match", ["*", '"other", {etag}', "W/{etag}"])
def test_query_feed_if_none_match_star_list_and_weak_tags(client, notices, if_none_match):
    etag = client.get("/feeds/search", {"q": "头盔"})["ETag"]
    response = client.get(
        "/feeds/search", {"q": "头盔"}, HTTP_IF_NONE_MATCH=if_none_match.format(etag=etag)
    )
    assert response.status_code == 304
    assert response["ETag"] == etag
    other = client.get("/feeds/search", {"q": "头盔"}, HTTP_IF_NONE_MATCH='"other"')
    assert other.status_code == 200


@pytest.mark.parametrize("address", ["/feeds/search", "/search/"])
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_query_feed_and_search_page_refuse_other_methods_with_405(notices, method, address):
    client = Client(enforce_csrf_checks=True)  # as a real client: no CSRF token
    response = getattr(client, method)(f"{address}?q=头盔")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.head(f"{address}?q=头盔").status_code == 200


LONG_QUERY = "头盔 " * 2000  # 6,000 characters; the search reads only the first 200


def _query_of(href: str) -> str:
    return parse_qs(urlsplit(href).query).get("q", [""])[0]


def test_search_page_for_a_long_query_repeats_only_the_searched_query(client, notices):
    response = client.get("/search/", {"q": LONG_QUERY})
    assert response.status_code == 200
    assert len(response.content) < 100_000
    page = html.fromstring(response.content.decode())
    assert len(page.xpath('//ol[@id="search-results"]/li')) == 2
    links = page.xpath('//ul[@class="facets"]//a/@href | //p[@id="search-status"]//a/@href')
    links += page.xpath('//link[@rel="alternate"][contains(@href, "/feeds/search")]/@href')
    assert len(links) > 4 and any("/feeds/search?" in href for href in links)
    for href in links:
        assert 0 < len(_query_of(href)) <= 200, href
    (value,) = page.xpath('//input[@name="q"]/@value')
    assert value == LONG_QUERY[:200].strip()


def test_query_feed_for_a_long_query_names_only_the_searched_query(client, notices):
    response = client.get("/feeds/search", {"q": LONG_QUERY})
    assert response.status_code == 200
    feed = etree.fromstring(response.content)
    assert len(feed.findall("a:entry", ATOM)) == 2
    title = feed.findtext("a:title", namespaces=ATOM)
    assert LONG_QUERY[:200].strip() in title and len(title) < 250
    (self_link,) = feed.xpath('a:link[@rel="self"]/@href', namespaces=ATOM)
    assert _query_of(self_link) == LONG_QUERY[:200].strip()
    assert feed.findtext("a:id", namespaces=ATOM) == self_link


@pytest.fixture
def repealed(jinzhi_home, publish_now):
    """An abolished standard (its list says 废止) and a repealed law (已废止)."""
    ensure_site_tree()
    standard = StandardPage(
        title="进出境动物检疫采样规程",
        standard_no="SN/T 0001-2010",
        implementation_date=datetime.date(2010, 5, 1),
        status=StandardStatus.ABOLISHED,
    )
    law = LawPage(
        title="进出境动物检疫管理办法",
        level=LawLevel.DEPARTMENTAL,
        promulgation_date=datetime.date(2002, 1, 1),
        status=LawStatus.REPEALED,
        text="第一条 为了做好进出境动物检疫工作，制定本办法。",
    )
    current = StandardPage(
        title="进出境动物检疫消毒规程",
        standard_no="SN/T 0002-2020",
        implementation_date=datetime.date(2020, 5, 1),
    )
    for page in (standard, law, current):
        section_for(page.type_key).add_child(instance=page)
        publish_now(lambda p=page: p.save_revision().publish())
    return standard, law, current


def test_status_facet_has_one_value_per_meaning(client, public, repealed):
    facets = client.get("/api/search", {"q": "动物检疫"}).json()["facets"]
    assert facets["status"] == {"已废止": 2, "有效": 1}
    found = client.get("/api/search", {"q": "动物检疫", "status": "已废止"}).json()
    assert {h["title"] for h in found["hits"]} == {
        "进出境动物检疫采样规程",
        "进出境动物检疫管理办法",
    }

    page = html.fromstring(client.get("/search/", {"q": "动物检疫"}).content.decode())
    shown = page.xpath('//ul[@aria-label="时效性"]//a/text()')
    assert sorted(s.strip() for s in shown) == ["已废止", "有效"]

    # The standard's own page keeps its catalogue's wording.
    standard_page = public.page(repealed[0].to_document().url)
    cells = standard_page.xpath('//table[@class="meta"]//tr[th="状态"]/td/text()')
    assert cells == ["废止"]


@pytest.mark.parametrize("address", ["/search/", "/feeds/search", "/api/search"])
def test_dates_at_the_ends_of_the_calendar_mean_from_the_start_and_to_the_end(
    client, notices, address
):
    """0001-01-01 and 9999-12-31 used to overflow once shifted to UTC (a 500)."""
    response = client.get(
        address, {"q": "头盔", "date_from": "0001-01-01", "date_to": "9999-12-31"}
    )
    assert response.status_code == 200
    assert "关于电动自行车头盔抽查的公告" in response.content.decode()


@pytest.mark.parametrize("address", ["/search/", "/feeds/search", "/api/search"])
def test_non_characters_in_query_and_filters_are_dropped(client, notices, address):
    """U+FFFE/U+FFFF are not allowed in XML: the feed writer refused them (a 500)."""
    response = client.get(
        address, {"q": "头\ufffe盔\uffff", "issuer": "示例市\ufdd0市场监督管理局"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "\ufffe" not in body and "\uffff" not in body
    assert "电动自行车头盔抽查结果的公告" in body


def test_query_feed_title_spells_out_query_filters_and_dates(client, notices):
    response = client.get(
        "/feeds/search",
        {
            "q": '"电动自行车 头盔"',
            "type": "notice",
            "issuer": "示例市市场监督管理局",
            "date_from": "2025-03-01",
        },
    )
    title = etree.fromstring(response.content).findtext("a:title", namespaces=ATOM)
    assert title == (
        "金质 · 检索订阅 · “电动自行车 头盔”；类别：公告；发布机构：示例市市场监督管理局；"
        "日期：2025-03-01 至 不限"
    )


def test_search_with_several_types_and_a_misspelt_filter(client, notices):
    both = client.get("/api/search", {"q": "头盔", "type": ["law", "notice"]}).json()
    assert both["total"] == 2
    wrong = client.get("/api/search", {"q": "头盔", "isuer": "示例市市场监督管理局"})
    assert wrong.status_code == 400 and "isuer" in wrong.content.decode()
    assert client.get("/search/", {"q": "头盔", "isuer": "x"}).status_code == 400
    assert client.get("/feeds/search", {"q": "头盔", "isuer": "x"}).status_code == 400


def test_a_page_beyond_the_last_says_so_and_links_back(client, notices):
    response = client.get("/search/", {"q": "头盔", "per_page": "1", "page": "5"})
    assert response.status_code == 200
    page = html.fromstring(response.content.decode())
    pagination = page.get_element_by_id("search-pages").text_content()
    assert "共 2 页，第 5 页没有结果" in pagination and "5 / 2" not in pagination
    back = page.xpath('//nav[@id="search-pages"]/a[@rel="prev"]/@href')[0]
    assert parse_qs(urlsplit(back).query)["page"] == ["2"]


def test_the_last_page_that_can_be_asked_for_has_no_next_link():
    """Past page 100 the search answers 400; page 100 of 109 says so instead of linking on."""
    from sitebuild.search_page import search_context

    results = {"total": 1084, "hits": [], "facets": {}, "page": 100, "per_page": 10}
    context = search_context(results, {"q": ["产品"], "page": ["100"]})
    assert context["next_href"] == "" and context["more_than_shown"]
    earlier = search_context({**results, "page": 99}, {"q": ["产品"], "page": ["99"]})
    assert "page=100" in earlier["next_href"] and not earlier["more_than_shown"]


def test_a_document_without_its_own_date_shows_none_and_sorts_last(client, data_slice, jinzhi_home):
    """A 办事指南 has no date of its own: search shows none (not the day it was imported),
    sorts it after dated documents and leaves it out of date ranges."""
    from cms.importing import run_import
    from cms.publishing import publish_all

    ensure_site_tree()
    rows = {"guides/guides.jsonl": 1, "notices/gacc_notices.jsonl": 40}
    assert run_import(data_slice(rows)).errors == []
    publish_all(full=True)
    guide_title = "制造计量器具许可"

    hits = client.get("/api/search", {"q": "许可", "sort": "date", "per_page": 50}).json()["hits"]
    assert len(hits) > 1 and hits[-1]["title"] == guide_title and hits[-1]["date"] == ""
    assert all(h["date"] for h in hits[:-1])
    dated = client.get("/api/search", {"q": "许可", "date_from": "2000-01-01"}).json()
    assert guide_title not in [h["title"] for h in dated["hits"]]
    page = html.fromstring(client.get("/search/", {"q": guide_title}).content.decode())
    (item,) = page.xpath('//ol[@id="search-results"]/li')
    assert not item.xpath(".//time")


def test_the_search_address_without_its_slash_keeps_the_query(client, notices):
    response = client.get("/search", {"q": "头盔", "type": "notice"})
    assert response.status_code in (301, 302)
    target = urlsplit(response["Location"])
    assert target.path == "/search/"
    assert parse_qs(target.query) == {"q": ["头盔"], "type": ["notice"]}


def test_sharing_tails_are_not_carried_into_links(client, notices):
    response = client.get("/search/", {"q": "头盔", "utm_source": "wx", "from": "singlemessage"})
    assert response.status_code == 200
    page = html.fromstring(response.content.decode())
    hrefs = [a.get("href") for a in page.xpath("//a[@href]") if "q=" in a.get("href")]
    assert hrefs and not any("utm_source" in h or "singlemessage" in h for h in hrefs)
