"""The export seam: one framework-free Document per live, public page.

The CMS writes Documents; the static site, the search index and the feeds read only
Documents. This module uses the standard library only: it must never import Django,
Wagtail, Pelican or a search engine, so that everything downstream can be tested
without a database.

Layout on disk: ``<export_dir>/<type>/<id>.json``, one UTF-8 JSON object per file,
written atomically (temporary file in the same folder, then ``os.replace``).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

SCHEMA_VERSION = 1

#: The content types, in the order the site shows them: key -> Chinese label.
TYPE_LABELS: dict[str, str] = {
    "notice": "公告",
    "spotcheck": "抽检结果",
    "notification": "WTO通报",
    "guide": "办事指南",
    "law": "法律法规",
    "standard": "标准",
}

#: Every facet key a search can filter by, with its label on the search page and in feed
#: titles (the content types' facet=True export fields, plus type and year).
FACET_LABELS = {
    "type": "类别",
    "year": "年份",
    "kind": "公告类别",
    "issuer": "发布机构",
    "authority": "实施机关",
    "level": "效力级别",
    "status": "时效性",
    "region": "地区",
    "area": "领域",
    "member": "通报成员",
    "notification_type": "通报类型",
    "hs_chapter": "HS章",
    "hs_heading": "HS品目",
    "open_for_comment": "评议期",
    "product_category": "产品类别",
    "result": "抽检结果",
}


@dataclass
class Field:
    """One typed field as the public sees it: its key, Chinese label and value.

    ``value`` is a string, a list of strings, or None; ``display`` is the text the
    theme shows (lists joined, dates formatted) so templates need no per-type logic.
    """

    name: str
    label: str
    value: str | list[str] | None
    display: str = ""


@dataclass
class Section:
    """An addressable part of a document: a law's 编/章/节 heading or 条, a guide's section.

    ``anchor`` is the HTML id in ``body_html`` (e.g. ``第十二条``); ``level`` 1..4 for
    headings (编=1, 章=2, 节=3) and 0 for an article; ``text`` is its plain text
    (empty for headings), used by search to point a hit at the article.
    """

    anchor: str
    title: str
    level: int = 0
    text: str = ""


@dataclass
class Feed:
    """A feed this document belongs to beyond "all" and its type, e.g. one WTO member."""

    key: str  # path-safe ASCII, e.g. "notification/member/USA"
    title: str  # e.g. "WTO通报 · 美国"


@dataclass
class Attachment:
    title: str
    url: str


@dataclass
class Link:
    """A related document shown on the page, grouped under ``label`` (e.g. 历史版本, 政策解读).

    ``rel`` is a machine key (version, supersedes, superseded_by, basis, interprets,
    interpreted_by, amends, amended_by, repeals, repealed_by, base, addendum …);
    ``note`` is a short status shown beside the title (现行有效, 已修改, 补遗 …).
    """

    rel: str
    label: str
    title: str
    url: str
    date: str = ""
    note: str = ""


@dataclass
class Banner:
    """A notice at the top of the page (已修改 with a link to the current version, 已撤回 …)."""

    level: str  # "warn" or "info"
    text: str
    url: str = ""
    link_text: str = ""


@dataclass
class Table:
    """A structured table (spot-check result rows): column keys+labels and rows of strings."""

    columns: list[Field]  # name + label only
    rows: list[list[str]]


@dataclass
class Document:
    id: str  # stable for the life of the page (the CMS page id)
    type: str  # a key of TYPE_LABELS
    url: str  # site path, ASCII, starts and ends with "/", e.g. "/notices/2024-151/"
    title: str
    date: str  # ISO 8601 with offset: the document's own date (发布/分发/公布日期)
    updated: str  # ISO 8601 with offset: when this version went live
    summary: str = ""  # plain text, at most ~200 characters
    body_html: str = ""  # sanitised HTML; sections carry id=anchor
    body_text: str = ""  # plain text of the body
    fields: list[Field] = field(default_factory=list)
    facets: dict[str, list[str]] = field(default_factory=dict)  # facet key -> values
    facet_labels: dict[str, str] = field(default_factory=dict)  # facet key -> Chinese label
    feeds: list[Feed] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    table: Table | None = None
    links: list[Link] = field(default_factory=list)
    banners: list[Banner] = field(default_factory=list)
    search_text: str = ""  # extra searchable text (identifiers, products, codes)
    identifiers: list[str] = field(default_factory=list)  # its own 文号/通报号/标准号
    undated: bool = False  # no date of its own: ``date`` is the day it was first published
    status: str = ""  # e.g. 有效 / 已修改 / 已废止 (ranking and banners)
    type_label: str = ""
    schema: int = SCHEMA_VERSION

    def __post_init__(self) -> None:
        if not self.type_label:
            self.type_label = TYPE_LABELS.get(self.type, self.type)

    @property
    def date_value(self) -> datetime:
        return datetime.fromisoformat(self.date)

    @property
    def updated_value(self) -> datetime:
        return datetime.fromisoformat(self.updated)

    def field_value(self, name: str) -> str | list[str] | None:
        for f in self.fields:
            if f.name == name:
                return f.value
        return None

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        data = dict(data)
        data["fields"] = [Field(**f) for f in data.get("fields", [])]
        data["feeds"] = [Feed(**f) for f in data.get("feeds", [])]
        data["sections"] = [Section(**s) for s in data.get("sections", [])]
        data["attachments"] = [Attachment(**a) for a in data.get("attachments", [])]
        data["links"] = [Link(**link) for link in data.get("links", [])]
        data["banners"] = [Banner(**b) for b in data.get("banners", [])]
        table = data.get("table")
        if table:
            data["table"] = Table(
                columns=[Field(**c) for c in table["columns"]], rows=table["rows"]
            )
        return cls(**data)

    @classmethod
    def from_json(cls, text: str) -> Document:
        return cls.from_dict(json.loads(text))


def document_path(export_dir: Path | str, *, doc_type: str, doc_id: str) -> Path:
    return Path(export_dir) / doc_type / f"{doc_id}.json"


def write_document(export_dir: Path | str, doc: Document) -> Path:
    """Write one Document atomically; returns its path."""
    path = document_path(export_dir, doc_type=doc.type, doc_id=doc.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(doc.to_json())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def remove_document(export_dir: Path | str, *, doc_id: str) -> list[Path]:
    """Delete the Document with this id whatever its type; returns the paths removed."""
    removed = []
    root = Path(export_dir)
    if not root.is_dir():
        return removed
    for type_dir in root.iterdir():
        path = type_dir / f"{doc_id}.json"
        if type_dir.is_dir() and path.exists():
            path.unlink()
            removed.append(path)
    return removed


def iter_document_paths(export_dir: Path | str) -> Iterator[Path]:
    root = Path(export_dir)
    if not root.is_dir():
        return
    for type_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        yield from sorted(type_dir.glob("[!.]*.json"))


def load_document(path: Path | str) -> Document:
    return Document.from_json(Path(path).read_text(encoding="utf-8"))


def load_documents(export_dir: Path | str) -> list[Document]:
    """Every Document in the export folder (sorted by type, then id)."""
    return [load_document(p) for p in iter_document_paths(export_dir)]


def documents_by_id(docs: Iterable[Document]) -> dict[str, Document]:
    return {d.id: d for d in docs}
