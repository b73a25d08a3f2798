"""Personal data is never kept by a browser's or a proxy's cache.

Every answer to a signed-in person, every API answer and every public verification page
carries ``Cache-Control: no-store`` (with ``private`` and ``max-age=0``, Django's never_cache
headers), unless the view already said no-store itself. A shared computer's back button or a
proxy between the member and the portal then has nothing to show. Static files are served
before this middleware (WhiteNoise) and keep their long cache lifetime.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from fos import errors

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


class FriendlyNotFoundMiddleware:
    """With DEBUG on (the development run), a plain 404 shows the portal's page, as in production.

    Django shows its technical 404 page whenever DEBUG is on and calls handler404 only when it is
    off; a developer, a tester or a demo on ``make run`` then met a page of URL patterns where a
    member would meet "Page introuvable". This answers, with the portal's page, an address that
    matches no route and an ``Http404`` raised by a view. Every other answer passes untouched:
    a 404 a view made itself (the API's JSON 404), and the tracebacks of 500s, which stay
    Django's debug page. Placed after LocaleMiddleware and AuthenticationMiddleware, so the page
    speaks the visitor's language and its layout knows the visitor
    (docs/decisions/error-pages.md).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and response.status_code == 404 and request.resolver_match is None:
            return errors.page_not_found(request, Http404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG and isinstance(exception, Http404):
            return errors.page_not_found(request, exception)
        return None
