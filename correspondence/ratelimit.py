"""A small fixed-window limit kept in Django's cache (Redis in production, shared by every host).

Rates are written like DRF's: ``5/hour``, ``10/15m``, ``100/day``. A malformed rate stops the
start-up with a message naming the setting (correspondence.apps).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])[a-z]*\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


def parse_rate(value: str, *, setting: str = "rate") -> Rate:
    match = RATE_RE.match(value or "")
    if match is None:
        raise ImproperlyConfigured(
            f"{setting}={value!r} is not a rate: write it like 5/hour, 10/15m or 100/day"
        )
    limit, multiple, unit = match.groups()
    seconds = (int(multiple) if multiple else 1) * UNITS[unit.lower()]
    if seconds <= 0:
        raise ImproperlyConfigured(f"{setting}={value!r}: the period must be longer than zero")
    return Rate(limit=int(limit), seconds=seconds)


def _key(scope: str, ident: str) -> str:
    return f"fos:ratelimit:{scope}:{ident}"


def is_limited(*, scope: str, ident: str, rate: Rate) -> bool:
    """True when ``ident`` has already used up its allowance in the current window."""
    return int(cache.get(_key(scope, ident), 0)) >= rate.limit


def record_hit(*, scope: str, ident: str, rate: Rate) -> None:
    key = _key(scope, ident)
    if not cache.add(key, 1, timeout=rate.seconds):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: this hit opens a new window
            cache.add(key, 1, timeout=rate.seconds)
