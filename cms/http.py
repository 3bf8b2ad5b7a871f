"""HTTP helpers shared by the public read-only views (search API, search feeds)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

READ_METHODS = ("GET", "HEAD")


def read_only(refusal: Callable[[str, int], HttpResponse]):
    """Let GET and HEAD reach the view; answer any other method with a 405 carrying
    ``Allow: GET, HEAD`` and the body ``refusal(reason, 405)`` gives (JSON, text …).

    The view is CSRF-exempt because no method it accepts changes anything: without the
    exemption Django's CSRF check answers a POST with its 403 HTML page before anything
    can say which methods the address takes.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in READ_METHODS:
                reason = f"不支持 {request.method} 方法，请使用 GET 或 HEAD"
                response = refusal(reason, 405)
                response["Allow"] = ", ".join(READ_METHODS)
                return response
            return view(request, *args, **kwargs)

        return csrf_exempt(wrapper)

    return decorate
