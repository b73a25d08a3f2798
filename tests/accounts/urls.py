"""Every page of the portal that takes no argument, for tests that must cover them all."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Staff pages answer members 403 before any gate (tests/backoffice, test_roles); the API has its
# own list below.
SKIPPED_PREFIXES = ("admin", "backoffice", "api", "captcha", "djdt")


def _walk(patterns: Sequence[Any], namespace: str = "", prefix: str = "") -> list[str]:
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            route = str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            nested = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += _walk(pattern.url_patterns, nested, prefix + route)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            if "(?P<" in str(pattern.pattern):
                continue
            names.append(namespace + pattern.name)
    return names


def portal_urls(*, except_names: set[str]) -> list[str]:
    return sorted(reverse(name) for name in set(_walk(get_resolver().url_patterns)) - except_names)


API_ENDPOINTS = [
    ("get", "api_me"),
    ("post", "api_password_change"),
    ("post", "api_email_change"),
    ("get", "api_devices"),
    ("get", "api_terms"),
    ("post", "api_terms_accept"),
]
