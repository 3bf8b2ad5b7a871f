"""Full builds: document pages, law anchors and ToC, listings, home, search, 404, escaping."""

from __future__ import annotations

import os

import pytest

from contentmodels.document import Document
from sitebuild.dates import newest_first


def _texts(nodes) -> list[str]:
    return [" ".join(n.text_content().split()) for n in nodes]


def test_full_build_publishes_release_behind_symlink(site):
    report = site.publish()
    assert report.mode == "full"
    assert site.public.is_symlink()
    assert site.public.resolve() == report.release
    assert report.documents == len(site.documents)
    assert report.pages_written > len(site.documents)  # + listings, home, search, 404, feeds index
    assert report.feeds_written > 0
    assert (report.release / "theme" / "css" / "jinzhi.css").exists()
    assert (report.release / "manifest.json").exists()


def test_document_page_at_its_url_with_title_and_fields(built, wto_docs):
    doc = wto_docs[0]
    page = built.page(doc.url)
    assert _texts(page.xpath("//h1")) == [doc.title]
    rows = dict(
        zip(
            _texts(page.xpath("//table[@class='meta']//th")),
            _texts(page.xpath("//table[@class='meta']//td")),
        )
    )
    assert rows["通报号"] == doc.field_value("symbol")
    assert rows["通报成员"] == doc.field_value("member")
    crumbs = page.xpath("//nav[@class='breadcrumb']//a/@href")
    assert crumbs == ["/", "/notifications/"]


def test_law_page_has_article_anchors_and_toc(built, law_docs):
    law = next(d for d in law_docs if d.title == "中华人民共和国产品质量法")
    page = built.page(law.url)
    assert page.xpath("//div[@class='doc-body']//*[@id='第一条']")
    assert page.xpath("//div[@class='doc-body']//*[@id='第一章']")
    toc = page.xpath("//nav[@class='toc']//a/@href")
    assert toc[0] == "#第一章" and "#第一条" in toc
    assert len(toc) == len(law.sections)
    # every ToC target exists in the body
    ids = set(page.xpath("//div[@class='doc-body']//@id"))
    assert {href[1:] for href in toc} <= ids


def test_status_banner_for_amended_law(built, law_docs):
    amended = next(d for d in law_docs if d.status.startswith("已修改"))
    current = next(d for d in law_docs if d.status == "有效")
    assert built.page(amended.url).xpath("//div[contains(@class,'banner-warn')]")
    assert not built.page(current.url).xpath("//div[contains(@class,'banner-warn')]")


def test_spotcheck_page_shows_result_table_and_attachment(built, spot_docs):
    doc = spot_docs[0]
    page = built.page(doc.url)
    headers = _texts(page.xpath("//section[@class='results']//thead//th"))
    assert headers == [c.label for c in doc.table.columns]
    assert len(page.xpath("//section[@class='results']//tbody/tr")) == len(doc.table.rows)
    assert page.xpath("//section[@class='attachments']//a/@href") == [doc.attachments[0].url]


def test_listing_is_paginated_newest_first(built, law_docs):
    expected = [" ".join(d.title.split()) for d in newest_first(law_docs)]
    first = built.page("/laws/")
    second = built.page("/laws/page/2/")
    titles = _texts(first.xpath("//ol[@class='items']//a[@class='item-title']"))
    titles += _texts(second.xpath("//ol[@class='items']//a[@class='item-title']"))
    assert len(expected) > 20
    assert titles == expected
    assert first.xpath("//a[@rel='next']/@href") == ["/laws/page/2/"]
    assert second.xpath("//a[@rel='prev']/@href") == ["/laws/"]
    assert not (built.public / "laws" / "page" / "3").exists()


def test_home_lists_newest_of_each_type(built, law_docs, wto_docs):
    home = built.page("/")
    laws = _texts(home.xpath("//section[@id='latest-law']//a[@class='item-title']"))
    assert laws == [" ".join(d.title.split()) for d in newest_first(law_docs)][:8]
    notes = _texts(home.xpath("//section[@id='latest-notification']//a[@class='item-title']"))
    assert notes[0] == newest_first(wto_docs)[0].title
    nav = home.xpath("//nav[@class='site-nav']//a/@href")
    assert nav == ["/", "/spotchecks/", "/notifications/", "/laws/"]  # site type order


def test_search_404_and_feed_autodiscovery(built, wto_docs):
    search = built.page("/search/")
    form = search.xpath("//form[@id='search-form']")[0]
    assert form.get("action") == "/search/" and form.get("method") == "get"
    assert form.xpath(".//input[@name='q']") and form.xpath(".//select[@name='type']")
    assert search.xpath("//script/@src") == ["/theme/js/search.js"]
    assert (built.public / "theme" / "js" / "search.js").exists()
    assert (built.public / "404.html").exists()
    doc = wto_docs[0]
    head = built.page(doc.url)
    feeds = head.xpath("//link[@rel='alternate'][@type='application/atom+xml']/@href")
    assert feeds[:2] == ["/feeds/all.atom.xml", "/feeds/notification.atom.xml"]
    assert f"/feeds/{doc.feeds[0].key}.atom.xml" in feeds
    assert "/feeds/all.atom.xml" in search.xpath("//link[@rel='alternate']/@href")


def test_everything_but_body_is_escaped(site, wto_docs):
    doc = Document.from_dict(wto_docs[1].to_dict())
    doc.title = '<script>alert("x")</script>通报'
    doc.fields[1].display = "<b>美国</b>"
    doc.body_html = "<p><em>正文</em></p>"
    site.put(doc)
    site.publish()
    raw = (site.public / doc.url.strip("/") / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "&lt;script&gt;" in raw
    assert "<b>美国</b>" not in raw
    assert "<p><em>正文</em></p>" in raw


def test_releases_are_pruned_to_three(site):
    for _ in range(4):
        site.publish()
    names = sorted(p.name for p in site.releases.iterdir() if not p.name.startswith("."))
    assert len(names) == 3
    assert site.public.resolve().name == names[-1]
    assert not os.path.isabs(os.readlink(site.public))


@pytest.mark.parametrize("changed", [set(), {"law-unknown"}])
def test_incremental_without_live_release_falls_back_to_full(site, changed):
    assert site.publish(changed=changed).mode == "full"
