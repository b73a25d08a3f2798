"""The public verification pages (/verify/) count against the same allowance as their API
(DRF scope ``card_verify``, REST_FRAMEWORK's DEFAULT_THROTTLE_RATES, 60/minute by default): a
visitor guessing tokens gains nothing by switching from the API to the page, or back.

The counter is DRF's own (same cache, same key, ``throttle_card_verify_<address>``); the address
is the portal's reading of the request (accounts.requests.client_ip: REMOTE_ADDR, or the entry
our own proxies appended), never a client-chosen X-Forwarded-For.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.requests import client_ip

SCOPE = "card_verify"


class VerifyPageThrottle(SimpleRateThrottle):
    scope = SCOPE

    def get_rate(self) -> str | None:
        # Read at each request (not at import as DRF's class attribute is): a changed setting
        # applies at once, here as in the tests.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return None if rate is None else str(rate)

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}


def throttled(
    finish: Callable[[HttpResponse], HttpResponse],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Answer 429 past the allowance, with a page in the reader's language and Retry-After;
    ``finish`` adds the headers the view's own answers carry."""
    return lambda view: _throttled(view, finish)


def _throttled(
    view: Callable[..., HttpResponse], finish: Callable[[HttpResponse], HttpResponse]
) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        throttle = VerifyPageThrottle()
        # A Django request carries what the throttle reads (META); no DRF view is involved.
        if throttle.allow_request(request, None):  # type: ignore[arg-type]
            return view(request, *args, **kwargs)
        seconds = max(1, math.ceil(throttle.wait() or 1))
        minutes = max(1, math.ceil(seconds / 60))
        response = render(request, "cards/verify_too_many.html", {"minutes": minutes}, status=429)
        response["Retry-After"] = str(seconds)
        return finish(response)

    return wrapper
