"""Sessions end after 30 idle minutes; cookies are secure in production."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_it_expires_after_thirty_idle_minutes_by_default() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_TOUCH_SECONDS == 60


def test_a_request_pushes_the_expiry(member_client: Client) -> None:
    key = member_client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=1)
    )
    with mock.patch("fos.sessions.time.time", return_value=time.time() + 61):
        assert member_client.get(reverse("home")).status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > timezone.now() + dt.timedelta(minutes=29)


def test_pages_read_within_a_minute_write_nothing_then_the_expiry_moves(
    member_client: Client,
) -> None:
    key = member_client.session.session_key  # signed in: the expiry was pushed then
    pushed = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as queries:
        response = member_client.get(reverse("dossier_list"))
    assert response.status_code == 200
    assert not [q for q in queries.captured_queries if "UPDATE" in q["sql"]]
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.get(session_key=key).expire_date == pushed
    later = time.time() + 61
    with mock.patch("fos.sessions.time.time", return_value=later):
        response = member_client.get(reverse("dossier_list"))
        assert response.status_code == 200
    assert Session.objects.get(session_key=key).expire_date > pushed
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 1800


def test_it_logs_out_an_idle_session(member_client: Client, ready_member: User) -> None:
    key = member_client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = member_client.get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_reads_the_idle_time_from_the_environment() -> None:
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    env = {**os.environ, "SESSION_IDLE_MINUTES": "5", "DJANGO_SETTINGS_MODULE": "fos.settings"}
    env.pop("FOS_ENV", None)
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert output.stdout.strip().splitlines()[-1] == "300"


def production_settings(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "FOS_ENV": "production",
        "DEBUG": "0",
        # strong enough for production's check (fos/settings.py secret_key_weakness)
        "SECRET_KEY": "k3y-" + "".join(chr(ord("a") + i % 26) for i in range(60)),
        "ALLOWED_HOSTS": "portail.example.ma",
        "DJANGO_SETTINGS_MODULE": "fos.settings",
        **extra,
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.CSRF_COOKIE_SECURE)"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )


def test_it_uses_secure_httponly_samesite_cookies_in_production() -> None:
    result = production_settings({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True True Lax True"


def test_it_refuses_the_fixed_captcha_in_production() -> None:
    result = production_settings({"CAPTCHA_TEST_MODE": "1"})
    assert result.returncode != 0
    assert "CAPTCHA_TEST_MODE" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_it_sets_the_cookie_flags_on_the_session_cookie(client: Client, ready_member: Any) -> None:
    from tests.accounts.conftest import CAPTCHA
    from tests.factories import PASSWORD

    client.post(
        reverse("login"), {"username": ready_member.username, "password": PASSWORD, **CAPTCHA}
    )
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 1800
