"""Spot-check results across announcements: the result index, enterprise and product
groups, and each announcement's CSV download.

Spot-check Documents carry their result rows as ``table``. The site gathers them per
enterprise (标称生产企业) and per product (产品名称) so the public can see every result of
one enterprise over time. A release keeps the gathered rows in ``RESULTS_FILE``; an
incremental build swaps in the rows of the changed announcements and re-renders only the
groups those rows (old and new) belong to, without reading any other Document.

Table columns are recognised by key, else by Chinese label, so tables exported with
other column keys (``manufacturer_source_reported``, ``检验结论``) are understood too.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from anyascii import anyascii

from contentmodels.document import Document, Table
from sitebuild.dates import parse_time
from sitebuild.writer import replace_file

RESULTS_FILE = "spotcheck-results.json"
CSV_NAME = "results.csv"
ROOT = "spot-checks"
#: group kind -> (folder under ROOT, row role it groups by, Chinese label)
KINDS = {
    "enterprise": ("enterprises", "enterprise", "生产企业"),
    "product": ("products", "product", "产品"),
}
#: row role -> (column keys, column labels) that hold it
ROLES = {
    "product": (("product_name",), ("产品名称", "样品名称")),
    "enterprise": (
        ("manufacturer", "manufacturer_source_reported"),
        ("标称生产企业", "标称生产企业名称", "生产企业"),
    ),
    "brand": (("brand", "brand_source_reported"), ("商标",)),
    "model": (("model", "model_specification_source_reported"), ("规格型号",)),
    "batch": (("batch", "production_date_or_batch_source_reported"), ("生产日期/批号",)),
    "outcome": (("outcome", "inspection_outcome"), ("抽检结果", "检验结论", "抽查结果")),
    "failed_items": (("failed_items", "nonconforming_items_source_reported"), ("不合格项目",)),
    "region": (("region",), ("地区",)),
}
#: Roles the table filter offers (the script reads them from the header cells).
FILTER_ROLES = ("outcome", "region", "product", "enterprise")
# Manufacturer cells that name no enterprise: placeholders, and the announcement's note
# that the named manufacturer denies making the sample (a page for it would mislead).
_NOT_A_NAME = re.compile(r"^[\s/／\-—－_*＊.。无不详]*$|否认")
# Cells Excel would run as formulas (=, +, @, and - before a non-digit): CSV injection.
_FORMULA = re.compile(r"^(?:[=+@\t\r]|-[^\d\s.])")


def column_role(column) -> str:
    """The role of a table column (``enterprise``, ``outcome`` …), or ""."""
    label = "".join(column.label.split())
    for role, (keys, labels) in ROLES.items():
        if column.name in keys or label in labels:
            return role
    return ""


def group_key(value: str) -> str:
    """What makes two printed names one group: NFKC form without whitespace."""
    return "".join(unicodedata.normalize("NFKC", value or "").split())


def is_group_name(role: str, value: str) -> bool:
    if not value or not value.strip():
        return False
    return not (role == "enterprise" and _NOT_A_NAME.search(value))


def group_slug(value: str) -> str:
    """ASCII path segment of a name: pinyin, plus a short hash of the name, because
    pinyin alone joins homophones (化/华) and truncation joins long names."""
    key = group_key(value)
    base = re.sub(r"[^a-z0-9]+", "-", anyascii(key).lower()).strip("-")[:50].rstrip("-")
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    return f"{base}-{digest}" if base else digest


def group_url(value: str, kind: str) -> str:
    """Site path of the group page a cell value belongs to ("" when it names no group)."""
    folder, role, _ = KINDS[kind]
    if not is_group_name(role, value):
        return ""
    return f"/{ROOT}/{folder}/{group_slug(value)}/"


def index_url(kind: str) -> str:
    return f"/{ROOT}/{KINDS[kind][0]}/"


# -- CSV downloads ------------------------------------------------------------------


def csv_path(url: str) -> str:
    """Release-relative path of a page's result CSV: next to its index.html."""
    return url.strip("/") + "/" + CSV_NAME


