"""A search for a document's own number (通报号) finds that document first, through the CMS."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import cms
from cms.importing import run_import
from cms.publishing import publish_all

pytestmark = pytest.mark.django_db
DEMO_WTO = Path(cms.__file__).parent / "demo_data" / "wto" / "notifications.jsonl"


def test_a_notification_symbol_finds_that_notification_before_its_addendum(tmp_path, public):
    # The demo's addendum cites its base notification by number in its description as well
    # as in its own symbol, so text statistics alone put it first.
    (tmp_path / "wto").mkdir()
    shutil.copy(DEMO_WTO, tmp_path / "wto" / "notifications.jsonl")
    assert run_import(tmp_path).errors == []
    publish_all(full=True)

    for query in ("G/TBT/N/DEM/101", "g/tbt/n/dem/101", "Ｇ/ＴＢＴ/Ｎ/ＤＥＭ/１０１"):
        urls = [hit["url"] for hit in public.search(query)["hits"]]
        assert urls == ["/wto/g-tbt-n-dem-101/", "/wto/g-tbt-n-dem-101-add-1/"]
    urls = [hit["url"] for hit in public.search("G/TBT/N/DEM/101/Add.1")["hits"]]
    assert urls == ["/wto/g-tbt-n-dem-101-add-1/"]
