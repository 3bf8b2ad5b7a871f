"""The Pelican generator: Documents -> pages, listings, home, search, 404 and feeds index.

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
from sitebuild.dates import local_date
from sitebuild.errors import BuildError, describe
from sitebuild.feeds import ALL_FEED, collect_feeds, feed_path
from sitebuild.writer import ReleaseWriter, delete_page

LATEST_ON_HOME = 8
WARNING_STATUSES = ("已修改", "已废止", "失效")


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
        self.env.filters.update(shdate=local_date, field_text=field_text, safe_href=safe_href)
        self.env.tests["warning_status"] = is_warning_status
        self.output = Path(self.output_path)

    def generate_output(self, writer) -> None:
        changes = self.settings.get("SITEBUILD_CHANGES")
        if changes is None:
            catalog = self._render_export(writer)
            types = set(catalog.sections())
        else:
            catalog = changes.catalog
            self._set_nav(catalog.sections())
            for url in changes.delete_urls:
                delete_page(self.output, page_path(url))
            for doc in changes.render:
                source = document_path(self.path, doc_type=doc.type, doc_id=doc.id)
                self._write_document(writer, doc, source=str(source))
            types = changes.types & set(catalog.sections())
        self._write_listings(writer, catalog, types, changes.previous if changes else None)
        self._write_home(writer, catalog)
        if changes is None:
            self._write_fixed_pages(writer)
        self._write_feeds_index(writer, catalog)
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

    def _render_export(self, writer) -> Catalog:
        paths = list(iter_document_paths(self.path))
        self._set_nav(self._probe_sections(paths))
        catalog = Catalog()
        for path in paths:
            doc = self._load(path)
            catalog.add(doc)
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
