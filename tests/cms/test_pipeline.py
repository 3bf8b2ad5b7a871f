"""The whole path on real data: import -> publish -> site, search, feeds, check."""

from __future__ import annotations

import json

import pytest

from cms.consistency import check_consistency
from cms.importing import run_import
from cms.publishing import publish_all
from contentmodels.pages import LawPage

pytestmark = pytest.mark.django_db

LAW_PRODUCT_QUALITY = 383  # 0-based line of 产品质量法 (2018) in laws/index.jsonl
SLICE = {
    "laws/index.jsonl": [LAW_PRODUCT_QUALITY, 0, 1],
    "wto/notifications.jsonl": 6,
    "notices/gacc_notices.jsonl": 4,
    "spotchecks/automotive_fluid_spotchecks.jsonl": 8,
}


def _article(shared_data, number: str) -> str:
    row = json.loads(
        (shared_data / "laws/index.jsonl").read_text().splitlines()[LAW_PRODUCT_QUALITY]
    )
    for line in (shared_data / "laws" / row["file"]).read_text(encoding="utf-8").splitlines():
        if line.startswith(number):
            return line[len(number) :].strip()
    raise AssertionError(f"{number} not in {row['title']}")


def test_imported_real_data_is_published_searchable_and_consistent(
    data_slice, shared_data, jinzhi_home, public
):
    report = run_import(data_slice(SLICE))
    assert report.errors == []
    publish_all(full=True)
    assert check_consistency() == []

    law = LawPage.objects.get(title="中华人民共和国产品质量法")
    law_url = law.to_document().url
    page = public.page(law_url)
    assert page is not None and page.get_element_by_id("第二十六条") is not None

    clause = _article(shared_data, "第二十六条")[:40]
    first = public.search(clause)["hits"][0]
    assert first["id"] == str(law.pk)
    assert first["url"] == f"{law_url}#第二十六条"

    members = {
        p.name for p in (jinzhi_home / "public" / "feeds" / "notification" / "member").iterdir()
    }
    assert members, "no per-member WTO feeds"

    # Nothing changed in the CMS: an incremental publish writes nothing.
    again = publish_all()
    assert (again.written, again.removed) == (0, 0)
    assert check_consistency() == []


def test_every_cell_of_a_spot_check_table_is_searchable(data_slice, public):
    """规格型号 and 不合格项目 are shown in the table, so a search for them finds the page;
    5W-30 is a grade of its own, not 5W-40."""
    rows = {"spotchecks/automotive_fluid_spotchecks.jsonl": [85, 32, 190]}
    assert run_import(data_slice(rows)).errors == []
    publish_all(full=True)

    def titles(query):
        return [(hit["title"], hit["date"][:10]) for hit in public.search(query)["hits"]]

    (april,) = titles("SL 5W-30 4L")
    assert april[1] == "2018-04-21"
    assert titles("5W-30") == [april]
    assert titles("低温动力黏度") == [april]
    (september,) = titles("5W-40")
    assert september[1] == "2018-09-26"
