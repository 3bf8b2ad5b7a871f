"""Test settings: fast hashing, in-memory cache, publishing jobs run immediately.

Tests never write into ./var: without JINZHI_HOME they get a fresh temporary one.
"""

import os
import tempfile

os.environ.setdefault("JINZHI_HOME", tempfile.mkdtemp(prefix="jinzhi-test-"))

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
