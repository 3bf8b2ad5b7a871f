"""The admin's 预览 renders a draft with the static site's theme and publishes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from lxml import html
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from contentmodels.notices import NoticePage
from contentmodels.tree import ensure_site_tree, section_for

pytestmark = pytest.mark.django_db

LIVE_BODY = "<p>已发布版本：检查燃气灶具的熄火保护装置。</p>"
DRAFT_BODY = "<p>草稿版本：增加对燃气灶具热负荷偏差的检查。</p>"


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("previewer", "p@example.org", "pw")
    client.force_login(user)
    return client


def _form(title: str, slug: str, body: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "number": "公告〔2025〕99号",
            "kind": "announcement",
            "issuer": "示例市市场监督管理局",
            "issue_date": "2025-07-01",
            "body": rich_text(body),
            "attachments": inline_formset([]),
        }
    )


def _snapshot(home) -> dict:
    """Every file under export/, search/ and the live release, with its content."""
    files = {}
    for folder in ("export", "search", "public/"):
        root = (home / folder).resolve()
        for path in sorted(root.rglob("*")):
            if path.is_file():
                files[path] = path.read_bytes()
    return files


def test_admin_preview_renders_the_draft_like_the_site_and_publishes_nothing(
    editor_client, jinzhi_home, public, publish_now
):
    ensure_site_tree()
    page = NoticePage(
        title="燃气灶具质量监督抽查的公告",
        number="公告〔2025〕99号",
        issue_date=datetime.date(2025, 7, 1),
        body=LIVE_BODY,
    )
    section_for("notice").add_child(instance=page)
    publish_now(lambda: page.save_revision().publish())
    url = page.to_document().url
    before = _snapshot(jinzhi_home)

    preview_url = f"/admin/pages/{page.pk}/edit/preview/"
    draft = _form("燃气灶具质量监督抽查的公告（修订草稿）", page.slug, DRAFT_BODY)
    response = publish_now(editor_client.post, preview_url, draft)
    assert response.status_code == 200 and response.json()["is_valid"], response.content
    response = publish_now(editor_client.get, preview_url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert '<article class="document doc-notice">' in text
    assert '<link rel="stylesheet" href="/theme/css/jinzhi.css">' in text
    doc = html.fromstring(text)
    assert doc.xpath("//article//h1")[0].text == "燃气灶具质量监督抽查的公告（修订草稿）"
    assert "热负荷偏差" in doc.xpath("string(//div[@class='doc-body'])")
    assert [a.text for a in doc.xpath("//nav[@class='site-nav']//a")] == ["首页", "公告"]

    # Nothing reached the public: same files, and the live page, index and feeds still
    # hold the published version.
    assert _snapshot(jinzhi_home) == before
    assert "熄火保护装置" in public.page(url).text_content()
    assert public.search("热负荷偏差")["total"] == 0
    assert "修订草稿" not in (jinzhi_home / "public" / "feeds" / "all.atom.xml").read_text()
    page.refresh_from_db()
    assert page.title == "燃气灶具质量监督抽查的公告"


def test_preview_of_a_new_page_before_it_is_saved(editor_client, jinzhi_home, publish_now):
    ensure_site_tree()
    add_preview = f"/admin/pages/add/contentmodels/noticepage/{section_for('notice').pk}/preview/"
    response = editor_client.post(add_preview, _form("尚未保存的新公告", "", DRAFT_BODY))
    assert response.status_code == 200 and response.json()["is_valid"], response.content
    response = editor_client.get(add_preview)
    assert response.status_code == 200
    assert "尚未保存的新公告" in response.content.decode()
    assert not NoticePage.objects.exists()
    assert not (jinzhi_home / "export" / "notice").exists()
