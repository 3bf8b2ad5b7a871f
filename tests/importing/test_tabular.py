"""Office sheets: CSV (GBK, UTF-8 with BOM) and XLSX made from real spot-check rows.

Every file here is built from rows of ../shared/data/spotchecks/automotive_fluid_spotchecks.csv,
laid out the way offices publish them: a title row above the Chinese header, merged cells,
dates in several spellings, stray NBSP and full-width spaces.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from cms.importing import run_import
from cms.importing import writer as import_writer
from cms.importing.headers import normalise
from cms.importing.records import parse_date
from cms.importing.spotchecks import SHEET_COLUMNS, outcome_of
from contentmodels.pages import SpotCheckPage, StandardPage

SOURCE = "SHENZHEN_CHINA_2019_AUTOMOTIVE_FLUID_INSPECTION"
TITLE = "深圳市市场监督管理局2019年车用油液产品质量监督抽查结果"
HEADERS = [
    "序号",
    "产品名称",
    "产品类别",
    "商标",
    "标称生产企业名称",
    "标称生产企业地址",
    "被抽样单位名称",
    "规格型号",
    "生产日期/批号",
    "抽查结果",
    "不合格项目",
    "承检机构",
    "地区",
    "报告日期",
    "英文类别",
]
OUTCOME = {"conforming": "合格", "nonconforming": "不合格"}


@pytest.fixture(scope="module")
def real_rows(shared_data) -> list[dict]:
    """Six rows of one Shenzhen announcement: five conforming, one nonconforming."""
    path = shared_data / "spotchecks" / "automotive_fluid_spotchecks.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["source_id"] == SOURCE]
    failed = next(r for r in rows if r["inspection_outcome"] == "nonconforming")
    return rows[:5] + [failed]


def sheet_rows(rows: list[dict], report_date=None) -> list[list]:
    """The rows under the Chinese headers (report date as given, default ISO text)."""
    return [
        [
            str(n),
            r["product_name"],
            r["product_kind_source_reported"],
            r["brand_source_reported"],
            r["manufacturer_source_reported"],
            "",
            "",
            r["model_specification_source_reported"],
            r["production_date_or_batch_source_reported"],
            OUTCOME[r["inspection_outcome"]],
            r["nonconforming_items_source_reported"],
            "",
            "深圳",
            report_date if report_date is not None else r["report_date"],
            r["product_kind_english"],
        ]
        for n, r in enumerate(rows, start=1)
    ]


def write_csv(path, rows: list[list], *, encoding: str, title: str | None = TITLE, headers=None):
    buffer = io.StringIO()
    out = csv.writer(buffer)
    if title:
        out.writerow([title] + [""] * (len(HEADERS) - 1))  # Excel's CSV of a merged title row
    out.writerow(headers or HEADERS)
    out.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path, rows: list[list]):
    """Merged title row; region, report date and repeated categories merged down."""
    book = Workbook()
    ws = book.active
    ws.append([TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.append(HEADERS)
    first, last = 3, 2 + len(rows)
    for row in rows:
        ws.append(row)
    region, day = HEADERS.index("地区") + 1, HEADERS.index("报告日期") + 1
    ws.cell(first, day).value = datetime(2019, 12, 25)  # a real date cell
    ws.merge_cells(start_row=first, start_column=region, end_row=last, end_column=region)
    ws.merge_cells(start_row=first, start_column=day, end_row=last, end_column=day)
    category = HEADERS.index("产品类别") + 1
    start = first
    for r in range(first + 1, last + 2):
        same = r <= last and ws.cell(r, category).value == ws.cell(start, category).value
        if not same:
            if r - 1 > start:
                ws.merge_cells(
                    start_row=start, start_column=category, end_row=r - 1, end_column=category
                )
            start = r
    book.save(path)
    return path


def result_rows(page) -> list[tuple]:
    return [
        (
            r.product_name,
            r.brand,
            r.manufacturer,
            r.model,
            r.batch,
            r.outcome,
            r.failed_items,
            r.region,
            r.report_date,
            r.extra,
        )
        for r in page.results.all()
    ]


def expected_rows(rows: list[dict]) -> list[tuple]:
    return [
        (
            r["product_name"],
            r["brand_source_reported"],
            r["manufacturer_source_reported"],
            r["model_specification_source_reported"],
            r["production_date_or_batch_source_reported"],
            "pass" if r["inspection_outcome"] == "conforming" else "fail",
            r["nonconforming_items_source_reported"],
            "深圳",
            date(2019, 12, 25),
            {"英文类别": r["product_kind_english"], "产品类别": r["product_kind_source_reported"]},
        )
        for r in rows
    ]


# -- one announcement, three file formats ------------------------------------------


@pytest.mark.django_db
def test_gbk_bom_and_xlsx_sheets_import_to_the_same_page(tmp_path, real_rows, site_tree):
    gbk = write_csv(
        tmp_path / "抽查结果.csv", sheet_rows(real_rows, "2019年12月25日"), encoding="gbk"
    )
    bom = write_csv(
        tmp_path / "results-utf8.csv", sheet_rows(real_rows, "43824"), encoding="utf-8-sig"
    )
    xlsx = write_xlsx(tmp_path / "附件1.xlsx", sheet_rows(real_rows, ""))
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf")

    first = run_import(gbk, type="spotcheck")

    assert first.errors == [] and first.counts["spotcheck"]["created"] == 1
    page = SpotCheckPage.objects.get()
    assert page.title == TITLE and page.live
    assert result_rows(page) == expected_rows(real_rows)
    assert page.report_date == date(2019, 12, 25) and page.region == "深圳"
    assert page.product_category == list(
        dict.fromkeys(r["product_kind_source_reported"] for r in real_rows)
    )
    for again in (bom, xlsx):
        report = run_import(again, type="spotcheck")
        assert report.errors == [], again
        assert report.counts["spotcheck"] == {
            "created": 0,
            "updated": 0,
            "unchanged": 1,
            "failed": 0,
        }, again
    assert SpotCheckPage.objects.get().pk == page.pk


@pytest.mark.django_db
def test_corrected_sheet_updates_the_page_in_place(tmp_path, real_rows, site_tree):
    rows = sheet_rows(real_rows)
    path = write_csv(tmp_path / "r.csv", rows, encoding="utf-8")
    run_import(path, type="spotcheck")
    page = SpotCheckPage.objects.get()
    url = page.to_document().url

    rows[0][HEADERS.index("抽查结果")] = "不合格"
    rows[0][HEADERS.index("不合格项目")] = "平衡回流沸点"
    report = run_import(write_csv(path, rows, encoding="utf-8"), type="spotcheck")

    assert report.counts["spotcheck"]["updated"] == 1
    page = SpotCheckPage.objects.get()
    assert page.to_document().url == url
    assert page.results.first().outcome == "fail"


@pytest.mark.django_db
def test_title_option_and_file_name_name_the_announcement(tmp_path, real_rows, site_tree):
    untitled = write_csv(
        tmp_path / "2019年抽查.csv", sheet_rows(real_rows), encoding="utf-8", title=None
    )
    run_import(untitled, type="spotcheck")
    assert SpotCheckPage.objects.get().title == "2019年抽查"

    run_import(untitled, type="spotcheck", title="另一个标题")
    assert SpotCheckPage.objects.get().title == "另一个标题"


# -- lenient headers, values and dates ----------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2024-03-01", date(2024, 3, 1)),
        ("2024.3.1", date(2024, 3, 1)),
        ("2024年3月1日", date(2024, 3, 1)),
        ("２０２４年３月１日", date(2024, 3, 1)),
        ("20240301", date(2024, 3, 1)),
        ("2024/03/01", date(2024, 3, 1)),
        ("45292", date(2024, 1, 1)),
        ("45292.0", date(2024, 1, 1)),
        ("2024-03-01 00:00:00", date(2024, 3, 1)),
    ],
)
def test_office_date_forms_parse(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2024-13-01", "2024", "三月一日", "2024-03-01/批号", "123"])
def test_non_dates_are_rejected(raw):
    with pytest.raises(ValueError):
        parse_date(raw)


@pytest.mark.parametrize(
    "header, key",
    [
        ("生产企业 ", "manufacturer"),
        ("标称生产企业名称", "manufacturer"),
        ("标称生产企业", "manufacturer"),
        ("标称\u00a0生产企业", "manufacturer"),
        ("产品名称\u3000", "product_name"),
        ("（产品名称）", "product_name"),
        ("生产日期／批号", "batch"),
        ("检验结论", "outcome"),
        ("主要不合格项目", "failed_items"),
        ("被抽样单位", "sampled_unit"),
        ("承检机构*", "inspection_body"),
        ("ＲＥＰＯＲＴ_DATE", "report_date"),
        ("生产企业地址", "manufacturer_address"),
        ("随便一列", None),
    ],
)
def test_header_variants_match(header, key):
    assert SHEET_COLUMNS.key_of(header) == key


@pytest.mark.parametrize(
    "word, outcome",
    [
        ("合格\u00a0", "pass"),
        ("　符合 ", "pass"),
        ("conforming", "pass"),
        ("不合格", "fail"),
        ("不 符 合", "fail"),
        ("Nonconforming", "fail"),
    ],
)
def test_result_words(word, outcome):
    assert outcome_of(word, "outcome") == outcome


def test_bom_never_reaches_the_first_header():
    assert normalise("\ufeff产品名称") == normalise("产品名称")


@pytest.mark.django_db
def test_nbsp_and_full_width_variants_import(tmp_path, real_rows, site_tree):
    headers = [h + "\u00a0" if n % 2 else "\u3000" + h for n, h in enumerate(HEADERS)]
    headers[HEADERS.index("标称生产企业名称")] = "生产企业 "
    rows = sheet_rows(real_rows)
    for row in rows:
        row[HEADERS.index("抽查结果")] += "\u00a0"
        row[HEADERS.index("商标")] = "\u3000" + row[HEADERS.index("商标")] + "  "
    path = write_csv(tmp_path / "r.csv", rows, encoding="utf-8", headers=headers)

    report = run_import(path, type="spotcheck")

    assert report.errors == []
    assert result_rows(SpotCheckPage.objects.get()) == expected_rows(real_rows)


# -- bad rows, dry runs, all or nothing ---------------------------------------------


def _with_bad_rows(real_rows) -> list[list]:
    rows = sheet_rows(real_rows)
    rows[1][HEADERS.index("产品名称")] = ""  # sheet row 4 (title 1, header 2)
    rows[3][HEADERS.index("抽查结果")] = "待定"  # sheet row 6
    rows[4][HEADERS.index("报告日期")] = "2019-02-30"  # sheet row 7
    return rows


@pytest.mark.django_db
def test_bad_rows_are_reported_with_file_row_and_field(tmp_path, real_rows, site_tree):
    path = write_csv(tmp_path / "r.csv", _with_bad_rows(real_rows), encoding="utf-8")

    report = run_import(path, type="spotcheck")

    assert [(e.file, e.line, e.field) for e in report.errors] == [
        (str(path), 4, "product_name"),
        (str(path), 6, "outcome"),
        (str(path), 7, "report_date"),
    ]
    assert str(report.errors[1]).startswith(f"{path}:6: outcome: ")
    page = SpotCheckPage.objects.get()
    good = [real_rows[i]["product_name"] for i in (0, 2, 5)]
    assert [r.product_name for r in page.results.all()] == good


@pytest.mark.django_db
def test_dry_run_writes_nothing(tmp_path, real_rows, site_tree):
    path = write_csv(tmp_path / "r.csv", _with_bad_rows(real_rows), encoding="utf-8")

    report = run_import(path, type="spotcheck", dry_run=True)

    assert report.counts["spotcheck"]["created"] == 1 and len(report.errors) == 3
    assert SpotCheckPage.objects.count() == 0 and report.published_ids == []


@pytest.mark.django_db
def test_atomic_imports_nothing_when_one_row_is_bad(tmp_path, real_rows, shared_data, site_tree):
    sheet = write_csv(tmp_path / "r.csv", _with_bad_rows(real_rows), encoding="utf-8")
    folder = tmp_path / "data" / "standards"
    folder.mkdir(parents=True)
    standards = shared_data / "standards" / "sn_standards.jsonl"
    (folder / "sn_standards.jsonl").write_text(
        "".join(standards.read_text(encoding="utf-8").splitlines(keepends=True)[:3]),
        encoding="utf-8",
    )
    run_import(folder.parent)  # pages that exist before must stay as they are
    before = list(StandardPage.objects.values_list("pk", "title"))

    report = run_import(sheet, type="spotcheck", atomic=True)

    assert report.rolled_back and len(report.errors) == 3 and report.published_ids == []
    assert "nothing imported" in report.summary()
    assert SpotCheckPage.objects.count() == 0
    assert list(StandardPage.objects.values_list("pk", "title")) == before


@pytest.mark.django_db
def test_crash_in_atomic_import_leaves_nothing(tmp_path, monkeypatch, site_tree):
    path = tmp_path / "sn_standards.csv"
    path.write_text(
        "标准编号,标准名称,实施日期\nSN/T 1-2020,甲,2020-01-01\nSN/T 2-2020,乙,2020-01-01\n",
        encoding="utf-8",
    )
    real_write = import_writer.write_page
    calls = []

    def crash_on_second(data, *args, **kwargs):
        calls.append(data.key)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_write(data, *args, **kwargs)

    monkeypatch.setattr("cms.importing.run.write_page", crash_on_second)
    with pytest.raises(RuntimeError):
        run_import(path, atomic=True)
    assert len(calls) == 2 and StandardPage.objects.count() == 0


# -- the shared layout's CSV and other types ----------------------------------------


@pytest.mark.django_db
def test_shared_flat_csv_imports_like_the_jsonl(tmp_path, shared_data, site_tree):
    lines = (shared_data / "spotchecks" / "automotive_fluid_spotchecks.csv").read_text(
        encoding="utf-8"
    )
    path = tmp_path / "automotive_fluid_spotchecks.csv"
    path.write_text("".join(lines.splitlines(keepends=True)[:6]), encoding="utf-8")

    report = run_import(path)  # the type follows from the file name

    assert report.errors == []
    page = SpotCheckPage.objects.get()
    assert page.source_key == "BEIJING_CHINA_2018_AUTOMOTIVE_FLUID_INSPECTION_1"
    assert page.results.count() == 5 and page.region == "北京"


@pytest.mark.django_db
def test_office_standards_list_with_chinese_headers(tmp_path, site_tree):
    path = tmp_path / "list.csv"
    path.write_text(
        "2019年出入境检验检疫行业标准复审废止目录,,,\n"
        "序号,标准编号,标准名称,废止原因\n"
        "1,SN/T 0001-1995 ,出口商品检验规程,内容陈旧\n"
        "2,SN/T0002—1995,出口食品检验规程,已有国家标准\n",
        encoding="gb18030",
    )

    report = run_import(path, type="standard")

    assert report.errors == []
    pages = {p.standard_no: p for p in StandardPage.objects.all()}
    assert set(pages) == {"SN/T 0001-1995", "SN/T 0002-1995"}
    assert {p.status for p in pages.values()} == {"abolished"}
    assert pages["SN/T 0001-1995"].abolish_reason == "内容陈旧"


def test_guides_cannot_come_from_a_sheet(tmp_path):
    path = tmp_path / "guides.csv"
    path.write_text("标题,正文\n一,二\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot be imported from a sheet"):
        run_import(path, type="guide")


@pytest.mark.django_db
def test_sheet_without_header_is_one_error(tmp_path, site_tree):
    path = tmp_path / "r.csv"
    path.write_text("甲,乙\n1,2\n", encoding="utf-8")
    report = run_import(path, type="spotcheck")
    assert [(e.line, e.field) for e in report.errors] == [(1, "header")]
    assert "产品名称" in report.errors[0].reason


# -- from sheet to site ------------------------------------------------------------


@pytest.fixture
def home(settings, tmp_path):
    """An isolated JINZHI_HOME (as tests/cms/conftest.py's jinzhi_home)."""
    from dataclasses import replace

    config = replace(settings.JINZHI, home=tmp_path / "home")
    settings.JINZHI = config
    settings.SEARCH_BACKEND = config.search_backend
    (config.home / "search").mkdir(parents=True)
    return config.home


@pytest.mark.django_db
def test_imported_sheet_reaches_the_site_with_csv_and_enterprise_page(tmp_path, real_rows, home):
    from lxml import html

    from cms.consistency import check_consistency
    from cms.publishing import publish_all
    from sitebuild.spotchecks import group_url

    rows = sheet_rows(real_rows)
    path = write_xlsx(tmp_path / "附件1.xlsx", rows)
    run_import(path, type="spotcheck")
    publish_all(full=True)
    assert check_consistency() == []

    doc = SpotCheckPage.objects.get().to_document()
    public = home / "public"
    data = (public / doc.url.strip("/") / "results.csv").read_bytes().decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(data)))[1:] == doc.table.rows
    enterprise = real_rows[0]["manufacturer_source_reported"]
    page_file = public / group_url(enterprise, "enterprise").strip("/") / "index.html"
    page = html.parse(str(page_file)).getroot()
    assert page.xpath("//tbody/tr/td[2]/a/@href") == [doc.url]

    # A corrected sheet: the incremental publish updates the enterprise page.
    rows[0][HEADERS.index("抽查结果")] = "不合格"
    run_import(write_xlsx(path, rows), type="spotcheck")
    publish_all()
    page = html.parse(str(page_file)).getroot()
    assert "其中不合格 1 批次" in page.xpath("string(//p[@class='page-meta'])")
    assert check_consistency() == []


