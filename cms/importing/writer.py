"""Writing one PageData through the editor's path: add_child, save_revision, publish.

Pages are found by their natural key (``source_key``); a page whose content digest is
unchanged and that is live is left alone, so importing the same data twice writes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from wagtail.models import Page

from cms.importing.pagedata import PageData
from cms.importing.report import RecordError


class WriteError(Exception):
    def __init__(self, error: RecordError) -> None:
        super().__init__(str(error))
        self.error = error


def _apply(page: Page, data: PageData) -> None:
    page.title = data.title
    for name, value in data.values.items():
        setattr(page, name, value)
    for relation, rows in data.children.items():
        child_model = page._meta.get_field(relation).related_model
        setattr(page, relation, [child_model(**row) for row in rows])


def _free_slug(parent: Page, slug: str) -> str:
    taken = set(parent.get_children().filter(slug__startswith=slug).values_list("slug", flat=True))
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _first_field(exc: ValidationError) -> tuple[str, str]:
    if hasattr(exc, "error_dict"):
        name, errors = next(iter(exc.error_dict.items()))
        return name, "; ".join(m for e in errors for m in e.messages)
    return "page", "; ".join(exc.messages)


def write_page(
    data: PageData, model: type[Page], parent: Page | None, *, dry_run: bool = False
) -> tuple[str, int | None]:
    """Create or update the page for ``data``; returns (outcome, page id)."""
    page = model.objects.filter(source_key=data.key).first()
    digest = data.digest()
    if (
        page is not None
        and page.source_digest == digest
        and page.live
        and not page.has_unpublished_changes
    ):
        return "unchanged", page.pk
    outcome = "created" if page is None else "updated"
    if dry_run:
        return outcome, page.pk if page else None
    try:
        with transaction.atomic():
            if page is None:
                # Not live until published, as when an editor creates a page.
                page = model(slug=_free_slug(parent, data.slug), source_key=data.key, live=False)
                _apply(page, data)
                page.source_digest = digest
                parent.add_child(instance=page)
            else:
                _apply(page, data)
                page.source_digest = digest
            page.save_revision(user=None, log_action=True).publish()
    except ValidationError as exc:
        field, reason = _first_field(exc)
        raise WriteError(RecordError(data.file, data.line, field, reason)) from exc
    except DatabaseError as exc:
        raise WriteError(RecordError(data.file, data.line, "page", str(exc))) from exc
    return outcome, page.pk
