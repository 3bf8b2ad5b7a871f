"""End to end: publish through Wagtail, then look at the built site, search and feeds."""

from __future__ import annotations

import datetime

import pytest
from wagtail.models import PageViewRestriction

from contentmodels.notices import NoticePage
from contentmodels.tree import ensure_site_tree, section_for

pytestmark = pytest.mark.django_db

BODY = (
    "<p>为加强电动自行车用锂离子蓄电池质量安全监管，决定开展专项监督抽查，重点检查过充电保护。</p>"
)


def _notice(title: str, number: str) -> NoticePage:
    ensure_site_tree()
    page = NoticePage(
        title=title,
        number=number,
        issue_date=datetime.date(2025, 3, 1),
        issuer=["示例市市场监督管理局"],
        body=BODY,
    )
    section_for("notice").add_child(instance=page)
    return page


def _site_url(page) -> str:
    return page.to_document().url


def test_publish_then_unpublish_reaches_site_search_and_feeds(jinzhi_home, publish_now, public):
    page = _notice("关于开展锂离子蓄电池专项监督抽查的公告", "公告〔2025〕31号")
    publish_now(lambda: page.save_revision().publish())
    url = _site_url(page)

    built = public.page(url)
    assert built is not None, f"no built page at {url}"
    assert "关于开展锂离子蓄电池专项监督抽查的公告" in built.text_content()
    assert "公告〔2025〕31号" in built.text_content()

    hits = public.search("过充电保护")["hits"]
    assert [h["id"] for h in hits] == [str(page.pk)]
    assert hits[0]["url"] == url

    absolute = f"{jinzhi_home and ''}"  # feeds carry absolute links ending in the site path
    assert any(link.endswith(url) for link in public.feed_links("all.atom.xml")), absolute
    assert any(link.endswith(url) for link in public.feed_links("notice.rss.xml"))

    publish_now(lambda: page.unpublish())
    assert public.page(url) is None
    assert public.search("过充电保护")["total"] == 0
    assert not any(link.endswith(url) for link in public.feed_links("all.atom.xml"))
    assert not any(link.endswith(url) for link in public.feed_links("notice.atom.xml"))


def test_drafts_and_private_pages_never_appear(jinzhi_home, publish_now, public):
    live = _notice("已发布的公告", "公告〔2025〕40号")
    publish_now(lambda: live.save_revision().publish())

    draft = _notice("草稿公告不应公开", "公告〔2025〕41号")
    publish_now(lambda: draft.save_revision())  # saved, never published

    private = _notice("内部公告不应公开", "公告〔2025〕42号")
    publish_now(lambda: private.save_revision().publish())
    publish_now(
        lambda: PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.LOGIN
        )
    )

    for page in (draft, private):
        assert public.page(_site_url(page)) is None
        titles = [h["title"] for h in public.search(page.title)["hits"]]
        assert page.title not in titles
        feed = public.feed_links("all.atom.xml")
        assert not any(link.endswith(_site_url(page)) for link in feed)
    assert public.page(_site_url(live)) is not None


def test_delete_and_move_update_the_site(jinzhi_home, publish_now, public):
    page = _notice("将被删除的公告", "公告〔2025〕50号")
    publish_now(lambda: page.save_revision().publish())
    url = _site_url(page)
    assert public.page(url) is not None
    publish_now(lambda: page.delete())
    assert public.page(url) is None
    assert public.search("将被删除的公告")["total"] == 0


def test_publish_cli_check_reports_and_repairs_differences(jinzhi_home, publish_now, public):
    from cms.consistency import check_consistency
    from cms.publishing import publish_all

    page = _notice("一致性检查公告", "公告〔2025〕60号")
    publish_now(lambda: page.save_revision().publish())
    assert check_consistency() == []

    (jinzhi_home / "public" / _site_url(page).strip("/") / "index.html").unlink()
    problems = check_consistency()
    assert problems and all(p.startswith("site:") for p in problems), problems

    publish_all(full=True)
    assert check_consistency() == []
