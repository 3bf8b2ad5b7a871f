"""Failed builds: the live release stays, the half-built folder goes, BuildError says why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from contentmodels.document import Document, document_path
from sitebuild.build import DEFAULT_SETTINGS, BuildError

THEME = DEFAULT_SETTINGS.parent.parent / "themes" / "jinzhi"


def _releases(site) -> list[str]:
    return sorted(p.name for p in site.releases.iterdir() if not p.name.startswith("."))


def _broken_settings(tmp_path: Path) -> Path:
    theme = tmp_path / "broken-theme"
    shutil.copytree(THEME, theme)
    template = theme / "templates" / "document.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{% endif %}", "", 1))
    conf = tmp_path / "brokenconf.py"
    conf.write_text(
        "from pelican.settings import get_settings_from_file\n"
        f"globals().update(get_settings_from_file({str(DEFAULT_SETTINGS)!r}))\n"
        f"THEME = {str(theme)!r}\n",
        encoding="utf-8",
    )
    return conf


def test_unreadable_document_keeps_previous_release(built, wto_docs):
    live = built.public.resolve()
    before = _releases(built)
    bad = document_path(built.export, doc_type="notification", doc_id=wto_docs[2].id)
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(BuildError, match=bad.name) as err:
        built.publish()
    assert "\n" not in str(err.value)
    assert built.public.resolve() == live
    assert _releases(built) == before


def test_unreadable_changed_document_fails_incremental_build(built, wto_docs):
    live = built.public.resolve()
    bad = document_path(built.export, doc_type="notification", doc_id=wto_docs[2].id)
    bad.write_text('{"id": "broken"}', encoding="utf-8")
    with pytest.raises(BuildError, match=bad.name):
        built.publish(changed={wto_docs[2].id})
    assert built.public.resolve() == live


def test_bad_template_keeps_previous_release(built, tmp_path, law_docs):
    live = built.public.resolve()
    before = _releases(built)
    built.put(Document.from_dict({**law_docs[0].to_dict(), "title": "新标题"}))
    with pytest.raises(BuildError, match="document.html") as err:
        built.publish(changed={law_docs[0].id}, settings_file=_broken_settings(tmp_path))
    assert law_docs[0].id in str(err.value)
    assert built.public.resolve() == live
    assert _releases(built) == before
    assert built.page(law_docs[0].url).xpath("//h1")[0].text == law_docs[0].title


def test_unusable_url_is_named(site, wto_docs):
    site.put(Document.from_dict({**wto_docs[0].to_dict(), "url": "/../etc/"}))
    with pytest.raises(BuildError, match=wto_docs[0].id):
        site.publish()
    assert not site.public.exists()
    assert _releases(site) == []


def test_missing_export_folder(tmp_path):
    from sitebuild.build import publish_site

    with pytest.raises(BuildError, match="export folder not found"):
        publish_site(
            export_dir=tmp_path / "nope", releases_dir=tmp_path / "r", public_link=tmp_path / "p"
        )
