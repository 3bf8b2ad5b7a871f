"""Django app config for the content types."""

from django.apps import AppConfig


class ContentModelsConfig(AppConfig):
    name = "contentmodels"
    label = "contentmodels"
    verbose_name = "内容类型"
    default_auto_field = "django.db.models.BigAutoField"
