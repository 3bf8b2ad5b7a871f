"""Guides on real data: standard section anchors in the built page and its table of contents."""

from __future__ import annotations

import json

import pytest

from cms.importing import run_import
from cms.publishing import publish_all
from contentmodels.pages import GuidePage

pytestmark = pytest.mark.django_db


def test_guide_sections_are_addressable_by_standard_name(
    shared_data, data_slice, jinzhi_home, public
):
    rows = (shared_data / "guides/guides.jsonl").read_text(encoding="utf-8").splitlines()
    # A guide that prints 申报材料 and 法定时限 / 承诺时限 rather than the standard names.
    line = next(
        n
        for n, row in enumerate(rows)
        if {"申报材料", "承诺时限"} <= {s["heading"] for s in json.loads(row)["sections"]}
    )
    run_import(data_slice({"guides/guides.jsonl": [line]}))
    publish_all(full=True)
    doc = GuidePage.objects.get().to_document()
    by_anchor = {s.anchor: s.title for s in doc.sections}
    assert by_anchor["申请材料"] == "申报材料"  # the printed heading is kept for display
    assert "办理时限" in by_anchor

    html = public.page(doc.url)
    section = html.get_element_by_id("申请材料")
    assert section.xpath("string(.//h2)") == "申报材料"
    assert html.xpath('//nav[@class="toc"]//a[@href="#申请材料"]')
