"""Review through Wagtail's real admin views: submit, 审核, 保密审查, 发布, reject with a reason.

Every step is a POST to the admin (the edit/add views' ``action-submit``, the workflow
action URL) as the user of that role; the public site, search and feeds are read after.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page, PageLogEntry, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.roles import (
    CONFIDENTIALITY,
    EDITORS,
    MODERATORS,
    REVIEWERS,
    WORKFLOW_NAME,
    WTO_DESK,
    ensure_roles_and_workflow,
)
from contentmodels.notices import NoticePage
from contentmodels.notifications import NotificationPage
from contentmodels.tree import section_for

pytestmark = pytest.mark.django_db

TITLE = "关于开展儿童安全座椅质量监督抽查的公告"


@pytest.fixture
def roles(site_tree):
    return ensure_roles_and_workflow()


@pytest.fixture
def login(roles):
    """``login("编辑")`` -> (user, client) for a new user in that group."""

    def make(group: str):
        user = get_user_model().objects.create_user(f"user-{len(roles)}-{group}", password="pw")
        user.groups.add(roles[group])
        roles[f"_user{user.pk}"] = user  # keeps usernames unique
        client = Client()
        client.force_login(user)
        return user, client

    return make


def _notice_form(title: str = TITLE, **extra) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "number": "公告〔2025〕88号",
            "kind": "announcement",
            "issuer": "示例市市场监督管理局",
            "issue_date": "2025-05-01",
            "body": rich_text("<p>重点检查儿童安全座椅的动态碰撞性能。</p>"),
            "attachments": inline_formset([]),
            **extra,
        }
    )


def _submit_notice(client, publish_now) -> NoticePage:
    add_url = f"/admin/pages/add/contentmodels/noticepage/{section_for('notice').pk}/"
    response = publish_now(client.post, add_url, {**_notice_form(), "action-submit": "1"})
    assert response.status_code == 302, response.context and response.context["form"].errors
    return NoticePage.objects.get(number="公告〔2025〕88号")


def _act(client, page, action: str, comment: str = "", publish_now=None):
    state = page.current_workflow_task_state
    url = f"/admin/pages/workflow/action/{page.pk}/{action}/{state.pk}/"
    post = publish_now or (lambda fn, *a, **k: fn(*a, **k))
    response = post(client.post, url, {"comment": comment})
    assert response.status_code == 302, response.content[:500]
    return TaskState.objects.get(pk=state.pk)


def _assert_not_public(public, page):
    url = page.to_document().url
    assert public.page(url) is None
    assert public.search("动态碰撞性能")["total"] == 0
    assert not any(link.endswith(url) for link in public.feed_links("all.atom.xml"))


def test_roles_and_workflow_are_idempotent(roles):
    again = ensure_roles_and_workflow()
    assert {g: again[g].pk for g in again} == {g: roles[g].pk for g in again}
    home = section_for("notice").get_parent()
    workflow = home.specific.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    assert [t.name for t in workflow.tasks] == ["内容审核", "保密审查", "发布审批"]
    assert section_for("notification").get_workflow() == workflow
    desk = roles[WTO_DESK].page_permissions
    assert set(desk.values_list("page_id", flat=True)) == {section_for("notification").pk}
    assert set(desk.values_list("permission__codename", flat=True)) == {"add_page", "change_page"}


def test_submitted_page_is_not_public_and_editors_cannot_publish(login, public, publish_now):
    editor, client = login(EDITORS)
    page = _submit_notice(client, publish_now)
    assert not page.live
    assert page.workflow_in_progress
    assert page.current_workflow_task.name == "内容审核"
    _assert_not_public(public, page)

    # The editor's edit view has no publish permission: "action-publish" only saves.
    edit = f"/admin/pages/{page.pk}/edit/"
    publish_now(client.post, edit, {**_notice_form(slug=page.slug), "action-publish": "1"})
    page.refresh_from_db()
    assert not page.live
    _assert_not_public(public, page)


def test_rejection_needs_changes_and_the_editor_sees_the_reason(login, public, publish_now):
    editor, editor_client = login(EDITORS)
    reviewer, reviewer_client = login(REVIEWERS)
    page = _submit_notice(editor_client, publish_now)

    reason = "请补充抽查依据的标准编号 GB 27887-2024。"
    state = _act(reviewer_client, page, "reject", reason, publish_now)
    assert state.status == TaskState.STATUS_REJECTED
    assert state.comment == reason and state.finished_by == reviewer
    page.refresh_from_db()
    assert not page.live
    _assert_not_public(public, page)

    # The editor reads the reason in the page's history (历史) and on the edit page.
    history = editor_client.get(f"/admin/pages/{page.pk}/history/")
    assert history.status_code == 200
    assert reason in history.content.decode()
    edit = editor_client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    assert reason in edit.content.decode()


def test_wto_desk_edits_notifications_only(login, publish_now):
    desk, client = login(WTO_DESK)
    notice = NoticePage(title="仅编辑可改的公告", number="公告〔2025〕90号")
    section_for("notice").add_child(instance=notice)
    notification = NotificationPage(title="TBT 通报草稿", symbol="G/TBT/N/CHN/9001", area="TBT")
    section_for("notification").add_child(instance=notification)

    denied = client.get(f"/admin/pages/{notice.pk}/edit/")
    assert denied.status_code in (302, 403)
    assert "/edit/" not in denied.get("Location", "")
    response = client.post(f"/admin/pages/{notice.pk}/edit/", _notice_form("越权修改"))
    assert response.status_code in (302, 403)
    assert Page.objects.get(pk=notice.pk).title == "仅编辑可改的公告"
    add_notice = f"/admin/pages/add/contentmodels/noticepage/{section_for('notice').pk}/"
    assert client.get(add_notice).status_code in (302, 403)

    assert client.get(f"/admin/pages/{notification.pk}/edit/").status_code == 200
    form = nested_form_data(
        {
            "title": "TBT 通报（已修改）",
            "slug": notification.slug,
            "symbol": "G/TBT/N/CHN/9001",
            "symbols": "G/TBT/N/CHN/9001",
            "area": "TBT",
            "notification_type": "regular",
            "action-submit": "1",
        }
    )
    response = publish_now(client.post, f"/admin/pages/{notification.pk}/edit/", form)
    assert response.status_code == 302, response.context and response.context["form"].errors
    notification.refresh_from_db()
    assert notification.workflow_in_progress
    assert notification.get_latest_revision_as_object().title == "TBT 通报（已修改）"


def test_full_review_publishes_and_the_log_names_every_actor(login, public, publish_now):
    editor, editor_client = login(EDITORS)
    reviewer, reviewer_client = login(REVIEWERS)
    secrecy, secrecy_client = login(CONFIDENTIALITY)
    publisher, publisher_client = login(MODERATORS)
    page = _submit_notice(editor_client, publish_now)

    _act(reviewer_client, page, "reject", "标题请写明抽查年度。", publish_now)
    # The editor fixes the page and submits again: the workflow resumes at 内容审核.
    edit = f"/admin/pages/{page.pk}/edit/"
    response = publish_now(
        editor_client.post,
        edit,
        {**_notice_form(TITLE + "（2025年）", slug=page.slug), "action-submit": "1"},
    )
    assert response.status_code == 302
    page.refresh_from_db()

    # A later step's group cannot act early.
    state = page.current_workflow_task_state
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/"
    denied = secrecy_client.post(url, {"comment": ""})
    assert denied.status_code in (302, 403) and denied.get("Location", "/admin/") == "/admin/"
    assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_IN_PROGRESS

    for client in (reviewer_client, secrecy_client):
        _act(client, page, "approve", publish_now=publish_now)
        page.refresh_from_db()
        assert not page.live
        _assert_not_public(public, page)
    _act(publisher_client, page, "approve", "同意发布", publish_now)

    page.refresh_from_db()
    assert page.live and page.title == TITLE + "（2025年）"
    url = page.to_document().url
    assert TITLE in public.page(url).text_content()
    assert [h["id"] for h in public.search("动态碰撞性能")["hits"]] == [str(page.pk)]
    assert any(link.endswith(url) for link in public.feed_links("all.atom.xml"))
    assert any(link.endswith(url) for link in public.feed_links("notice.rss.xml"))

    log = [
        (entry.action, entry.user_id)
        for entry in PageLogEntry.objects.for_instance(page).order_by("timestamp", "pk")
        if entry.action.startswith(("wagtail.workflow", "wagtail.publish"))
    ]
    assert log == [
        ("wagtail.workflow.start", editor.pk),
        ("wagtail.workflow.reject", reviewer.pk),
        ("wagtail.workflow.resume", editor.pk),
        ("wagtail.workflow.approve", reviewer.pk),
        ("wagtail.workflow.approve", secrecy.pk),
        ("wagtail.workflow.approve", publisher.pk),
        ("wagtail.publish", publisher.pk),
    ]


def test_a_rejection_without_a_reason_is_refused(login, public, publish_now):
    editor, editor_client = login(EDITORS)
    reviewer, reviewer_client = login(REVIEWERS)
    page = _submit_notice(editor_client, publish_now)
    state = page.current_workflow_task_state
    url = f"/admin/pages/workflow/action/{page.pk}/reject/{state.pk}/"
    # The admin's modal posts by XHR and shows the form again with the error.
    response = publish_now(
        reviewer_client.post, url, {"comment": "  "}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert "退回原因" in response.json()["html"]
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS
    # A plain form post without a reason does nothing either.
    publish_now(reviewer_client.post, url, {"comment": ""})
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS
    assert page.current_workflow_task.name == "内容审核"
