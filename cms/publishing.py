"""The publishing queue: page changes -> export -> search index -> static site and feeds.

(Stub: the real pipeline lands here; `batch()` is the contract importers use.)
"""

from contextlib import contextmanager


@contextmanager
def batch():
    """Collect page changes made inside the block and queue one publishing job at exit."""
    yield
