"""The local server: waitress serving Django (admin, APIs, the static folder) plus a worker."""

import atexit
import subprocess
import sys
from urllib.parse import quote

from django.conf import settings


def start_worker() -> subprocess.Popen:
    """Start a publishing worker process that lives as long as the server."""
    proc = subprocess.Popen([sys.executable, "-m", "cms.cli", "worker"])
    atexit.register(proc.terminate)
    return proc


def serve(*, host: str, port: int, worker: bool = True) -> None:
    from waitress import serve as waitress_serve

    from cms.wsgi import application

    if worker:
        start_worker()
    base = f"http://{host if host not in ('0.0.0.0', '::') else '127.0.0.1'}:{port}"
    print(f"金质 serving {settings.JINZHI.home}", flush=True)
    print(
        f"  site    {base}/\n  admin   {base}/admin/\n  search  {base}/search/\n"
        f"  API     {base}/api/search?q={quote('产品质量')}  {base}/api/v2/pages/\n"
        f"  feeds   {base}/feeds/",
        flush=True,
    )
    waitress_serve(application, host=host, port=port, threads=8, ident="jinzhi")
