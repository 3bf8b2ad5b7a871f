"""Production settings: pelicanconf.py plus canonical links to the public address.

The public address itself comes from the build (``publish_site(site_url=...)`` sets
FEED_DOMAIN), so this file reads no environment. pelicanconf.py is loaded by path: this
folder is not a package and never on sys.path.
"""

from pathlib import Path

from pelican.settings import get_settings_from_file

globals().update(get_settings_from_file(str(Path(__file__).resolve().with_name("pelicanconf.py"))))

CANONICAL_LINKS = True  # <link rel="canonical"> on document pages, at FEED_DOMAIN
