"""Roles and the review workflow, defined in code and applied idempotently.

Five groups share the work of publishing:

- 编辑 drafts and submits pages in every section; cannot publish.
- 审核 reviews content (first workflow step): approves, or rejects with a reason.
- 保密审查 checks for confidential information (second step), same actions.
- 发布 approves the last step, which publishes the page; may also publish, unpublish
  and schedule directly.
- WTO通报编辑 (the WTO desk) drafts and submits 通报 in the ``/wto/`` section only.

The workflow 内容审核发布 (审核 → 保密审查 → 发布) is assigned to the home page, so every
section uses it. Workflows gate only the admin's buttons: the importer's
``save_revision().publish()`` keeps publishing directly, as Wagtail intends.

:func:`ensure_roles_and_workflow` makes the database match these declarations; the
page permissions of these groups are managed here, so changes made to them in the
admin are reset on the next run (other groups are left alone).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.models import ReviewTask
from contentmodels.tree import ensure_site_tree, section_for

WORKFLOW_NAME = "内容审核发布"
EDITING = ("add", "change")
# Files an editor attaches to a notice (Wagtail documents) and images, in every collection.
FILE_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
)


@dataclass(frozen=True)
class Role:
    group: str
    description: str
    #: section type key (``None`` = the home page, i.e. every section) -> page permissions
    pages: dict[str | None, tuple[str, ...]] = field(default_factory=dict)
    #: the workflow step this group approves, if any
    task: str = ""

    @property
    def edits_files(self) -> bool:
        return "add" in {p for perms in self.pages.values() for p in perms}


EDITORS = "编辑"
REVIEWERS = "审核"
CONFIDENTIALITY = "保密审查"
MODERATORS = "发布"
WTO_DESK = "WTO通报编辑"

ROLES: tuple[Role, ...] = (
    Role(EDITORS, "起草、修改各栏目内容并提交审核；不能发布", pages={None: EDITING}),
    Role(REVIEWERS, "审核内容（第 1 步）：通过，或写明原因后退回", task="内容审核"),
    Role(CONFIDENTIALITY, "保密审查（第 2 步）：通过，或写明原因后退回", task="保密审查"),
    Role(
        MODERATORS,
        "发布审批（第 3 步，通过即发布）；也可直接发布、撤下、定时发布",
        pages={None: (*EDITING, "publish", "lock", "unlock")},
        task="发布审批",
    ),
    Role(WTO_DESK, "只能起草、修改并提交 WTO通报（/wto/）栏目", pages={"notification": EDITING}),
)


def _page_permission(kind: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{kind}_page")


def _apply_role(role: Role, home: Page) -> Group:
    group, _ = Group.objects.get_or_create(name=role.group)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    wanted = set()
    for section, kinds in role.pages.items():
        page = home if section is None else section_for(section)
        for kind in kinds:
            wanted.add((page.pk, _page_permission(kind).pk))
    current = set(group.page_permissions.values_list("page_id", "permission_id"))
    for page_id, permission_id in current - wanted:
        group.page_permissions.filter(page_id=page_id, permission_id=permission_id).delete()
    for page_id, permission_id in wanted - current:
        GroupPagePermission.objects.create(
            group=group, page_id=page_id, permission_id=permission_id
        )
    if role.edits_files:
        root = Collection.get_first_root_node()
        for app_label, codename in FILE_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )
    return group


def _apply_workflow(groups: dict[str, Group], home: Page) -> Workflow:
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    tasks = []
    for role in ROLES:
        if not role.task:
            continue
        # Older installs may hold a stock approval task of the same name: retire it.
        GroupApprovalTask.objects.filter(name=role.task, active=True).update(active=False)
        task, _ = ReviewTask.objects.get_or_create(name=role.task)
        task.groups.set([groups[role.group]])
        tasks.append(task)
    current = list(workflow.workflow_tasks.order_by("sort_order").values_list("task_id", flat=True))
    if current != [t.pk for t in tasks]:
        workflow.workflow_tasks.all().delete()
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    # The nearest ancestor's workflow applies, so this one overrides Wagtail's default
    # "Moderators approval" on the root for the whole site.
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ensure_roles_and_workflow() -> dict[str, Group]:
    """Create or update the groups, their permissions and the workflow; group name -> Group."""
    home = ensure_site_tree()
    groups = {role.group: _apply_role(role, home) for role in ROLES}
    _apply_workflow(groups, home)
    return groups
