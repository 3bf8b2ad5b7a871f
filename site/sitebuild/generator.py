"""The Pelican generator: Documents -> pages, listings, home, search, 404, feeds index and,
from spot-check tables, result CSVs and enterprise/product pages (``sitebuild.spotchecks``).

Runs in one of two modes, chosen by the build driver through the ``SITEBUILD_CHANGES``
setting: ``None`` renders every Document under PATH (the export folder) into an empty
release; a ``ChangeSet`` re-renders only what the change touches inside a hard-link copy
of the live release. Both write through Pelican's Writer with the theme's Jinja
environment, and finish by saving the release's catalog and manifest.
"""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator
from pelican.paginator import Paginator

from contentmodels.document import (
    TYPE_LABELS,
    Document,
    document_path,
    iter_document_paths,
    load_document,
)
from sitebuild.catalog import Catalog, page_path, section_of
from sitebuild.dates import local_date, parse_time
from sitebuild.errors import BuildError, describe
from sitebuild.feeds import ALL_FEED, collect_feeds, feed_path
from sitebuild.spotchecks import (
    FILTER_ROLES,
    KINDS,
    ROOT,
    ResultIndex,
    column_role,
    csv_path,
    group_url,
    index_url,
    write_csv,
)
from sitebuild.writer import ReleaseWriter, delete_page

LATEST_ON_HOME = 8
GROUP_FOLDERS = tuple(index_url(kind) for kind in KINDS)
#: Columns of a group page besides the announcement: the other kind's name first.
GROUP_COLUMNS = {
    "enterprise": [("product", "产品名称")],
    "product": [("enterprise", "标称生产企业")],
}
RESULT_COLUMNS = [
    ("brand", "商标"),
    ("model", "规格型号"),
    ("batch", "生产日期/批号"),
    ("outcome", "抽检结果"),
    ("failed_items", "不合格项目"),
    ("region", "地区"),
]
WARNING_STATUSES = ("已修改", "已废止", "失效", "已撤回")


def field_text(f) -> str:
    """What the metadata table shows for a Document field."""
    if f.display:
        return f.display
    if isinstance(f.value, list):
        return "、".join(f.value)
    return f.value or ""


def safe_href(url: str) -> str:
    """Attachment links: web and site-relative addresses only (no javascript: and the like)."""
    return url if url.startswith(("http://", "https://", "/")) else "#"


def is_warning_status(status: str) -> bool:
    return bool(status) and status.startswith(WARNING_STATUSES)


class SiteGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env.filters.update(
            shdate=local_date,
            field_text=field_text,
            safe_href=safe_href,
            column_role=column_role,
            group_url=group_url,
        )
        self.env.globals.update(
            filter_roles=FILTER_ROLES,
            spotcheck_indexes={kind: index_url(kind) for kind in KINDS},
        )
        self.env.tests["warning_status"] = is_warning_status
        self.output = Path(self.output_path)

    def generate_output(self, writer) -> None:
        changes = self.settings.get("SITEBUILD_CHANGES")
        if changes is None:
            results = ResultIndex()
            catalog = self._render_export(writer, results)
            types = set(catalog.sections())
            touched = None
        else:
            catalog = changes.catalog
            results = ResultIndex.load(self.output)
            self._set_nav(catalog.sections())
            for url in changes.delete_urls:
                delete_page(self.output, csv_path(url))
                delete_page(self.output, page_path(url))
            rendered = {}
            for doc in changes.render:
                source = document_path(self.path, doc_type=doc.type, doc_id=doc.id)
                self._write_document(writer, doc, source=str(source))
                rendered[doc.id] = doc
            touched = {kind: set() for kind in KINDS}
            for doc_id in sorted(changes.ids):
                for kind, slugs in results.put(doc_id, rendered.get(doc_id)).items():
                    touched[kind] |= slugs
            types = changes.types & set(catalog.sections())
        self._write_listings(writer, catalog, types, changes.previous if changes else None)
        self._write_home(writer, catalog)
        if changes is None:
            self._write_fixed_pages(writer)
        self._write_feeds_index(writer, catalog)
        self._write_result_groups(writer, results, touched)
        results.save(self.output)
        catalog.save(self.output)

    # -- navigation: every page shows the content types and their listing folders

    def _set_nav(self, sections: dict[str, str]) -> None:
        self.sections = sections
        self.context["nav"] = [
            {"type": t, "label": TYPE_LABELS.get(t, t), "url": f"/{s}/"}
            for t, s in sections.items()
        ]

    def _probe_sections(self, paths: list[Path]) -> dict[str, str]:
        """Listing folders from the first document of each type, so pages can be rendered
        in the same pass that builds the catalog."""
        probe, seen = Catalog(), set()
        for path in paths:
            if path.parent.name not in seen:
                seen.add(path.parent.name)
                probe.add(self._load(path))
        return probe.sections()

    # -- documents

    def _load(self, path: Path) -> Document:
        try:
            return load_document(path)
        except Exception as exc:
            raise BuildError(f"{path}: unreadable document: {describe(exc)}") from exc

    def _render_export(self, writer, results: ResultIndex) -> Catalog:
        paths = list(iter_document_paths(self.path))
        self._set_nav(self._probe_sections(paths))
        catalog = Catalog()
        for path in paths:
            doc = self._load(path)
            catalog.add(doc)
            results.put(doc.id, doc)
            self._write_document(writer, doc, source=str(path))
        if catalog.sections() != self.sections:
            # Mixed URL prefixes within a type: the probe guessed a section wrong, so every
            # page's navigation is wrong. Rare; render them again with the real sections.
            self._set_nav(catalog.sections())
            rewriter = ReleaseWriter(self.output_path, settings=self.settings)
            for path in paths:
                self._write_document(rewriter, self._load(path), source=str(path))
        return catalog

    def _write_document(self, writer, doc: Document, *, source: str) -> None:
        url = doc.url
        usable = len(url) > 1 and url.startswith("/") and url.endswith("/") and url.isascii()
        if not usable or ".." in url or "//" in url:
            raise BuildError(f"{source}: document {doc.id} has an unusable url {url!r}")
        if url.startswith(GROUP_FOLDERS):
            # The spot-check section also holds the enterprise/product pages.
            raise BuildError(f"{source}: document {doc.id} uses the reserved url {url!r}")
        try:
            writer.write_file(
                page_path(url),
                self.get_template("document"),
                self.context,
                doc=doc,
                doc_type=doc.type,
                type_label=doc.type_label,
                section_url=f"/{self.sections.get(doc.type, section_of(url))}/",
                type_feed="/" + feed_path(doc.type, "atom"),
                url=url,
            )
            write_csv(self.output, doc)
        except BuildError:
            raise
        except Exception as exc:
            raise BuildError(f"{source}: document {doc.id}: {describe(exc)}") from exc

    # -- listings, home and fixed pages

    def _write_listings(
        self, writer, catalog: Catalog, types: set[str], previous: Catalog | None
    ) -> None:
        """Paginated listings (Pelican's Paginator and PAGINATION_PATTERNS). With the
        ``previous`` catalog, only pages whose entries or totals changed are rewritten:
        editing one document rewrites one listing page, not the whole type."""
        per_page = self.settings["PAGINATED_TEMPLATES"]["listing"]
        template = self.get_template("listing")
        for doc_type, section in self.sections.items():
            if doc_type not in types:
                continue
            name, url = f"{section}/index.html", f"{section}/"
            pages = Paginator(name, url, catalog.of_type(doc_type), self.settings, per_page)
            old = Paginator(
                name, url, previous.of_type(doc_type) if previous else [], self.settings, per_page
            )
            same_total = previous is not None and old.count == pages.count
            for number in pages.page_range:
                page = pages.page(number)
                if same_total and old.page(number).object_list == page.object_list:
                    continue
                writer.write_file(
                    page.save_as,
                    template,
                    self.context,
                    items_paginator=pages,
                    items_page=page,
                    items_previous_page=pages.page(number - 1) if number > 1 else None,
                    items_next_page=pages.page(number + 1) if page.has_next() else None,
                    doc_type=doc_type,
                    type_label=TYPE_LABELS.get(doc_type, doc_type),
                    total=pages.count,
                    type_feed="/" + feed_path(doc_type, "atom"),
                )
            for number in range(pages.num_pages + 1, old.num_pages + 1):
                delete_page(self.output, old.page(number).save_as)

    def _write_home(self, writer, catalog: Catalog) -> None:
        latest = [
            {
                "type": t,
                "label": entries[0].type_label,
                "url": f"/{section}/",
                "total": len(entries),
                "items": entries[:LATEST_ON_HOME],
            }
            for t, section in self.sections.items()
            if (entries := catalog.of_type(t))
        ]
        writer.write_file("index.html", self.get_template("index"), self.context, latest=latest)

    def _write_fixed_pages(self, writer) -> None:
        writer.write_file("search/index.html", self.get_template("search"), self.context)
        writer.write_file("404.html", self.get_template("404"), self.context)

    def _write_feeds_index(self, writer, catalog: Catalog) -> None:
        feeds = [
            {
                "key": info.key,
                "title": info.title,
                "count": len(info.items),
                "atom": "/" + info.atom_path,
                "rss": "/" + info.rss_path,
                "all": info.key == ALL_FEED,
            }
            for info in collect_feeds(catalog.entries.values()).values()
        ]
        writer.write_file("feeds/index.html", self.get_template("feeds"), self.context, feeds=feeds)

    # -- spot-check results per enterprise and per product

    def _write_result_groups(
        self, writer, results: ResultIndex, touched: dict[str, set[str]] | None
    ) -> None:
        """Group pages and their index page per kind: all of them (``touched`` None), or
        only the groups whose rows changed; a group left without rows loses its page."""
        section = self.sections.get("spotcheck", "spotchecks")
        for kind, (folder, _, label) in KINDS.items():
            if touched is not None and not touched[kind]:
                continue
            groups = results.groups(kind)
            slugs = set(groups) if touched is None else touched[kind]
            common = {
                "doc_type": "spotcheck",
                "kind": kind,
                "kind_label": label,
                "spot_section": f"/{section}/",
                "index_url": index_url(kind),
            }
            for slug in sorted(slugs):
                rel = f"{ROOT}/{folder}/{slug}/index.html"
                group = groups.get(slug)
                if group is None:
                    delete_page(self.output, rel)
                    continue
                writer.write_file(
                    rel,
                    self.get_template("spotcheck_group"),
                    self.context,
                    group=group,
                    announcements=len({r.announcement.id for r in group.results}),
                    columns=GROUP_COLUMNS[kind] + RESULT_COLUMNS,
                    **common,
                )
            rel = f"{ROOT}/{folder}/index.html"
            if not groups:
                delete_page(self.output, rel)
                continue
            ordered = sorted(groups.values(), key=lambda g: g.name)
            ordered.sort(key=lambda g: parse_time(g.latest), reverse=True)
            writer.write_file(
                rel, self.get_template("spotcheck_groups"), self.context, groups=ordered, **common
            )
