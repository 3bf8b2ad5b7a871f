"""Wagtail lifecycle signals -> the publishing queue.

Every event that can change what the public sees is connected: publish, unpublish,
move, delete, and view-restriction (privacy) changes. Scheduled go-live and expiry run
through Wagtail's own publish/unpublish, so they arrive here as the same signals.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.publishing import queue_pages


def _on_page_event(sender, instance, **kwargs) -> None:
    queue_pages([instance.pk])


def _on_page_delete(sender, instance, **kwargs) -> None:
    # Collected before the rows go: a deleted container takes its subtree with it.
    if isinstance(instance, Page) and instance.pk:
        dependents = getattr(instance.specific, "dependent_page_ids", lambda: set())()
        queue_pages(
            [instance.pk, *instance.get_descendants().values_list("pk", flat=True), *dependents]
        )


def _on_restriction_change(sender, instance, **kwargs) -> None:
    if instance.page_id:
        queue_pages([instance.page_id])


def connect() -> None:
    """Connect page lifecycle signals to the publishing queue."""
    page_published.connect(_on_page_event, dispatch_uid="jinzhi-published")
    page_unpublished.connect(_on_page_event, dispatch_uid="jinzhi-unpublished")
    post_page_move.connect(_on_page_event, dispatch_uid="jinzhi-moved")
    pre_delete.connect(_on_page_delete, dispatch_uid="jinzhi-deleted")
    post_save.connect(
        _on_restriction_change, sender=PageViewRestriction, dispatch_uid="jinzhi-restricted"
    )
    post_delete.connect(
        _on_restriction_change, sender=PageViewRestriction, dispatch_uid="jinzhi-unrestricted"
    )
