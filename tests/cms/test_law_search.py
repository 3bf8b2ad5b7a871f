"""Searching laws as people type them, on real laws published through the CMS: the law named
in the query first, its article as the link and snippet, the law itself for its own name."""

from __future__ import annotations

import pytest

from cms.importing import run_import
from cms.publishing import publish_all

pytestmark = pytest.mark.django_db

# 0-based lines of laws/index.jsonl: the national laws and the local regulations that cite them.
LAWS = {
    "产品质量法": 383,
    "农产品质量安全法 (2018)": 426,
    "农产品质量安全法": 427,
    "食品安全法": 678,
    "食品安全法实施条例": 1261,
    "上海市产品质量条例": 1300,
    "上海市实施食品安全法办法": 1384,
    "山东省实施产品质量法办法": 1648,
    "河南省产品质量监督管理条例": 1702,
    "浙江省产品质量监督条例": 1758,
}
PRODUCT_QUALITY_LAW = "中华人民共和国产品质量法"


@pytest.fixture
def search(data_slice, public):
    assert run_import(data_slice({"laws/index.jsonl": sorted(LAWS.values())})).errors == []
    publish_all(full=True)
    return lambda q: public.search(q)["hits"]


@pytest.mark.parametrize("query", ["产品质量法 第二十六条", "产品质量法第二十六条"])
def test_a_law_and_an_article_number_find_that_article_of_that_law(search, query):
    first = search(query)[0]
    assert first["title"] == PRODUCT_QUALITY_LAW
    assert first["url"].endswith("#第二十六条")
    assert "生产者应当对其生产的产品质量负责" in first["snippet"]


def test_an_article_number_links_every_law_to_that_article(search):
    hits = search("第二十六条")
    assert len(hits) >= 5
    assert all(hit["url"].endswith("#第二十六条") for hit in hits)


def test_the_name_of_a_law_finds_the_law_itself_not_an_article_that_mentions_it(search):
    first, *others = search("食品安全法")
    assert first["title"] == "中华人民共和国食品安全法"
    assert "#" not in first["url"]  # 第十条 holds 食品安全法律, which is not the law's name
    # A law that only cites it links to the article that does: 《中华人民共和国食品安全法》对…
    (citing,) = [h for h in others if h["title"] == "中华人民共和国农产品质量安全法"]
    assert citing["url"].endswith("#第三条")


@pytest.mark.parametrize("query", ['"产品 质量"', "产品 质量", "产品质量"])
def test_words_of_a_title_rank_that_law_first_and_link_the_law_itself(search, query):
    first = search(query)[0]
    assert first["title"] == PRODUCT_QUALITY_LAW
    assert "#" not in first["url"]


def test_quoted_results_are_a_subset_of_unquoted_ones(search):
    quoted = {hit["id"] for hit in search('"产品 质量"')}
    assert quoted and quoted <= {hit["id"] for hit in search("产品 质量")}


def test_a_query_feed_links_each_law_to_the_matching_article(search, client):
    from lxml import etree

    atom = {"a": "http://www.w3.org/2005/Atom"}
    response = client.get("/feeds/search", {"q": "产品质量法 第二十六条", "type": "law"})
    assert response.status_code == 200
    entries = etree.fromstring(response.content).findall("a:entry", atom)
    law = next(e for e in entries if e.findtext("a:title", namespaces=atom) == PRODUCT_QUALITY_LAW)
    assert (
        law.find("a:link", atom)
        .get("href")
        .endswith("/laws/chanpinzhiliangfa-2018-12-29/#第二十六条")
    )
    assert "#" not in law.findtext("a:id", namespaces=atom)  # the entry is still the law


# 宪法 and its 5 amendments, 刑法 and its 12 amendments, a local regulation on 宪法宣誓.
CODES_AND_AMENDMENTS = [*range(365, 371), *range(434, 447), 1385]


@pytest.mark.parametrize(
    ("query", "title", "anchor"),
    [
        ("刑法", "中华人民共和国刑法", ""),
        ("中华人民共和国刑法", "中华人民共和国刑法", ""),
        ("刑法第一百四十条", "中华人民共和国刑法", "#第一百四十条"),
        ("刑法 第一百四十条", "中华人民共和国刑法", "#第一百四十条"),
        ("宪法", "中华人民共和国宪法", ""),
        ("中华人民共和国宪法", "中华人民共和国宪法", ""),
    ],
)
def test_a_code_ranks_above_its_amendments(data_slice, public, query, title, anchor):
    """Every amendment's title holds the code's name too; the code is what was asked for."""
    assert run_import(data_slice({"laws/index.jsonl": CODES_AND_AMENDMENTS})).errors == []
    publish_all(full=True)
    first = public.search(query)["hits"][0]
    assert (first["title"], first["url"][first["url"].find("#") :] if anchor else "") == (
        title,
        anchor,
    )
    assert anchor or "#" not in first["url"]
