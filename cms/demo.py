"""`jinzhi demo`: a ready instance on embedded defaults with sample content and one account per role."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from cms.instance import prepare_instance
from cms.roles import CONFIDENTIALITY, EDITORS, MODERATORS, REVIEWERS, ROLES, WTO_DESK

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
DEMO_PASSWORD = "jinzhi-demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    group: str  # a role's group, or "" for the superuser

    @property
    def can(self) -> str:
        if not self.group:
            return "超级管理员：全部权限（含用户、角色与审核流程设置）"
        return next(role.description for role in ROLES if role.group == self.group)


DEMO_USERS = (
    DemoUser("admin", ""),
    DemoUser("editor", EDITORS),
    DemoUser("reviewer", REVIEWERS),
    DemoUser("secrecy", CONFIDENTIALITY),
    DemoUser("publisher", MODERATORS),
    DemoUser("wto-desk", WTO_DESK),
)


def ensure_demo_users(groups: dict) -> list[DemoUser]:
    """Create the demo accounts and put each in its role's group.

    The password is reset on every run so that the one printed is always true.
    """
    User = get_user_model()
    for demo in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=demo.username)
        user.set_password(DEMO_PASSWORD)
        user.is_staff = True
        user.is_superuser = not demo.group
        user.save()
        user.groups.set([groups[demo.group]] if demo.group else [])
    return list(DEMO_USERS)


def setup_demo(*, console) -> None:
    """Migrate, set up roles and accounts, import the sample content and publish everything."""
    from cms.importing import run_import
    from cms.publishing import publish_all
    from cms.roles import ensure_roles_and_workflow

    console.print(f"[bold]金质 demo[/bold] in {settings.JINZHI.home}")
    prepare_instance(quiet=True)
    users = ensure_demo_users(ensure_roles_and_workflow())
    report = run_import(DEMO_DATA, console=console)
    # soft_wrap: summaries are single lines a user may copy, never wrapped mid-text.
    console.print(report.summary(), soft_wrap=True)
    console.print(publish_all(full=True).summary(), soft_wrap=True)
    console.print(
        f"Wagtail admin: {settings.JINZHI.site_url}/admin/  (审核流程：审核 → 保密审查 → 发布)",
        soft_wrap=True,
    )
    for demo in users:
        role = f"{demo.group}：" if demo.group else ""
        console.print(
            f"  [bold]{demo.username}[/bold] / [bold]{DEMO_PASSWORD}[/bold]  {role}{demo.can}",
            soft_wrap=True,
        )
