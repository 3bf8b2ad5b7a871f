"""Pelican plugin and build driver for the jinzhi static site (reads only Documents).

``register()`` is Pelican's plugin hook: it adds the site generator and the release-safe
writer. The build driver (releases, incremental builds, feeds) is ``sitebuild.build``.
"""

from pelican.plugins import signals


def _generators(pelican):
    from sitebuild.generator import SiteGenerator

    return SiteGenerator


def _writer(pelican):
    from sitebuild.writer import ReleaseWriter

    return ReleaseWriter


def register() -> None:
    signals.get_generators.connect(_generators)
    signals.get_writer.connect(_writer)
