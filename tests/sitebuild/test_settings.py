"""Pelican settings: our theme and plugin, Pelican's feeds and stock output off, no Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pelican.settings import read_settings

from sitebuild.build import DEFAULT_SETTINGS

FEED_SETTINGS = [
    "FEED_ATOM",
    "FEED_RSS",
    "FEED_ALL_ATOM",
    "FEED_ALL_RSS",
    "CATEGORY_FEED_ATOM",
    "CATEGORY_FEED_RSS",
    "AUTHOR_FEED_ATOM",
    "AUTHOR_FEED_RSS",
    "TAG_FEED_ATOM",
    "TAG_FEED_RSS",
    "TRANSLATION_FEED_ATOM",
    "TRANSLATION_FEED_RSS",
]


@pytest.mark.parametrize("name", ["pelicanconf.py", "publishconf.py"])
def test_settings(tmp_path, name):
    settings = read_settings(
        str(DEFAULT_SETTINGS.with_name(name)), override={"PATH": str(tmp_path)}
    )
    assert Path(settings["THEME"]) == DEFAULT_SETTINGS.parent.parent / "themes" / "jinzhi"
    assert settings["PLUGINS"] == ["sitebuild"]
    assert settings["DEFAULT_LANG"] == "zh" and settings["TIMEZONE"] == "Asia/Shanghai"
    assert not any(settings[key] for key in FEED_SETTINGS)
    assert settings["DIRECT_TEMPLATES"] == [] and settings["ARTICLE_PATHS"] == []
    assert settings["JINJA_ENVIRONMENT"]["autoescape"] is True


def test_sitebuild_imports_without_django():
    code = "import sys, sitebuild.build; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
