"""An isolated JINZHI_HOME per test, and helpers to publish through Wagtail and read the output."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree, html


@pytest.fixture
def jinzhi_home(settings, tmp_path) -> Path:
    """Point export, index, releases and public/ of this test at its own folder."""
    home = tmp_path / "home"
    config = replace(settings.JINZHI, home=home)
    settings.JINZHI = config
    settings.SEARCH_BACKEND = config.search_backend
    (home / "search").mkdir(parents=True)
    return home


@pytest.fixture
def publish_now(django_capture_on_commit_callbacks):
    """Run a block like an editor's request: the publishing job runs when it commits."""

    class _Runner:
        def __call__(self, fn, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return fn(*args, **kwargs)

    return _Runner()


class Public:
    """Reads what the public sees in a JINZHI_HOME: built pages, feeds, search results."""

    def __init__(self, home: Path):
        self.root = home / "public"

    def page(self, url: str):
        path = self.root / url.strip("/") / "index.html"
        return html.parse(str(path)).getroot() if path.is_file() else None

    def feed_links(self, name: str) -> list[str]:
        path = self.root / "feeds" / name
        if not path.is_file():
            return []
        tree = etree.parse(str(path))
        ns = {"a": "http://www.w3.org/2005/Atom"}
        if tree.getroot().tag.endswith("feed"):
            return [e.get("href") for e in tree.findall("a:entry/a:link", ns)]
        return [e.text for e in tree.findall("channel/item/link")]

    def search(self, q: str, **params) -> dict:
        from django.conf import settings

        from search import SearchQuery, get_backend

        query = SearchQuery.from_params({"q": q, **params})
        return get_backend(settings.SEARCH_BACKEND).search(query).to_dict()


@pytest.fixture
def public(jinzhi_home) -> Public:
    return Public(jinzhi_home)
