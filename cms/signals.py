"""Wagtail lifecycle signals -> publishing queue (filled in by cms.publishing)."""


def connect() -> None:
    """Connect page lifecycle signals to the publishing queue."""
