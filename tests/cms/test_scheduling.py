"""Scheduled go-live and expiry on a controllable clock, through the worker's scheduler tick.

``django.utils.timezone.now`` is patched (Wagtail, the export and the scheduler all read
it), so "advance the clock, run one tick" is exactly what the worker does every 30 s.
"""

from __future__ import annotations

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms import publishing
from cms.scheduler import Scheduler
from contentmodels.notices import NoticePage
from contentmodels.tree import ensure_site_tree, section_for

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
BODY = "<p>本次抽查覆盖电热水器的防触电保护和耐潮湿性能。</p>"
QUERY = "耐潮湿性能"


class Clock:
    def __init__(self, start: datetime.datetime):
        self.now = start

    def advance(self, **delta) -> None:
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock(datetime.datetime(2025, 6, 1, 9, 0, tzinfo=SHANGHAI))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def tick(publish_now):
    """One scheduler tick, run like the worker's: queued jobs run when it commits."""
    scheduler = Scheduler()
    return lambda: publish_now(scheduler.tick)


def _visible(public, page) -> dict[str, bool]:
    url = page.to_document().url
    return {
        "site": public.page(url) is not None,
        "search": str(page.pk) in [h["id"] for h in public.search(QUERY)["hits"]],
        "feed": any(link.endswith(url) for link in public.feed_links("all.atom.xml")),
    }


ALL = {"site": True, "search": True, "feed": True}
NONE = {"site": False, "search": False, "feed": False}


def _notice(title: str, **fields) -> NoticePage:
    ensure_site_tree()
    page = NoticePage(title=title, number="公告〔2025〕66号", body=BODY, **fields)
    section_for("notice").add_child(instance=page)
    return page


def test_go_live_entered_in_shanghai_time_publishes_at_its_time(
    client, clock, tick, public, publish_now
):
    ensure_site_tree()
    user = get_user_model().objects.create_superuser("moderator", "m@example.org", "pw")
    client.force_login(user)
    form = nested_form_data(
        {
            "title": "电热水器质量监督抽查结果的公告",
            "slug": "",
            "number": "公告〔2025〕66号",
            "kind": "announcement",
            "issuer": "示例市市场监督管理局",
            "issue_date": "2025-06-01",
            "body": rich_text(BODY),
            "attachments": inline_formset([]),
            "go_live_at": "2025-06-02 08:00",  # Beijing time, as the editor types it
            "action-publish": "1",
        }
    )
    add_url = f"/admin/pages/add/contentmodels/noticepage/{section_for('notice').pk}/"
    response = publish_now(client.post, add_url, form)
    assert response.status_code == 302, response.context and response.context["form"].errors
    page = NoticePage.objects.get(number="公告〔2025〕66号")
    go_live = datetime.datetime(2025, 6, 2, 0, 0, tzinfo=datetime.UTC)
    assert page.go_live_at == go_live
    assert page.get_latest_revision().approved_go_live_at == go_live
    assert "2025-06-02 08:00" in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert not page.live and _visible(public, page) == NONE

    tick()
    clock.advance(hours=22, minutes=59)  # 07:59 on the day: not yet
    tick()
    page.refresh_from_db()
    assert not page.live and _visible(public, page) == NONE

    clock.advance(minutes=2)
    tick()
    page.refresh_from_db()
    assert page.live
    assert _visible(public, page) == ALL


def test_expired_page_leaves_site_search_and_feeds(clock, tick, public, publish_now):
    page = _notice("限期公示的抽查结果", expire_at=clock.now + datetime.timedelta(hours=1))
    publish_now(lambda: page.save_revision().publish())
    assert _visible(public, page) == ALL

    clock.advance(minutes=30)
    tick()
    assert _visible(public, page) == ALL

    clock.advance(minutes=31)
    tick()
    page.refresh_from_db()
    assert not page.live and page.expired
    assert _visible(public, page) == NONE


def test_refresh_re_exports_what_the_date_changed(clock, public, publish_now):
    page = _notice("到期即下线的公示", expire_at=clock.now + datetime.timedelta(hours=1))
    publish_now(lambda: page.save_revision().publish())
    clock.advance(hours=2)
    # No tick: the page is still live in Wagtail, but the calendar alone hides it.
    report = publishing.refresh_time_dependent()
    assert (report.written, report.removed) == (0, 1)
    assert _visible(public, page) == NONE
    assert publishing.refresh_time_dependent().removed == 0  # nothing left to change


def test_daily_refresh_after_midnight_in_shanghai(clock, monkeypatch, publish_now):
    runs = []

    def refresh():
        runs.append(clock.now)
        return publishing.PublishReport()

    monkeypatch.setattr(publishing, "refresh_time_dependent", refresh)
    scheduler = Scheduler()
    clock.now = datetime.datetime(2025, 6, 1, 23, 50, tzinfo=SHANGHAI)
    publish_now(scheduler.tick)  # worker start: refresh once
    clock.advance(minutes=5)
    publish_now(scheduler.tick)
    assert len(runs) == 1

    clock.advance(minutes=10)  # 00:05 in Shanghai, still 16:05 of the same day in UTC
    publish_now(scheduler.tick)
    publish_now(scheduler.tick)
    assert runs == [
        datetime.datetime(2025, 6, 1, 23, 50, tzinfo=SHANGHAI),
        datetime.datetime(2025, 6, 2, 0, 5, tzinfo=SHANGHAI),
    ]


def test_scheduler_thread_survives_a_failing_tick_and_stops(monkeypatch):
    calls = []
    done = threading.Event()

    def flaky_tick(self):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database busy")
        done.set()

    monkeypatch.setattr(Scheduler, "tick", flaky_tick)
    scheduler = Scheduler(interval=0.01)
    thread = scheduler.start()
    assert done.wait(5)
    scheduler.stop()
    thread.join(5)
    assert not thread.is_alive() and len(calls) >= 2
