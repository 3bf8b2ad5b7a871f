"""Spot-check results on the site: filterable tables, CSV downloads, enterprise and product
pages across announcements, in full and incremental builds (real rows from ../shared/data)."""

from __future__ import annotations

import csv
import io

import pytest

from contentmodels.document import Document, Field, Table, remove_document
from sitebuild.build import BuildError, verify_site
from sitebuild.spotchecks import column_role, group_url, table_csv

# In both of the first two Beijing announcements of the shared data.
ENTERPRISE = "北京朝阳高科应用技术研究所有限公司"
PRODUCT = "汽油清净剂"


def _texts(nodes) -> list[str]:
    return [" ".join(n.text_content().split()) for n in nodes]


def _column(doc: Document, role: str) -> int:
    return next(n for n, c in enumerate(doc.table.columns) if column_role(c) == role)


def _rows_of(doc: Document, role: str, value: str) -> list[list[str]]:
    return [row for row in doc.table.rows if row[_column(doc, role)] == value]


def _edited(doc: Document, **changes) -> Document:
    return Document.from_dict({**doc.to_dict(), **changes})


def _ino(root, url: str) -> int:
    return (root / url.strip("/") / "index.html").stat().st_ino


def test_result_table_is_filterable_without_hiding_rows(built, spot_docs):
    doc = spot_docs[0]
    page = built.page(doc.url)

    table = page.xpath("//table[@data-filterable]")[0]
    roles = table.xpath("thead//th/@data-filter")
    assert {"product", "enterprise", "outcome"} <= set(roles)
    assert page.xpath("//script[contains(@src, '/theme/js/table-filter.js')]")
    assert (built.public / "theme" / "js" / "table-filter.js").is_file()
    # Without JavaScript every row shows: no filter form, nothing hidden.
    assert len(table.xpath("tbody/tr")) == len(doc.table.rows)
    assert not page.xpath("//*[@hidden]") and not page.xpath("//form[@class='table-filter']")


def test_csv_beside_the_page_holds_the_rows(built, spot_docs):
    for doc in spot_docs:
        page = built.page(doc.url)
        assert page.xpath(f"//a[@href='{doc.url}results.csv']")
        data = (built.public / doc.url.strip("/") / "results.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # so Excel reads it as UTF-8
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert rows[0] == [c.label for c in doc.table.columns]
        assert rows[1:] == doc.table.rows


def test_csv_cells_never_run_as_formulas():
    table = Table([Field("a", "产品名称", None)], [["=HYPERLINK(1)"], ["-40℃"], ["+cmd"]])
    rows = list(csv.reader(io.StringIO(table_csv(table).decode("utf-8-sig"))))
    assert rows[1:] == [["'=HYPERLINK(1)"], ["-40℃"], ["'+cmd"]]


def test_enterprise_and_product_pages_gather_results_from_two_announcements(built, spot_docs):
    older, newer = spot_docs[0], spot_docs[1]
    assert older.date < newer.date
    for kind, role, name in (
        ("enterprise", "enterprise", ENTERPRISE),
        ("product", "product", PRODUCT),
    ):
        url = group_url(name, kind)
        assert url.isascii() and url.startswith(f"/spot-checks/{kind}s/")
        page = built.page(url)
        assert _texts(page.xpath("//h1")) == [name]
        links = page.xpath("//table//tbody/tr/td[2]/a/@href")
        expected = len(_rows_of(newer, role, name)), len(_rows_of(older, role, name))
        assert links == [newer.url] * expected[0] + [older.url] * expected[1]
        assert min(expected) > 0
        index = built.page(f"/spot-checks/{kind}s/")
        assert url in index.xpath("//table//a/@href")
    # The announcement links each enterprise to its page.
    page = built.page(older.url)
    assert group_url(ENTERPRISE, "enterprise") in page.xpath("//table[@data-filterable]//a/@href")
    # The spot-check listing leads to both indexes.
    listing = built.page("/spotchecks/")
    assert {"/spot-checks/enterprises/", "/spot-checks/products/"} <= set(
        listing.xpath("//a/@href")
    )


def test_denied_manufacturer_gets_no_page():
    assert group_url("标称生产单位否认该产品为其生产", "enterprise") == ""
    assert group_url("/", "enterprise") == ""
    assert group_url("中国石化润滑油有限公司", "enterprise") != group_url(
        "中国石化润滑油有限公司 ", "product"
    )
    assert group_url("中国石化润滑油有限公司", "enterprise") == group_url(
        "中国石化润滑油有限公司\u3000", "enterprise"
    )


def test_incremental_build_updates_enterprise_pages(built, spot_docs, law_docs):
    newer = spot_docs[1]
    enterprise_url = group_url(ENTERPRISE, "enterprise")
    before = built.public.resolve()
    others = [
        u
        for u in (
            group_url(row[_column(spot_docs[2], "enterprise")], "enterprise")
            for row in spot_docs[2].table.rows
        )
        if u
    ]
    # An unrelated change leaves the spot-check pages alone.
    built.put(_edited(law_docs[0], updated="2030-01-01T08:00:00+08:00"))
    built.publish(changed={law_docs[0].id})
    assert _ino(built.public.resolve(), enterprise_url) == _ino(before, enterprise_url)

    column = _column(newer, "outcome")
    rows = [list(r) for r in newer.table.rows]
    changed = next(r for r in rows if r[_column(newer, "enterprise")] == ENTERPRISE)
    changed[column] = "不合格"
    table = Table(columns=newer.table.columns, rows=rows)
    edited = _edited(newer, updated="2030-01-01T08:00:00+08:00")
    edited.table = table
    built.put(edited)
    mid = built.public.resolve()

    report = built.publish(changed={newer.id})

    assert report.mode == "incremental"
    live = built.public.resolve()
    page = built.page(enterprise_url)
    assert "不合格 1 批次" in _texts(page.xpath("//p[@class='page-meta']"))[0]
    assert _ino(live, enterprise_url) != _ino(mid, enterprise_url)
    assert _ino(live, others[0]) == _ino(mid, others[0])  # only affected groups re-rendered
    data = (live / newer.url.strip("/") / "results.csv").read_bytes().decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(data)))[1:] == rows
    assert verify_site(public_dir=built.public, documents=list(built.documents.values())) == []


