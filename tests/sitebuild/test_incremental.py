"""Incremental builds: only affected pages re-rendered; the previous release never changes."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from lxml import etree

from contentmodels.document import Document, remove_document
from sitebuild.dates import newest_first

ATOM = "{http://www.w3.org/2005/Atom}"


def _snapshot(root: Path) -> dict[str, tuple[int, int, str]]:
    """Every file of a release: inode, modification time and content hash."""
    return {
        p.relative_to(root).as_posix(): (
            p.stat().st_ino,
            p.stat().st_mtime_ns,
            hashlib.sha256(p.read_bytes()).hexdigest(),
        )
        for p in root.rglob("*")
        if p.is_file()
    }


def _feed_ids(root: Path, name: str) -> list[str]:
    feed = etree.parse(str(root / "feeds" / name)).getroot()
    return [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]


def _edited(doc: Document, **changes) -> Document:
    return Document.from_dict({**doc.to_dict(), **changes})


def test_change_rerenders_page_and_listing_only(built, law_docs, wto_docs, site_url):
    old_release = built.public.resolve()
    before = _snapshot(old_release)
    law = law_docs[3]
    built.put(_edited(law, title="修改后的标题", updated="2030-01-01T08:00:00+08:00"))

    report = built.publish(changed={law.id})

    new_release = built.public.resolve()
    assert report.mode == "incremental" and new_release != old_release
    assert built.page(law.url).xpath("//h1")[0].text == "修改后的标题"
    listing = built.page("/laws/").xpath("//a[@class='item-title']/text()")
    listing += built.page("/laws/page/2/").xpath("//a[@class='item-title']/text()")
    assert "修改后的标题" in listing
    # untouched pages are the very same files (hard links), not re-rendered copies
    after = _snapshot(new_release)
    for url in [law_docs[0].url, wto_docs[0].url, "/notifications/", "/search/"]:
        rel = url.strip("/") + "/index.html"
        assert after[rel][0] == before[rel][0], rel
    assert after["theme/css/jinzhi.css"][0] == before["theme/css/jinzhi.css"][0]
    assert after["feeds/notification.atom.xml"][0] == before["feeds/notification.atom.xml"][0]
    # re-rendered: the page, its listing, the home page, its feeds
    for rel in [
        law.url.strip("/") + "/index.html",
        "laws/index.html",
        "index.html",
        "feeds/all.atom.xml",
        "feeds/law.atom.xml",
        f"feeds/{law.feeds[0].key}.atom.xml",
    ]:
        assert after[rel][0] != before[rel][0], rel
    assert report.pages_written < 10
    # the previous release is byte-for-byte and inode-for-inode what it was
    assert _snapshot(old_release) == before
    feed = etree.parse(str(new_release / "feeds" / "law.atom.xml")).getroot()
    entries = feed.iter(f"{ATOM}entry")
    titles = {e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}title") for e in entries}
    assert titles[site_url + law.url] == "修改后的标题"


def test_removal_deletes_page_listing_entry_and_feed_entry(built, wto_docs, site_url):
    doc = wto_docs[0]
    old_release = built.public.resolve()
    remove_document(built.export, doc_id=doc.id)
    del built.documents[doc.id]

    report = built.publish(changed={doc.id})

    assert report.mode == "incremental"
    assert not (built.public / doc.url.strip("/") / "index.html").exists()
    assert (old_release / doc.url.strip("/") / "index.html").exists()
    assert doc.url not in built.page("/notifications/").xpath("//a[@class='item-title']/@href")
    assert site_url + doc.url not in _feed_ids(built.public, "all.atom.xml")
    assert site_url + doc.url not in _feed_ids(built.public, "notification.atom.xml")
    assert doc.id not in json.loads((built.public / "manifest.json").read_text())


def test_removing_last_member_document_drops_its_feed(built, wto_docs):
    key = wto_docs[-1].feeds[0].key
    members = [d for d in wto_docs if d.feeds[0].key == key]
    for doc in members:
        remove_document(built.export, doc_id=doc.id)
    built.publish(changed={d.id for d in members})
    assert not (built.public / "feeds" / f"{key}.atom.xml").exists()
    assert f"/feeds/{key}.atom.xml" not in built.page("/feeds/").xpath("//a/@href")


def test_url_change_moves_the_page(built, wto_docs):
    doc = wto_docs[1]
    moved = _edited(doc, url="/notifications/moved-here/")
    built.put(moved)
    built.publish(changed={doc.id})
    assert not (built.public / doc.url.strip("/")).exists()
    heading = built.page(moved.url).xpath("//h1")[0].text_content()
    assert heading.split() == doc.title.split()


def test_added_document_appears_everywhere(built, wto_docs, site_url):
    new = _edited(
        wto_docs[0], id="wto-new", url="/notifications/new-one/", date="2031-05-01T09:00:00+08:00"
    )
    built.put(new)
    report = built.publish(changed={"wto-new"})
    assert report.mode == "incremental"
    assert built.page(new.url) is not None
    home = built.page("/")
    assert (
        home.xpath("//section[@id='latest-notification']//a[@class='item-title']/@href")[0]
        == new.url
    )
    assert _feed_ids(built.public, "all.atom.xml")[0] == site_url + new.url
    assert _feed_ids(built.public, f"{new.feeds[0].key}.atom.xml")[0] == site_url + new.url


def test_new_content_type_forces_full_build(built, wto_docs):
    notice = _edited(
        wto_docs[0], id="notice-1", type="notice", type_label="公告", url="/notices/1/", feeds=[]
    )
    built.put(notice)
    report = built.publish(changed={"notice-1"})
    assert report.mode == "full"  # the navigation on every page gains 公告
    assert "/notices/" in built.page(wto_docs[2].url).xpath("//nav[@class='site-nav']//a/@href")


def test_incremental_release_files_are_hard_links_when_unchanged(built, law_docs):
    old_release = built.public.resolve()
    built.publish(changed=set())
    new_release = built.public.resolve()
    page = law_docs[0].url.strip("/") + "/index.html"
    assert os.path.samefile(old_release / page, new_release / page)


def test_edit_rewrites_only_the_listing_page_holding_the_document(built, law_docs):
    ordered = newest_first(law_docs)
    on_page_two, on_page_one = ordered[21], ordered[0]
    old_release = built.public.resolve()
    built.put(_edited(on_page_two, title="第二页上的修改"))
    built.publish(changed={on_page_two.id})
    new_release = built.public.resolve()
    page_two = "laws/page/2/index.html"
    assert not os.path.samefile(old_release / page_two, new_release / page_two)
    assert os.path.samefile(old_release / "laws/index.html", new_release / "laws/index.html")
    assert "第二页上的修改" in built.page("/laws/page/2/").xpath("//a[@class='item-title']/text()")
    assert on_page_one.url in built.page("/laws/").xpath("//a[@class='item-title']/@href")


def test_shrinking_listing_drops_surplus_pages(built, law_docs):
    oldest = newest_first(law_docs)[20:]
    for doc in oldest:
        remove_document(built.export, doc_id=doc.id)
    built.publish(changed={d.id for d in oldest})
    assert not (built.public / "laws" / "page").exists()
    assert not built.page("/laws/").xpath("//nav[@class='pagination']")
