"""An editor publishes through Wagtail's real admin views; the site follows."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from contentmodels.notices import NoticePage
from contentmodels.tree import ensure_site_tree, section_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def _form(title: str, **extra) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "number": "公告〔2025〕77号",
            "kind": "announcement",
            "issuer": "示例市市场监督管理局\n示例市农业农村局",
            "issue_date": "2025-04-01",
            "body": rich_text("<p>关于开展电动自行车头盔质量监督抽查的说明。</p>"),
            "attachments": inline_formset([]),
            **extra,
        }
    )


def test_editor_publishes_a_notice_from_the_admin(editor_client, jinzhi_home, public, publish_now):
    ensure_site_tree()
    section = section_for("notice")
    add_url = f"/admin/pages/add/contentmodels/noticepage/{section.pk}/"
    response = publish_now(
        editor_client.post,
        add_url,
        {**_form("关于开展电动自行车头盔质量监督抽查的公告"), "action-publish": "1"},
    )
    assert response.status_code == 302, response.context["form"].errors

    page = NoticePage.objects.get(number="公告〔2025〕77号")
    assert page.live
    assert page.issuer == ["示例市市场监督管理局", "示例市农业农村局"]
    url = page.to_document().url
    assert url.isascii() and url.startswith("/notices/"), url
    built = public.page(url)
    assert built is not None
    text = built.text_content()
    assert "示例市市场监督管理局" in text and "示例市农业农村局" in text
    assert public.search("头盔质量")["hits"][0]["id"] == str(page.pk)

    # A later title edit keeps the URL.
    edit_url = f"/admin/pages/{page.pk}/edit/"
    response = publish_now(
        editor_client.post,
        edit_url,
        {**_form("头盔抽查公告（修订标题）", slug=page.slug), "action-publish": "1"},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.to_document().url == url
    assert "头盔抽查公告（修订标题）" in public.page(url).text_content()


def test_saving_a_draft_in_the_admin_publishes_nothing(
    editor_client, jinzhi_home, public, publish_now
):
    ensure_site_tree()
    section = section_for("notice")
    add_url = f"/admin/pages/add/contentmodels/noticepage/{section.pk}/"
    response = publish_now(editor_client.post, add_url, _form("仅保存草稿的公告"))
    assert response.status_code == 302
    page = NoticePage.objects.get(number="公告〔2025〕77号")
    assert not page.live
    assert public.page(page.to_document().url) is None
    assert public.search("头盔质量")["total"] == 0
