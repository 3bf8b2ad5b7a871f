"""Render one Document as the static site would, without writing anything (editor previews).

The CMS calls :func:`render_document` with a draft's Document. The page comes from the
same Pelican settings, theme environment (``SiteGenerator``'s filters and tests) and
``document`` template the build uses, with the same template variables as
``SiteGenerator._write_document``, so a preview is the page the site will serve after
publishing. Nothing touches the export, a release, the search index or the feeds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from pelican.settings import read_settings

from contentmodels.document import Document
from sitebuild.build import DEFAULT_SETTINGS
from sitebuild.catalog import CATALOG_FILE, Catalog, page_path, section_of
from sitebuild.feeds import feed_path
from sitebuild.generator import SiteGenerator


def document_variables(doc: Document, sections: dict[str, str]) -> dict:
    """The template variables of a document page (as ``SiteGenerator._write_document``)."""
    return {
        "doc": doc,
        "doc_type": doc.type,
        "type_label": doc.type_label,
        "section_url": f"/{sections.get(doc.type, section_of(doc.url))}/",
        "type_feed": "/" + feed_path(doc.type, "atom"),
        "url": doc.url,
    }


def _sections(doc: Document, release: Path | None) -> dict[str, str]:
    # The navigation the site will have once this document is published: the live
    # catalog with this document added (as the incremental build computes it).
    catalog = Catalog()
    if release is not None and (Path(release) / CATALOG_FILE).is_file():
        catalog = Catalog.load(Path(release))
    catalog.add(doc)
    return catalog.sections()


def render_template(
    name: str,
    variables: dict,
    *,
    site_url: str = "",
    sections: dict[str, str] | None = None,
    settings_file: Path | None = None,
) -> str:
    """Render one theme template with the build's settings, filters and navigation.

    Used for pages the CMS renders on request from site data (previews, search results),
    so they look exactly like the built site.
    """
    with tempfile.TemporaryDirectory(prefix="jinzhi-render-") as scratch:
        # PATH and OUTPUT_PATH are never read or written here; they only need to exist.
        settings = read_settings(
            str(settings_file or DEFAULT_SETTINGS),
            override={"SITEURL": site_url, "PATH": scratch, "OUTPUT_PATH": scratch},
        )
        context = settings.copy()
        generator = SiteGenerator(
            context=context,
            settings=settings,
            path=scratch,
            theme=settings["THEME"],
            output_path=scratch,
        )
    generator._set_nav(sections or {})
    template = generator.get_template(name)
    # Pelican's Writer adds localsiteurl and output_file to every page's context.
    base = {"localsiteurl": None, "output_file": variables.get("output_file", "")}
    return template.render({**context, **base, **variables})


def live_sections(release: Path | None) -> dict[str, str]:
    """The navigation of the live site (type -> listing folder) from its catalog."""
    if release is not None and (Path(release) / CATALOG_FILE).is_file():
        return Catalog.load(Path(release)).sections()
    return {}


def render_document(
    doc: Document,
    *,
    site_url: str = "",
    release: Path | None = None,
    settings_file: Path | None = None,
) -> str:
    """The HTML page of ``doc`` as the static site renders it.

    ``site_url`` prefixes the theme's links and CSS (``{site_url}/theme/css/...``); the
    default, site-relative, works wherever the admin and the site share a host (the demo,
    ``jinzhi serve``, a web server proxying ``/admin/``). ``release`` is the live site
    folder whose catalog gives the navigation; without it only the document's own section
    is shown.
    """
    sections = _sections(doc, release)
    variables = {"output_file": page_path(doc.url), **document_variables(doc, sections)}
    return render_template(
        "document", variables, site_url=site_url, sections=sections, settings_file=settings_file
    )
