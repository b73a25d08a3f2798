"""Error pages that work when the database does not.

A database outage (PostgreSQL restarting, a failover) must give people a clear "try again in a
moment" (503, with Retry-After) instead of a 500, and the portal must recover by itself when the
database is back: Django opens a fresh connection on the next request (CONN_HEALTH_CHECKS).
These pages render without a request context, so they never query the database.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 15
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language() or "fr"
    with translation.override(language):
        html = render_to_string(
            template,
            {
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
                "FOS_NAME": settings.FOS_NAME,
                "FOS_SHORT_NAME": settings.FOS_SHORT_NAME,
            },
        )
    return HttpResponse(html, status=status)


def _is_outage(error: BaseException | None) -> bool:
    return isinstance(error, OUTAGE_ERRORS) or (
        isinstance(error, DatabaseError) and "connection" in str(error).lower()
    )


def _caused_by_outage(error: BaseException | None) -> bool:
    """The error, or one it was raised from or while handling, is a database outage."""
    seen = 0
    while error is not None and seen < 10:
        if _is_outage(error):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def _outage(request: HttpRequest, error: BaseException | None) -> HttpResponse:
    logger.warning("database unavailable, answered 503: %s", type(error).__name__)
    response = _page(request, "503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage answers 503 with Retry-After; anything else 500."""
    error = sys.exc_info()[1]
    if _is_outage(error):
        return _outage(request, error)
    return _page(request, "500.html", 500)


def _settle_body(request: HttpRequest) -> None:
    """Read the body once, as Django's error pages will: their CSRF check (requires_csrf_token)
    reads ``request.POST``. A body that cannot be read (a multipart body without its boundary, a
    body past DATA_UPLOAD_MAX_MEMORY_SIZE, a broken upload) raised from inside the error page,
    a 500 where a 404 or a 403 was due; it now reads as an empty form, as Django does for a
    body it failed to parse."""
    try:
        request.POST  # noqa: B018 - read for its side effect
    except (MultiPartParserError, UnreadablePostError, SuspiciousOperation):
        request._mark_post_parse_error()  # type: ignore[attr-defined]  # Django's own way


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: Django's page (templates/404.html), whatever the body of the request."""
    _settle_body(request)
    return defaults.page_not_found(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403: Django's page (templates/403.html), whatever the body of the request."""
    _settle_body(request)
    return defaults.permission_denied(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400. The session is saved after the page is made: when the database goes away
    in between, Django raises SessionInterrupted (a 400, as for a session deleted by a logout
    elsewhere) from the failed save; that is an outage too, answered 503."""
    if _caused_by_outage(exception):
        return _outage(request, exception)
    _settle_body(request)
    return defaults.bad_request(request, exception)
