"""The worker's clock: scheduled go-live and expiry, and the daily refresh, without cron.

Every tick runs Wagtail's ``publish_scheduled`` (pages whose go-live time has come are
published, expired ones unpublished); those fire page_published / page_unpublished, so
the ordinary publishing queue brings site, index and feeds along. Once per calendar day
in Asia/Shanghai (the first tick after midnight, and the first tick after the worker
starts) it queues ``refresh_time_dependent`` for text that changes with the date alone:
a law turning from 尚未生效 to 有效 on its 施行日期, a WTO comment period ending.
"""

from __future__ import annotations

import logging
import threading
from datetime import date

from django.core.management import call_command
from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger("jinzhi.scheduler")

DEFAULT_INTERVAL = 30.0


class Scheduler:
    """Runs :meth:`tick` every ``interval`` seconds until stopped."""

    def __init__(self, *, interval: float = DEFAULT_INTERVAL):
        self.interval = interval
        self.refreshed_on: date | None = None
        self._stop = threading.Event()

    def tick(self) -> None:
        call_command("publish_scheduled")
        today = timezone.localdate()  # TIME_ZONE is Asia/Shanghai
        if today != self.refreshed_on:
            from cms.publishing import refresh_pages

            # Queued rather than run here: a refresh exports every page, and the queue's
            # worker serialises it with the other builds.
            refresh_pages.enqueue()
            self.refreshed_on = today
            logger.info("queued the daily refresh for %s", today)

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # a bad tick must not end scheduling; the next one retries
                logger.exception("scheduler tick failed")
            finally:
                # This thread outlives requests: drop connections the database closed.
                close_old_connections()
            self._stop.wait(self.interval)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="jinzhi-scheduler", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
