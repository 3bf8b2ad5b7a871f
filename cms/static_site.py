"""Serves the built static folder (JINZHI_HOME/public) for the demo and `jinzhi serve`.

Django never renders a public page: this only hands out files the site build wrote.
The folder is a symlink swapped atomically, so it is resolved on every request.
"""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotFound
from django.utils._os import safe_join


def _resolve(root: Path, url_path: str) -> Path | None:
    try:
        target = Path(safe_join(root, url_path.lstrip("/")))
    except Exception:  # SuspiciousFileOperation: a path outside the site
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def serve(request, path: str = ""):
    root = settings.JINZHI.public_dir
    if not root.exists():
        return HttpResponse(
            "站点尚未生成：请运行 jinzhi publish。 The site has not been built yet: run `jinzhi publish`.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    root = root.resolve()
    if path and not path.endswith("/") and (root / path).is_dir():
        from django.shortcuts import redirect

        query = request.META.get("QUERY_STRING", "")
        return redirect("/" + path + "/" + (f"?{query}" if query else ""))  # /search?q= too
    target = _resolve(root, path)
    if target is None:
        not_found = root / "404.html"
        if not_found.is_file():
            return HttpResponseNotFound(
                not_found.read_bytes(), content_type="text/html; charset=utf-8"
            )
        raise Http404(path)
    content_type = None
    if target.suffix == ".html":
        content_type = "text/html; charset=utf-8"
    elif target.name.endswith(".atom.xml"):
        content_type = "application/atom+xml; charset=utf-8"
    elif target.name.endswith(".rss.xml"):
        content_type = "application/rss+xml; charset=utf-8"
    elif target.suffix == ".csv":
        content_type = "text/csv; charset=utf-8"
    # A results table downloads under the announcement's name, not as "results.csv".
    download = target.suffix == ".csv"
    response = FileResponse(
        open(target, "rb"),
        content_type=content_type,
        as_attachment=download,
        filename=f"{target.parent.name}-{target.name}" if download else None,
    )
    response["Cache-Control"] = "no-cache"
    return response
