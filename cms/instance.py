"""Prepares a JINZHI_HOME: folders, database schema, the site tree."""

from django.conf import settings
from django.core.management import call_command


def prepare_instance(*, quiet: bool = False) -> None:
    """Create the instance folders, apply migrations and make sure the page tree exists."""
    from contentmodels.tree import ensure_site_tree

    config = settings.JINZHI
    for folder in (config.home, config.export_dir, config.releases_dir, config.media_dir):
        folder.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0 if quiet else 1)
    ensure_site_tree()
