"""The publishing queue's own table: pages whose public state may have changed."""

from django.db import models


class PendingChange(models.Model):
    """A page id waiting for the publishing worker (coalesces bursts of edits into one job)."""

    page_id = models.BigIntegerField("页面", db_index=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "待发布变更"
        verbose_name_plural = "待发布变更"
