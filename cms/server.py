"""The local server: waitress serving Django (admin, APIs, the static folder) plus a worker."""

import atexit
import ctypes
import signal
import subprocess
import sys
from urllib.parse import quote

from django.conf import settings

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Linux: the worker gets SIGTERM when the server process dies, however it dies.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def start_worker() -> subprocess.Popen:
    """Start a publishing worker process that lives as long as the server."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "cms.cli", "worker"], preexec_fn=_die_with_parent
    )
    atexit.register(proc.terminate)
    # `kill` of the server runs the atexit hooks too (the worker stops with it).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
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
        f"  feeds   {base}/feeds/\n  stop    Ctrl+C (stops the worker too)",
        flush=True,
    )
    waitress_serve(application, host=host, port=port, threads=8, ident="jinzhi")
