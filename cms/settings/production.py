"""Production settings: PostgreSQL via DATABASE_URL, Elasticsearch when ELASTICSEARCH_URL is set."""

import os

from .base import *  # noqa: F403
from .base import CONFIG

DEBUG = False
STATIC_ROOT = str(CONFIG.home / "static")
WHITENOISE_USE_FINDERS = False
if not CONFIG.secret_key:
    raise RuntimeError("JINZHI_SECRET_KEY must be set in production")
ALLOWED_HOSTS = [h for h in os.environ.get("JINZHI_ALLOWED_HOSTS", "").split(",") if h] or [
    "localhost"
]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
