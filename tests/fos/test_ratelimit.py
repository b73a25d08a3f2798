"""The one limit per address of the public pages (fos.ratelimit), shared by the mail desk and
the membership request: rates read from settings, counted per setting and per address."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from correspondence.constants import RATE_SETTINGS as MAIL_DESK_RATES
from fos import ratelimit
from fos.ratelimit import Rate, parse_rate
from membership.constants import RATE_SETTINGS as MEMBERSHIP_RATES


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("5/hour", Rate(5, 3600)),
        ("10/15m", Rate(10, 900)),
        ("100/day", Rate(100, 86400)),
        (" 3 / 2h ", Rate(3, 7200)),
        ("60/minute", Rate(60, 60)),
    ],
)
def test_it_reads_rates(text: str, rate: Rate) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "five/hour", "5", "5/fortnight", "5/0m"])
def test_it_refuses_a_malformed_rate_loudly(text: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="MAIL_DESK_VISITOR_RATE"):
        parse_rate(text, setting="MAIL_DESK_VISITOR_RATE")


@pytest.mark.parametrize("setting", [*MAIL_DESK_RATES, *MEMBERSHIP_RATES])
def test_every_app_checks_its_rates_at_start_up(setting: str, settings: Any) -> None:
    ratelimit.check_rates(*MAIL_DESK_RATES, *MEMBERSHIP_RATES)  # the defaults are rates
    setattr(settings, setting, "often")
    with pytest.raises(ImproperlyConfigured, match=setting):
        ratelimit.check_rates(*MAIL_DESK_RATES, *MEMBERSHIP_RATES)


def test_a_missing_setting_is_named() -> None:
    with pytest.raises(ImproperlyConfigured, match="NO_SUCH_RATE"):
        ratelimit.check_rates("NO_SUCH_RATE")


def test_it_counts_per_setting_and_per_address(settings: Any) -> None:
    settings.MAIL_DESK_VISITOR_RATE = "2/hour"
    settings.MEMBERSHIP_APPLY_RATE = "2/hour"
    for _ in range(2):
        assert not ratelimit.is_limited("MAIL_DESK_VISITOR_RATE", "192.0.2.1")
        ratelimit.record_hit("MAIL_DESK_VISITOR_RATE", "192.0.2.1")
    assert ratelimit.is_limited("MAIL_DESK_VISITOR_RATE", "192.0.2.1")
    assert not ratelimit.is_limited("MAIL_DESK_VISITOR_RATE", "192.0.2.2")
    assert not ratelimit.is_limited("MEMBERSHIP_APPLY_RATE", "192.0.2.1")


def test_a_changed_setting_applies_at_once(settings: Any) -> None:
    settings.MEMBERSHIP_FOLLOW_RATE = "1/hour"
    ratelimit.record_hit("MEMBERSHIP_FOLLOW_RATE", "192.0.2.9")
    assert ratelimit.is_limited("MEMBERSHIP_FOLLOW_RATE", "192.0.2.9")
    settings.MEMBERSHIP_FOLLOW_RATE = "5/hour"
    assert not ratelimit.is_limited("MEMBERSHIP_FOLLOW_RATE", "192.0.2.9")
    assert ratelimit.rate("MEMBERSHIP_FOLLOW_RATE") == Rate(5, 3600)


def test_the_window_closes_after_the_rate_period(settings: Any, monkeypatch: Any) -> None:
    settings.MAIL_DESK_FOLLOW_RATE = "1/15m"
    now = time.time()
    ratelimit.record_hit("MAIL_DESK_FOLLOW_RATE", "192.0.2.3")
    assert ratelimit.is_limited("MAIL_DESK_FOLLOW_RATE", "192.0.2.3")
    monkeypatch.setattr(time, "time", lambda: now + 14 * 60)
    assert ratelimit.is_limited("MAIL_DESK_FOLLOW_RATE", "192.0.2.3")
    monkeypatch.setattr(time, "time", lambda: now + 15 * 60 + 1)
    assert not ratelimit.is_limited("MAIL_DESK_FOLLOW_RATE", "192.0.2.3")
