"""Model fields shared by the content types."""

import re

from django import forms
from django.db import models

_SEPARATORS = re.compile(r"[\n;；]+")


class LinesFormField(forms.CharField):
    """Edits a list of strings as one item per line (or separated by ；) in a textarea."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return [str(v).strip() for v in value if str(v).strip()]
        text = super().to_python(value) or ""
        return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]


class ListField(models.JSONField):
    """A list of strings (joint issuers, HS codes …) that editors type one per line,
    instead of the raw JSON a plain JSONField shows in the admin."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # Skip JSONField.formfield (raw JSON editing); Field.formfield does the rest.
        kwargs = {"form_class": LinesFormField, "help_text": self.help_text or "每行一项", **kwargs}
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        return models.Field.formfield(self, **kwargs)
