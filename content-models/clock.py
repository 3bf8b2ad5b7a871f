"""Today's date where the authority works (Asia/Shanghai), for time-dependent exports.

A law's 尚未生效 and a notification's open comment period depend on the day the Document
is exported, not the day the page was published; reading the clock in one place lets
tests move it (patch ``django.utils.timezone.now`` or this module's ``today``).
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> date:
    return timezone.now().astimezone(SHANGHAI).date()
