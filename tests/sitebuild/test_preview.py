"""A preview is the page the build writes, rendered without writing anything."""

from __future__ import annotations

from dataclasses import replace

from lxml import html as lxml_html

from sitebuild.preview import render_document


def _tree(root):
    return {p.relative_to(root): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def test_preview_equals_the_built_page(built, wto_docs, law_docs):
    for doc in (wto_docs[0], law_docs[0]):
        page = built.public / doc.url.strip("/") / "index.html"
        assert render_document(doc, release=built.public) == page.read_text(encoding="utf-8")


def test_preview_of_a_new_draft_has_theme_markup_and_writes_nothing(built, wto_docs):
    draft = replace(wto_docs[0], id="999999", title="草稿通报预览", url="/wto/draft-preview/")
    before = _tree(built.public.resolve())
    exports = _tree(built.export)

    page = lxml_html.fromstring(render_document(draft, release=built.public))

    assert page.xpath("//article[contains(@class, 'document')]//h1")[0].text == "草稿通报预览"
    nav = [a.text for a in page.xpath("//nav[@class='site-nav']//a")]
    assert nav[0] == "首页" and len(nav) > 2  # the live site's sections
    assert _tree(built.public.resolve()) == before
    assert _tree(built.export) == exports
    assert not (built.public / "wto" / "draft-preview").exists()


def test_theme_css_comes_from_the_site_url(wto_docs):
    page = render_document(wto_docs[0], site_url="https://jinzhi.test")
    assert '<link rel="stylesheet" href="https://jinzhi.test/theme/css/jinzhi.css">' in page