def test_removing_an_announcement_removes_its_groups_and_csv(built, spot_docs):
    gone = spot_docs[2]
    only_there = {row[_column(gone, "enterprise")] for row in gone.table.rows} - {
        row[_column(d, "enterprise")] for d in spot_docs[:2] for row in d.table.rows
    }
    name = next(n for n in sorted(only_there) if group_url(n, "enterprise"))
    url = group_url(name, "enterprise")
    assert (built.public / url.strip("/") / "index.html").exists()
    remove_document(built.export, doc_id=gone.id)
    del built.documents[gone.id]
    built.publish(changed={gone.id})

    live = built.public.resolve()
    assert not (live / url.strip("/")).exists()
    assert not (live / gone.url.strip("/")).exists()  # page and CSV gone, folder too
    assert url not in built.page("/spot-checks/enterprises/").xpath("//a/@href")
    still = group_url(ENTERPRISE, "enterprise")
    assert (live / still.strip("/") / "index.html").exists()
    assert verify_site(public_dir=built.public, documents=list(built.documents.values())) == []


def test_verify_names_a_missing_csv(built, spot_docs):
    doc = spot_docs[0]
    (built.public / doc.url.strip("/") / "results.csv").unlink()
    problems = verify_site(public_dir=built.public, documents=list(built.documents.values()))
    assert problems == [f"missing results csv: {doc.id} {doc.url}results.csv"]


@pytest.mark.parametrize(
    "name, label, role",
    [
        ("manufacturer", "标称生产企业", "enterprise"),  # the CMS export
        ("manufacturer_source_reported", "标称生产企业", "enterprise"),
        ("outcome", "抽检结果", "outcome"),
        ("x", "检验结论", "outcome"),
        ("product_name", "产品名称", "product"),
        ("region", "地区", "region"),
        ("standards", "依据标准", ""),
    ],
)
def test_columns_are_recognised_by_key_or_label(name, label, role):
    assert column_role(Field(name, label, None)) == role


def test_document_at_a_group_folder_fails_the_build_not_the_site(built, spot_docs):
    live = built.public.resolve()
    built.put(_edited(spot_docs[0], id="spot-x", url="/spot-checks/enterprises/"))

    with pytest.raises(BuildError, match="reserved url"):
        built.publish(changed={"spot-x"})

    assert built.public.resolve() == live
