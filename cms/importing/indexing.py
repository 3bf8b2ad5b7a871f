"""Wagtail's own index updates during an import: once per page instead of once per save.

Wagtail 8 enqueues a search-index task and a reference-index task on every save, and the
editor's path saves a new page three times (add_child, save_revision, publish). During an
import those per-save tasks are held back and one of each is enqueued per page at the end,
through the same tasks Wagtail uses, so the result is what Wagtail would have produced.

The search signal is disconnected process-wide for the imported models while the block
runs: fine for the CLI and the demo, which import in their own process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_save
from modelsearch.signal_handlers import post_save_signal_handler
from modelsearch.tasks import insert_or_update_object_task
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task


@contextmanager
def deferred_index_updates(models: Iterable[type]) -> Iterator[set]:
    """Yield a set to which the caller adds ``(model, pk)`` of each page it published."""
    touched: set[tuple[type, int]] = set()
    disconnected = [m for m in models if post_save.disconnect(post_save_signal_handler, sender=m)]
    try:
        with disable_reference_index_auto_update():
            yield touched
    finally:
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)
        # Also after a failure: the pages committed so far must be indexed.
        with transaction.atomic():
            for model, pk in sorted(touched, key=lambda t: (t[0].__name__, t[1])):
                args = (model._meta.app_label, model._meta.model_name, str(pk))
                insert_or_update_object_task.enqueue(*args)
                update_reference_index_task.enqueue(*args)