def test_cli_atomic_and_dry_run_exit_non_zero_naming_the_row(tmp_path, real_rows):
    import os
    import subprocess
    import sys

    path = write_csv(tmp_path / "r.csv", _with_bad_rows(real_rows), encoding="gbk")
    env = {**os.environ, "JINZHI_HOME": str(tmp_path / "home")}
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    env.pop("DATABASE_URL", None)

    def jinzhi(*args):
        command = [sys.executable, "-m", "cms.cli", "import", str(path), "--type", "spotcheck"]
        return subprocess.run(
            [*command, *args], env=env, capture_output=True, text=True, timeout=600
        )

    for flag in ("--atomic", "--dry-run"):
        result = jinzhi(flag)
        assert result.returncode == 1, result.stderr
        assert f"{path}:4: product_name: " in result.stderr
        assert "Traceback" not in result.stderr
    assert "nothing imported" in jinzhi("--atomic").stdout
    imported = jinzhi("--title", "深圳抽查")
    assert imported.returncode == 0 and "1 created" in imported.stdout


@pytest.mark.django_db
def test_notice_and_notification_sheets_use_the_jsonl_readers(tmp_path, shared_data, site_tree):
    from contentmodels.pages import NoticePage, NotificationPage

    notices = tmp_path / "notices.xlsx"
    book = Workbook()
    book.active.append(["海关总署公告目录"])
    book.active.append(["文号", "标题", "发布日期", "发布机构", "正文"])
    book.active.append(
        ["公告〔2024〕151号", "关于进口冷链食品的公告", 45597, "海关总署", "第一段\n第二段"]
    )
    book.save(notices)
    wto = tmp_path / "notifications.csv"
    wto.write_text(
        "通报号,通报成员,分发日期,标题,HS编码\n"
        "G/TBT/N/USA/1234,美国,2024年3月1日,玩具安全,9503；9504\n",
        encoding="utf-8-sig",
    )

    assert run_import(notices, type="notice").errors == []
    assert run_import(wto, type="notification").errors == []

    notice = NoticePage.objects.get()
    assert notice.number == "公告〔2024〕151号" and notice.issue_date == date(2024, 11, 1)
    assert "第二段" in notice.to_document().body_text
    notification = NotificationPage.objects.get()
    assert notification.symbol == "G/TBT/N/USA/1234"
    assert notification.distribution_date == date(2024, 3, 1)
    assert notification.hs_codes == ["9503", "9504"]


@pytest.mark.django_db
def test_sheet_titled_like_a_site_folder_gets_another_slug(tmp_path, real_rows, site_tree):
    path = write_csv(tmp_path / "r.csv", sheet_rows(real_rows), encoding="utf-8", title="Products")
    run_import(path, type="spotcheck")
    assert SpotCheckPage.objects.get().slug == "products-results"
