"""Wagtail API v2 over real imported pages: every type with its fields, filters, search,
ordering; bad parameters are 400s with a reason, never 500s."""

from __future__ import annotations

import pytest

from cms.importing import run_import
from contentmodels.base import CONTENT_TYPES

pytestmark = pytest.mark.django_db

SLICE = {
    "laws/index.jsonl": 2,
    "notices/gacc_notices.jsonl": 3,
    "standards/sn_standards.jsonl": 3,
    "spotchecks/automotive_fluid_spotchecks.jsonl": 3,
    "wto/notifications.jsonl": 4,
    "guides/guides.jsonl": 1,
}


@pytest.fixture
def pages(data_slice, site_tree, jinzhi_home):
    report = run_import(data_slice(SLICE))
    assert report.errors == []
    return report


def _get(client, **params):
    response = client.get("/api/v2/pages/", params)
    return response.status_code, response.json()


@pytest.mark.parametrize("key", list(CONTENT_TYPES))
def test_every_content_type_exposes_its_export_fields(client, pages, key):
    model = CONTENT_TYPES[key]
    status, data = _get(client, type=f"contentmodels.{model.__name__}", fields="*")
    assert status == 200, data
    assert data["items"], key
    exported = {f.name for f in model.export_fields}
    for item in data["items"]:
        assert exported <= set(item), exported - set(item)
        assert item["meta"]["type"] == f"contentmodels.{model.__name__}"


def test_field_filter_ordering_and_search(client, pages):
    status, data = _get(
        client,
        type="contentmodels.NotificationPage",
        fields="distribution_date",
        order="-distribution_date",
    )
    assert status == 200
    dates = [i["distribution_date"] for i in data["items"] if i["distribution_date"]]
    assert dates == sorted(dates, reverse=True) and len(dates) > 1

    status, data = _get(client, type="contentmodels.StandardPage", fields="standard_no")
    number = data["items"][0]["standard_no"]
    status, data = _get(
        client, type="contentmodels.StandardPage", standard_no=number, fields="standard_no"
    )
    assert status == 200 and [i["standard_no"] for i in data["items"]] == [number]

    status, data = _get(client, search=number.split(" ", 1)[1], type="contentmodels.StandardPage")
    assert status == 200 and data["meta"]["total_count"] >= 1


@pytest.mark.parametrize(
    "params, reason",
    [
        ({"nonsense": "1"}, "nonsense"),
        ({"type": "contentmodels.NoticePage", "colour": "red"}, "colour"),
        ({"limit": "abc"}, "limit"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "100000"}, "limit"),
        ({"offset": "x"}, "offset"),
        ({"offset": "-5"}, "offset"),
        ({"type": "contentmodels.Nope"}, "type"),
        ({"type": "nope"}, "type"),
        ({"order": "nonsense"}, "nonsense"),
        ({"order": "issue_date"}, "issue_date"),  # not a field of every page
        ({"fields": "nonsense"}, "nonsense"),
        ({"type": "contentmodels.NoticePage", "issue_date": "2024-13-01"}, "2024-13-01"),
        ({"type": "contentmodels.NoticePage", "issue_date": "notadate"}, "notadate"),
        ({"type": "contentmodels.StandardPage", "implementation_date": ""}, "bad filter value"),
        ({"search": "食品", "search_operator": "xor"}, "search_operator"),
        ({"id": "x"}, "id"),
    ],
)
def test_bad_parameters_are_400_with_a_reason(client, pages, params, reason):
    status, data = _get(client, **params)
    assert status == 400, data
    assert reason in data["message"]


@pytest.mark.parametrize("search", ['"', "(食品]", "a AND (b", " ", "*", "NEAR(", "公告〔2024〕"])
def test_any_search_text_is_text(client, pages, search):
    # Brackets, quotes and operators are separators, so no search text is a bad request.
    status, data = _get(client, search=search)
    assert status == 200, data
    assert isinstance(data["items"], list)


def test_bracketed_document_number_is_found(client, pages):
    status, data = _get(client, type="contentmodels.NoticePage", fields="number")
    number = next(i["number"] for i in data["items"] if "〔" in i["number"])
    status, data = _get(client, search=number, type="contentmodels.NoticePage", fields="number")
    assert status == 200
    assert number in [i["number"] for i in data["items"]]


def test_content_itself_is_served_body_text_sections_and_rows(client, pages):
    """Other systems need the content, not only the metadata."""
    status, data = _get(client, type="contentmodels.SpotCheckPage", fields="results")
    assert status == 200
    rows = data["items"][0]["results"]
    assert len(rows) == 3
    assert {"product_name", "manufacturer", "outcome", "failed_items"} <= set(rows[0])

    status, data = _get(client, type="contentmodels.LawPage", fields="text")
    assert data["items"] and all(len(item["text"]) > 100 for item in data["items"])

    status, data = _get(client, type="contentmodels.GuidePage", fields="sections")
    assert data["items"][0]["sections"][0]["type"] == "section"

    status, data = _get(client, type="contentmodels.NoticePage", fields="body")
    assert all(item["body"] for item in data["items"])


def test_html_url_points_at_the_static_site(client, pages, settings):
    status, data = _get(client, type="contentmodels.StandardPage")
    detail = client.get(f"/api/v2/pages/{data['items'][0]['id']}/").json()
    html_url = detail["meta"]["html_url"]
    assert html_url.startswith(settings.JINZHI.site_url + "/standards/"), html_url


def test_every_listed_page_has_its_public_address(client, pages, settings):
    status, data = _get(client)
    assert status == 200 and data["items"]
    missing = [(i["id"], i["meta"]["type"]) for i in data["items"] if not i["meta"]["html_url"]]
    assert missing == []
