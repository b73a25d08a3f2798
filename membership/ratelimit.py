"""Limits on the public membership pages, counted per address in Django's cache.

The cache is Redis in production, shared by every host. Rates are written like DRF's
(``5/hour``, ``10/15m``, ``100/day``) and read from settings with these defaults:

- ``MEMBERSHIP_APPLY_RATE`` (``5/hour``): applications sent from one address;
- ``MEMBERSHIP_FOLLOW_RATE`` (``10/hour``): wrong reference or code given from one address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])[a-z]*\s*$", re.IGNORECASE)
DEFAULTS = {"MEMBERSHIP_APPLY_RATE": "5/hour", "MEMBERSHIP_FOLLOW_RATE": "10/hour"}
APPLY = "MEMBERSHIP_APPLY_RATE"
FOLLOW = "MEMBERSHIP_FOLLOW_RATE"


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


def parse_rate(value: str, *, setting: str) -> Rate:
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


def rate(setting: str) -> Rate:
    return parse_rate(str(getattr(settings, setting, DEFAULTS[setting])), setting=setting)


def check_rates() -> None:
    for setting in DEFAULTS:
        rate(setting)


def _key(setting: str, ident: str) -> str:
    return f"fos:membership:{setting}:{ident}"


def is_limited(setting: str, ident: str) -> bool:
    """True when ``ident`` has used up its allowance in the current window."""
    return int(cache.get(_key(setting, ident), 0)) >= rate(setting).limit


def record_hit(setting: str, ident: str) -> None:
    key = _key(setting, ident)
    if not cache.add(key, 1, timeout=rate(setting).seconds):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: this hit opens a new window
            cache.add(key, 1, timeout=rate(setting).seconds)
