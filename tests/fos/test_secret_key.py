"""Production refuses to start with a weak or default SECRET_KEY (issue 12, item 7):
fos.settings.secret_key_weakness says why a key is weak, and importing the settings with
FOS_ENV=production and such a key stops the start."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from fos.settings import secret_key_weakness

STRONG = secrets.token_urlsafe(50)


@pytest.mark.parametrize(
    "key",
    [
        "django-insecure-k3v9Qz7LwPb2Xn8Rt5Yc1Hd6Fg4Js0Ma2Ue9Wo7Ti3Rl5Nq8",
        "changeme",
        "ChangeMe ",
        "secret",
        "your-secret-key",
        "dev",
    ],
)
def test_it_refuses_placeholders(key: str) -> None:
    assert secret_key_weakness(key) == "a placeholder value"


def test_it_refuses_a_short_key() -> None:
    assert secret_key_weakness(secrets.token_urlsafe(30)) == "shorter than 50 characters"


@pytest.mark.parametrize("key", ["a" * 64, "ab" * 40, "0123456789"[:9] * 8])
def test_it_refuses_a_key_of_few_different_characters(key: str) -> None:
    assert secret_key_weakness(key) == "fewer than 10 different characters"


def test_it_accepts_a_generated_key() -> None:
    for _ in range(20):
        assert secret_key_weakness(secrets.token_urlsafe(50)) == ""


def _start(secret_key: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECRET_KEY", "FOS_", "DJANGO_", "DEBUG", "DATABASE_URL"))
    }
    env.update(
        FOS_ENV="production",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="x",
        DJANGO_SETTINGS_MODULE="fos.settings",
    )
    return subprocess.run(  # our own interpreter, fixed arguments
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("key", ["changeme", "django-insecure-abc", "short-key"])
def test_production_does_not_start_with_a_weak_key(key: str) -> None:
    started = _start(key)
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert "SECRET_KEY is" in started.stderr


def test_production_starts_past_the_key_with_a_generated_one() -> None:
    # Other production settings may still be missing here: only the key must not be the reason.
    started = _start(STRONG)
    assert "SECRET_KEY" not in started.stderr, started.stderr[-2000:]
