"""Documents built from the real records in ../shared/data, for search tests and the bench.

A stand-in for the CMS export (which owns the real mapping): enough fields to exercise search,
titles, bodies, law articles with anchors, facets and identifiers. Never copies the data.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from contentmodels.document import Document, Field, Section

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"

_ARTICLE = re.compile(
    r"^(第[一二三四五六七八九十百千零〇两]+条(?:之[一二三四五六七八九十]+)?)[\s　]"
)
_HEADING_LEVEL = {"编": 1, "章": 2, "节": 3}


def _jsonl(relative: str) -> Iterator[dict]:
    with open(DATA / relative, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _date(value: str | None) -> str:
    return f"{value}T00:00:00+08:00" if value and re.fullmatch(r"\d{4}-\d\d-\d\d", value) else ""


def _slug(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def law_document(row: dict) -> Document:
    """A law with its 编/章/节 headings and articles (level 0, anchor 第N条)."""
    raw = (DATA / "laws" / row["file"]).read_text(encoding="utf-8")
    body = raw.split("<!-- INFO END -->", 1)[-1]
    sections: list[Section] = []
    lines = []
    for para in (p.strip() for p in body.split("\n")):
        if not para:
            continue
        text = para.lstrip("#").strip()
        lines.append(text)
        article = _ARTICLE.match(text)
        if para.startswith("#"):
            kind = re.match(r"第\S+?([编章节])", text)
            level = _HEADING_LEVEL[kind.group(1)] if kind else 1
            sections.append(Section(anchor=text, title=text, level=level))
        elif article:
            sections.append(Section(anchor=article.group(1), title=article.group(1), text=text))
        elif sections and sections[-1].level == 0:
            sections[-1].text += "\n" + text
    facets = {"level": [row["level"]]}
    if row["region"]:
        facets["region"] = [row["region"]]
    return Document(
        id=f"law-{row['id']}",
        type="law",
        url=f"/laws/{row['id']}/",
        title=row["title"],
        date=_date(row["promulgation_date"]),
        updated=_date(row["promulgation_date"]),
        body_text="\n".join(lines),
        facets=facets,
        sections=sections,
        status=row["status"],
    )


def notice_document(row: dict) -> Document:
    return Document(
        id=row["record_id"],
        type="notice",
        url=f"/notices/{row['record_id']}/",
        title=row["derived_title"] or row["announcement_number"],
        date=_date(row["issue_date"]),
        updated=_date(row["issue_date"]),
        body_text=row["content"],
        search_text=row["announcement_number"],
        identifiers=[row["announcement_number"]] if row["announcement_number"] else [],
        facets={"category": [row["category"]]} if row["category"] else {},
    )


def wto_document(row: dict) -> Document:
    slug = _slug(row["symbol"])
    return Document(
        id=f"wto-{slug}",
        type="notification",
        url=f"/notifications/{slug}/",
        title=row["title"] or row["symbol"],
        date=_date(row["distribution_date"]),
        updated=_date(row["distribution_date"]),
        body_text="\n".join(v for v in (row["description"], row["products"]) if v),
        search_text=" ".join(row["symbols"] + row["hs_codes"]),
        identifiers=row["symbols"],
        facets={"area": [row["area"]], "member": [row["notifying_member"]]},
    )


def spotcheck_document(row: dict) -> Document:
    manufacturer = row.get("manufacturer_source_reported") or row["manufacturer"]
    fields = [
        Field("product_name", "产品名称", row["product_name"], row["product_name"]),
        Field("manufacturer", "标称生产企业", manufacturer, manufacturer),
        Field(
            "model",
            "规格型号",
            row["model_specification_source_reported"],
            row["model_specification_source_reported"],
        ),
        Field(
            "items",
            "不合格项目",
            row["nonconforming_items_source_reported"],
            row["nonconforming_items_source_reported"],
        ),
    ]
    outcome = "不合格" if row["inspection_outcome"] == "nonconforming" else "合格"
    slug = _slug(json.dumps(row, sort_keys=True, ensure_ascii=False))
    return Document(
        id=f"spot-{slug}",
        type="spotcheck",
        url=f"/spotchecks/{slug}/",
        title=f"{row['product_kind_source_reported']} {row['product_name']} 抽检结果（{outcome}）",
        date=_date(row["report_date"]),
        updated=_date(row["report_date"]),
        summary=f"{manufacturer} {row.get('brand_source_reported') or row['brand']}",
        fields=fields,
        facets={"result": [outcome], "product_category": [row["product_kind_source_reported"]]},
    )


def standard_document(row: dict) -> Document:
    return Document(
        id=row["record_id"],
        type="standard",
        url=f"/standards/{row['record_id']}/",
        title=f"{row['standard_no'].strip()} {row['title']}",
        date=_date(row["implementation_date"]),
        updated=_date(row["implementation_date"]),
        body_text=row["title"],
        search_text=" ".join(v for v in (row["standard_no"], row["replaces"] or "") if v),
        identifiers=[row["standard_no"]],
        facets={"list_type": [row["list_type"]]},
    )


def guide_document(row: dict) -> Document:
    body = "\n".join(f"{s['heading']}\n{s['text']}".strip() for s in row["sections"])
    slug = _slug(row["source_url"] + row["title"])
    return Document(
        id=f"guide-{slug}",
        type="guide",
        url=f"/guides/{slug}/",
        title=row["title"],
        date="2020-01-01T00:00:00+08:00",
        updated="2020-01-01T00:00:00+08:00",
        body_text=body,
        facets={"script": [row["script"]]},
    )


SOURCES = {
    "law": ("laws/index.jsonl", law_document),
    "notice": ("notices/gacc_notices.jsonl", notice_document),
    "notification": ("wto/notifications.jsonl", wto_document),
    "spotcheck": ("spotchecks/automotive_fluid_spotchecks.jsonl", spotcheck_document),
    "standard": ("standards/sn_standards.jsonl", standard_document),
    "guide": ("guides/guides.jsonl", guide_document),
}


def iter_documents(kind: str) -> Iterator[Document]:
    relative, build = SOURCES[kind]
    seen = set()
    for row in _jsonl(relative):
        doc = build(row)
        if doc.id not in seen:  # the data keeps a few exact repeats
            seen.add(doc.id)
            yield doc


def documents(kind: str, limit: int | None = None) -> list[Document]:
    return list(islice(iter_documents(kind), limit))


def law_by_short_name(short_name: str) -> Document:
    """The newest version of a law in the data, by its short name (e.g. 产品质量法)."""
    rows = [r for r in _jsonl("laws/index.jsonl") if r["short_name"] == short_name]
    return law_document(max(rows, key=lambda r: r["promulgation_date"]))
