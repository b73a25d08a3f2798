"""Personal data is never kept by a browser's or a proxy's cache.

Every answer to a signed-in person, every API answer and every public verification page
carries ``Cache-Control: no-store`` (with ``private`` and ``max-age=0``, Django's never_cache
headers), unless the view already said no-store itself. A shared computer's back button or a
proxy between the member and the portal then has nothing to show. Static files are served
before this middleware (WhiteNoise) and keep their long cache lifetime.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

PERSONAL_PREFIXES = ("/api/", "/verify/")


def carries_personal_data(request: HttpRequest) -> bool:
    if request.path.startswith(PERSONAL_PREFIXES):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PersonalDataNoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", "") and carries_personal_data(request):
            add_never_cache_headers(response)
        return response
