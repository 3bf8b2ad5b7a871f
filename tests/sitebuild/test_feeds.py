"""Feeds: Atom and RSS per all/type/facet, newest first, +08:00, stable ids, stable bytes."""

from __future__ import annotations

from lxml import etree

from sitebuild.dates import newest_first
from sitebuild.feeds import MAX_ENTRIES, write_feeds

ATOM = "{http://www.w3.org/2005/Atom}"


def _atom(path):
    return etree.parse(str(path)).getroot()


def test_all_feed_newest_first_with_offsets_and_stable_ids(built, site_url):
    docs = list(built.documents.values())
    feed = _atom(built.public / "feeds" / "all.atom.xml")
    entries = feed.findall(f"{ATOM}entry")
    expected = newest_first(docs, limit=MAX_ENTRIES)
    assert [e.findtext(f"{ATOM}id") for e in entries] == [site_url + d.url for d in expected]
    published = [e.findtext(f"{ATOM}published") for e in entries]
    assert all(p.endswith("+08:00") for p in published)
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [d.updated for d in expected]
    assert feed.findtext(f"{ATOM}updated") == max(d.updated for d in expected)
    assert entries[0].findtext(f"{ATOM}summary") == expected[0].summary


def test_rss_feed_matches_atom(built):
    rss = etree.parse(str(built.public / "feeds" / "all.rss.xml")).getroot()
    items = rss.findall("channel/item")
    atom = _atom(built.public / "feeds" / "all.atom.xml").findall(f"{ATOM}entry")
    assert [i.findtext("guid") for i in items] == [e.findtext(f"{ATOM}id") for e in atom]
    assert all(i.findtext("pubDate").endswith("+0800") for i in items)


def test_type_and_facet_feeds(built, wto_docs, site_url):
    type_feed = _atom(built.public / "feeds" / "notification.atom.xml")
    ids = [e.findtext(f"{ATOM}id") for e in type_feed.findall(f"{ATOM}entry")]
    assert ids == [site_url + d.url for d in newest_first(wto_docs)]
    usa = [d for d in wto_docs if d.feeds[0].key == "notification/member/USA"]
    assert len(usa) >= 2
    member = _atom(built.public / "feeds" / "notification" / "member" / "USA.atom.xml")
    assert member.findtext(f"{ATOM}title") == "金质 · WTO通报 · 美国"
    ids = [e.findtext(f"{ATOM}id") for e in member.findall(f"{ATOM}entry")]
    assert ids == [site_url + d.url for d in newest_first(usa)]
    assert (built.public / "feeds" / "notification" / "member" / "USA.rss.xml").exists()


def test_feeds_index_lists_every_feed_with_chinese_title(built):
    page = built.page("/feeds/")
    cells = page.xpath("//table[contains(@class,'feeds')]//tbody/tr/td[1]")
    titles = [t.text_content().strip() for t in cells]
    assert titles[:4] == ["全部信息", "抽检结果", "WTO通报", "法律法规"]
    assert "WTO通报 · 美国" in titles
    hrefs = page.xpath("//table[contains(@class,'feeds')]//a/@href")
    assert "/feeds/notification/member/USA.atom.xml" in hrefs
    for href in hrefs:
        assert (built.public / href.lstrip("/")).exists()


def test_feed_is_capped_and_output_is_stable(tmp_path, documents, site_url):
    many = []
    for n in range(MAX_ENTRIES + 10):
        doc = documents[n % len(documents)]
        many.append(type(doc).from_dict({**doc.to_dict(), "id": f"x{n}", "url": f"/x/{n}/"}))
    write_feeds(documents=many, output_dir=tmp_path / "a", site_url=site_url)
    write_feeds(documents=list(reversed(many)), output_dir=tmp_path / "b", site_url=site_url)
    first = (tmp_path / "a" / "feeds" / "all.atom.xml").read_bytes()
    assert first == (tmp_path / "b" / "feeds" / "all.atom.xml").read_bytes()
    entries = _atom(tmp_path / "a" / "feeds" / "all.atom.xml").findall(f"{ATOM}entry")
    assert len(entries) == MAX_ENTRIES


def test_an_emptied_all_feed_is_still_written(tmp_path):
    from lxml import etree

    from sitebuild.feeds import write_feeds

    write_feeds(documents=[], output_dir=tmp_path, site_url="http://127.0.0.1:8000")
    tree = etree.parse(str(tmp_path / "feeds" / "all.atom.xml"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert tree.findall("a:entry", ns) == []
    assert tree.findtext("a:updated", namespaces=ns).endswith("+08:00")
