"""Every route of the portal, with placeholder arguments, for tests that must cover them all."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

# Third-party pages with their own protections (the admin is tested through its login and
# Django's own suite; the captcha image and the API schema are read-only).
SKIPPED = ("admin/", "captcha/", "api/v1/schema/", "api/v1/docs/", "api/v1/redoc/", "static/")


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    converters: tuple[str, ...]


def _placeholder(converter: Any) -> str:
    name = type(converter).__name__
    return {
        "IntConverter": "1",
        "IdConverter": "1",  # fos/converters.py: every id in a URL
        "UUIDConverter": "00000000-0000-0000-0000-000000000001",
    }.get(name, "x")


def _walk(patterns: Sequence[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            nested = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + route, nested)
        elif isinstance(pattern, URLPattern):
            full = prefix + route
            if full.startswith(SKIPPED) or "(?P<" in full or "^" in full:
                continue
            converters = pattern.pattern.converters
            path = full
            for key, converter in converters.items():
                path = re.sub(rf"<(?:\w+:)?{key}>", _placeholder(converter), path)
            yield Route(
                name=namespace + (pattern.name or ""),
                path="/" + path,
                converters=tuple(converters),
            )


def all_routes() -> list[Route]:
    return sorted(set(_walk(get_resolver().url_patterns)), key=lambda r: r.path)