def _safe_cell(value: str) -> str:
    return "'" + value if _FORMULA.match(value) else value


def table_csv(table: Table) -> bytes:
    """The table as CSV in UTF-8 with a BOM (Excel reads BOM-less UTF-8 as ANSI/GBK)."""
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow([c.label for c in table.columns])
    out.writerows([_safe_cell(str(cell)) for cell in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_csv(output: Path, doc: Document) -> None:
    if doc.table is not None:
        replace_file(output / csv_path(doc.url), table_csv(doc.table))


# -- the result index ---------------------------------------------------------------


@dataclass
class Announcement:
    """The rows of one spot-check Document, by role, with what links back to it."""

    id: str
    url: str
    title: str
    date: str
    updated: str
    rows: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def from_document(cls, doc: Document) -> Announcement | None:
        if doc.type != "spotcheck" or doc.table is None:
            return None
        roles = [column_role(c) for c in doc.table.columns]
        rows = [
            {role: cell for role, cell in zip(roles, row) if role and cell}
            for row in doc.table.rows
        ]
        return cls(doc.id, doc.url, doc.title, doc.date, doc.updated, rows)

    def group_slugs(self, kind: str) -> set[str]:
        role = KINDS[kind][1]
        return {
            group_slug(row[role]) for row in self.rows if is_group_name(role, row.get(role, ""))
        }


@dataclass
class Result:
    """One row on a group page: the row and its announcement."""

    row: dict[str, str]
    announcement: Announcement


@dataclass
class Group:
    kind: str
    slug: str
    name: str
    results: list[Result] = field(default_factory=list)  # newest first

    @property
    def url(self) -> str:
        return f"/{ROOT}/{KINDS[self.kind][0]}/{self.slug}/"

    @property
    def failed(self) -> int:
        return sum(1 for r in self.results if r.row.get("outcome") == "不合格")

    @property
    def latest(self) -> str:
        return self.results[0].announcement.date if self.results else ""


class ResultIndex:
    def __init__(self, announcements: dict[str, Announcement] | None = None):
        self.announcements: dict[str, Announcement] = announcements or {}

    @classmethod
    def load(cls, release: Path) -> ResultIndex:
        data = json.loads((release / RESULTS_FILE).read_text(encoding="utf-8"))
        return cls({item["id"]: Announcement(**item) for item in data})

    def save(self, release: Path) -> None:
        rows = [vars(self.announcements[key]) for key in sorted(self.announcements)]
        replace_file(release / RESULTS_FILE, json.dumps(rows, ensure_ascii=False))

    def put(self, doc_id: str, doc: Document | None) -> dict[str, set[str]]:
        """Replace (or, with None, remove) the rows of one Document; returns the slugs of
        the groups that change, per kind (its old rows' groups and its new ones')."""
        touched = {kind: set() for kind in KINDS}
        old = self.announcements.pop(doc_id, None)
        new = Announcement.from_document(doc) if doc is not None else None
        for item in filter(None, (old, new)):
            for kind in KINDS:
                touched[kind] |= item.group_slugs(kind)
        if new is not None:
            self.announcements[doc_id] = new
        return touched

    def groups(self, kind: str, only: Iterable[str] | None = None) -> dict[str, Group]:
        """Groups of one kind by slug (or only those slugs), results newest first."""
        role = KINDS[kind][1]
        wanted = set(only) if only is not None else None
        groups: dict[str, Group] = {}
        order = sorted(
            self.announcements.values(),
            key=lambda a: (parse_time(a.date), parse_time(a.updated), a.id),
            reverse=True,
        )
        for announcement in order:
            for row in announcement.rows:
                name = row.get(role, "")
                if not is_group_name(role, name):
                    continue
                slug = group_slug(name)
                if wanted is not None and slug not in wanted:
                    continue
                group = groups.setdefault(slug, Group(kind, slug, name))
                group.results.append(Result(row, announcement))
        return groups
