"""Content types of jinzhi: Wagtail page models and the Django-free Document schema.

Importing this package must not import Django: ``contentmodels.document`` and
``contentmodels.text`` are used by the site build, search and feeds.
"""
