"""A small fixed-window limit per address, kept in Django's cache (Redis in production, shared
by every host), for the public pages that take a form from anyone: a visitor's letter and the
follow-up of a letter (correspondence), a membership application and its follow-up (membership).

Each limit is a setting written like DRF's rates: ``5/hour``, ``10/15m``, ``100/day``
(MAIL_DESK_VISITOR_RATE, MAIL_DESK_FOLLOW_RATE, MEMBERSHIP_APPLY_RATE, MEMBERSHIP_FOLLOW_RATE in
fos/settings.py). The setting's name is also the counter's name. A malformed rate stops the
start-up with a message naming the setting: each app calls ``check_rates`` with its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
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


def rate(setting: str) -> Rate:
    """The rate a setting holds now (read each time, so a changed setting applies at once)."""
    return parse_rate(str(getattr(settings, setting, "")), setting=setting)


def check_rates(*setting_names: str) -> None:
    """Raise ImproperlyConfigured, naming the setting, when one of these is not a rate."""
    for setting in setting_names:
        rate(setting)


def _key(setting: str, ident: str) -> str:
    return f"fos:ratelimit:{setting}:{ident}"


def is_limited(setting: str, ident: str) -> bool:
    """True when ``ident`` has used up its allowance in the current window."""
    return int(cache.get(_key(setting, ident), 0)) >= rate(setting).limit


def record_hit(setting: str, ident: str) -> None:
    """Count one use by ``ident``; the first one opens a window of the rate's length."""
    key = _key(setting, ident)
    seconds = rate(setting).seconds
    if not cache.add(key, 1, timeout=seconds):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: this hit opens a new window
            cache.add(key, 1, timeout=seconds)
