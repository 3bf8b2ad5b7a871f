"""Backend selection: a settings entry names a module exposing ``SearchBackend``.

Entries follow Django's cache-framework shape (copied by wagtail-modelsearch)::

    {"BACKEND": "search.backends.embedded", "PATH": "var/index.sqlite"}
    {"BACKEND": "search.backends.elasticsearch", "URL": "http://localhost:9200", "INDEX": "jinzhi"}

Every key except ``BACKEND`` is passed to ``SearchBackend`` as a lower-cased keyword argument.
Must not import Django.
"""

from __future__ import annotations

from importlib import import_module

from .base import SearchBackend


def get_backend(entry: dict) -> SearchBackend:
    """Instantiate the backend an entry describes."""
    options = {key.lower(): value for key, value in entry.items() if key != "BACKEND"}
    try:
        module = import_module(entry["BACKEND"])
    except KeyError:
        raise ValueError("search backend entry has no BACKEND") from None
    return module.SearchBackend(**options)
