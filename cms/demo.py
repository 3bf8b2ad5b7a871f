"""`jinzhi demo`: a ready instance on embedded defaults with sample content and an editor."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from cms.instance import prepare_instance

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
DEMO_USERS = [
    # (username, password, superuser): the editor account printed by the demo
    ("editor", "jinzhi-demo", True),
]


def ensure_demo_users() -> list[tuple[str, str]]:
    User = get_user_model()
    created = []
    for username, password, superuser in DEMO_USERS:
        user, new = User.objects.get_or_create(username=username)
        if new:
            user.set_password(password)
            user.is_staff = True
            user.is_superuser = superuser
            user.save()
        created.append((username, password))
    return created


def setup_demo(*, console, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Migrate, create the demo editor, import the sample content and publish everything."""
    from cms.importing import run_import
    from cms.publishing import publish_all

    console.print(f"[bold]金质 demo[/bold] in {settings.JINZHI.home}")
    prepare_instance(quiet=True)
    users = ensure_demo_users()
    report = run_import(DEMO_DATA, console=console)
    console.print(report.summary())
    console.print(publish_all(full=True).summary())
    console.print(f"Wagtail admin: http://{host}:{port}/admin/")
    for username, password in users:
        console.print(f"  demo editor account: [bold]{username}[/bold] / [bold]{password}[/bold]")
