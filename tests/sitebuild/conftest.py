"""Fixtures for the static-site tests: real Documents made from a slice of ../shared/data.

The Documents are built here with the Document dataclass directly (no Django), in the
shape the CMS export produces: laws with 编/章/节 headings and 条 anchors, WTO
notifications with a per-member feed, spot-check announcements with a result table.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from html import escape
from pathlib import Path

import pytest
from lxml import html as lxml_html

from contentmodels.document import (
    Attachment,
    Document,
    Feed,
    Field,
    Table,
    write_document,
)
from contentmodels.lawtext import render_law
from sitebuild.build import publish_site

SITE_URL = "https://jinzhi.test"
LAW_LEVELS = {
    "宪法": "constitution",
    "法律": "law",
    "行政法规": "administrative-regulation",
    "司法解释": "judicial-interpretation",
    "部门规章": "department-rule",
    "地方性法规": "local-regulation",
}


@pytest.fixture(scope="session")
def site_url() -> str:
    return SITE_URL


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    if not (path / "laws" / "index.jsonl").exists():
        pytest.fail(f"shared data not found at {path} (expected ../shared/data beside the repo)")
    return path


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _stamp(day: str, hour: int = 9) -> str:
    return f"{day}T{hour:02d}:00:00+08:00"


def law_body(text: str):
    """The law text after its header, rendered as the CMS export does (contentmodels.lawtext)."""
    body = text.split("<!-- INFO END -->", 1)[-1]
    if "<!-- INFO END -->" not in text:  # no header marker: drop the title lines
        body = "\n".join(line for line in body.splitlines() if not line.startswith("# "))
    law = render_law(body)
    return law.html, law.sections


def law_document(row: dict, text: str) -> Document:
    day = row["promulgation_date"] or row["effective_date"] or "2000-01-01"
    body_html, sections = law_body(text)
    level_key = LAW_LEVELS.get(row["level"], "other")
    return Document(
        id=f"law-{row['id'][:12]}",
        type="law",
        url=f"/laws/{row['id'][:12]}/",
        title=row["title"],
        date=_stamp(day),
        updated=_stamp(day, 10),
        summary=re.sub(r"<[^>]+>", "", body_html)[:120],
        body_html=body_html,
        body_text=re.sub(r"<[^>]+>", "", body_html),
        fields=[
            Field("level", "效力位阶", row["level"], row["level"]),
            Field("issuer", "制定机关", row["issuer"], row["issuer"]),
            Field(
                "promulgation_date", "公布日期", row["promulgation_date"], row["promulgation_date"]
            ),
            Field("effective_date", "施行日期", row["effective_date"], row["effective_date"]),
            Field("status", "时效性", row["status"], row["status"]),
        ],
        facets={"level": [row["level"]]},
        facet_labels={"level": "效力位阶"},
        feeds=[Feed(key=f"law/level/{level_key}", title=f"法律法规 · {row['level']}")],
        sections=sections,
        status=row["status"],
    )


def wto_document(n: int, rec: dict) -> Document:
    symbol = rec["symbol"]
    member_code = symbol.split("/")[3]
    slug = re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")
    return Document(
        id=f"wto-{n}",
        type="notification",
        url=f"/notifications/{slug}/",
        title=rec["title"] or f"{rec['notifying_member']} {symbol}",
        date=_stamp(rec["distribution_date"]),
        updated=_stamp(rec["distribution_date"], 12),
        summary=rec["description"][:150],
        body_html=f"<p>{escape(rec['description'])}</p>",
        body_text=rec["description"],
        fields=[
            Field("symbol", "通报号", symbol, symbol),
            Field("member", "通报成员", rec["notifying_member"], rec["notifying_member"]),
            Field("area", "通报类型", rec["area"], rec["area"]),
            Field(
                "distribution_date", "分发日期", rec["distribution_date"], rec["distribution_date"]
            ),
            Field("products", "覆盖产品", rec["products"], rec["products"]),
        ],
        facets={"member": [member_code]},
        facet_labels={"member": "通报成员"},
        feeds=[
            Feed(
                key=f"notification/member/{member_code}",
                title=f"WTO通报 · {rec['notifying_member']}",
            )
        ],
        search_text=symbol,
    )


def spotcheck_document(source_id: str, rows: list[dict]) -> Document:
    columns = [
        ("product_name", "产品名称"),
        ("brand_source_reported", "商标"),
        ("manufacturer_source_reported", "标称生产企业"),
        ("model_specification_source_reported", "规格型号"),
        ("production_date_or_batch_source_reported", "生产日期/批号"),
        ("inspection_outcome", "检验结论"),
        ("nonconforming_items_source_reported", "不合格项目"),
    ]
    outcome = {"conforming": "合格", "nonconforming": "不合格"}
    day = max(r["report_date"] for r in rows)
    market = rows[0]["market"].replace("China / ", "").replace("China", "全国")
    return Document(
        id=f"spot-{source_id.lower()}",
        type="spotcheck",
        url=f"/spotchecks/{source_id.lower().replace('_', '-')}/",
        title=f"{market}{rows[0]['product_kind_source_reported']}产品质量监督抽查结果（{day}）",
        date=_stamp(day),
        updated=_stamp(day, 11),
        summary=f"共抽查 {len(rows)} 批次产品。",
        body_html=f"<p>共抽查 {len(rows)} 批次产品，结果见下表。</p>",
        fields=[
            Field("market", "地区", market, market),
            Field("report_date", "公布日期", day, day),
        ],
        facets={"region": [market]},
        table=Table(
            columns=[Field(key, label, None) for key, label in columns],
            rows=[[outcome.get(str(r[k]), str(r[k] or "")) for k, _ in columns] for r in rows],
        ),
        attachments=[Attachment("原始公告", rows[0]["source_url"])],
    )


@pytest.fixture(scope="session")
def law_docs(shared_data) -> list[Document]:
    """25 small laws with articles (for pagination) plus 产品质量法 (chapters, articles)."""
    rows = _jsonl(shared_data / "laws" / "index.jsonl")
    picked = [r for r in rows if r["short_name"] == "产品质量法"][:1]
    small = [r for r in rows if r["article_count"] and r["chars"] < 6000 and r["promulgation_date"]]
    picked += small[:24]
    picked += [r for r in rows if r["status"].startswith("已修改") and r["chars"] < 8000][:1]
    picked = list({r["id"]: r for r in picked}.values())
    texts = (shared_data / "laws" / r["file"] for r in picked)
    return [law_document(r, t.read_text(encoding="utf-8")) for r, t in zip(picked, texts)]


@pytest.fixture(scope="session")
def wto_docs(shared_data) -> list[Document]:
    recs = _jsonl(shared_data / "wto" / "notifications.jsonl")
    good = [
        r
        for r in recs
        if r["distribution_date"] and re.fullmatch(r"G/(TBT|SPS)/N/[A-Z]+/\d+", r["symbol"])
    ]
    usa = [r for r in good if "/USA/" in r["symbol"]][:3]
    others = [r for r in good if "/USA/" not in r["symbol"]][:9]
    return [wto_document(n, r) for n, r in enumerate(usa + others)]


@pytest.fixture(scope="session")
def spot_docs(shared_data) -> list[Document]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in _jsonl(shared_data / "spotchecks" / "automotive_fluid_spotchecks.jsonl"):
        groups[row["source_id"]].append(row)
    return [spotcheck_document(sid, rows[:30]) for sid, rows in sorted(groups.items())[:3]]


@pytest.fixture
def documents(law_docs, wto_docs, spot_docs) -> list[Document]:
    return [Document.from_dict(d.to_dict()) for d in law_docs + wto_docs + spot_docs]


class Site:
    """One JINZHI_HOME-like folder: export, releases and the live symlink."""

    def __init__(self, root: Path, documents: list[Document]):
        self.export = root / "export"
        self.releases = root / "releases"
        self.public = root / "public"
        self.documents = {d.id: d for d in documents}
        for doc in documents:
            write_document(self.export, doc)

    def publish(self, changed=None, **kwargs):
        return publish_site(
            export_dir=self.export,
            releases_dir=self.releases,
            public_link=self.public,
            changed=changed,
            site_url=SITE_URL,
            **kwargs,
        )

    def page(self, url: str, root: Path | None = None):
        path = (root or self.public) / url.strip("/") / "index.html"
        return lxml_html.fromstring(path.read_bytes())

    def put(self, doc: Document) -> None:
        self.documents[doc.id] = doc
        write_document(self.export, doc)


@pytest.fixture
def site(tmp_path, documents) -> Site:
    return Site(tmp_path, documents)


@pytest.fixture
def built(site) -> Site:
    site.publish()
    return site
