"""The cms app's tables: the publishing queue, and the review step used by the workflow."""

from django import forms
from django.db import models
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask


class PendingChange(models.Model):
    """A page id waiting for the publishing worker (coalesces bursts of edits into one job)."""

    page_id = models.BigIntegerField("页面", db_index=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "待发布变更"
        verbose_name_plural = "待发布变更"


class RejectionReasonForm(TaskStateCommentForm):
    """A rejection must say why: the editor reads this reason on the page's history."""

    comment = forms.CharField(label="退回原因", widget=forms.Textarea(attrs={"rows": 3}))


class ReviewTask(AbstractGroupApprovalTask):
    """A review step (内容审核, 保密审查, 发布审批): approve, or reject with a required reason."""

    def get_form_for_action(self, action):
        return RejectionReasonForm if action == "reject" else super().get_form_for_action(action)

    class Meta:
        verbose_name = "审核步骤"
        verbose_name_plural = "审核步骤"
