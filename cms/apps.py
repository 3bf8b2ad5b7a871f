"""The cms app: connects Wagtail's page lifecycle signals to the publishing pipeline."""

from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = "发布"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms import signals

        signals.connect()
