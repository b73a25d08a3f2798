"""The security headers every response carries, in the test profile and in production."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_PROBE = """
import json
import django
django.setup()
from django.test import Client
client = Client()
secure = client.get("/healthz", secure=True, HTTP_HOST="fos.example.org")
plain = client.get("/healthz", HTTP_HOST="fos.example.org")
print(json.dumps({"secure": dict(secure.headers), "plain_status": plain.status_code,
                  "plain_location": plain.headers.get("Location", "")}))
"""


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def test_it_sends_a_strict_content_security_policy(client: Client) -> None:
    policy = directives(client.get("/").headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    every_source = " ".join(" ".join(values) for values in policy.values())
    assert "unsafe-inline" not in " ".join(policy["script-src"])
    assert "unsafe-eval" not in every_source
    assert "http" not in every_source


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/v1/me/", "/healthz"])
def test_it_forbids_sniffing_framing_and_leaking_the_referrer(client: Client, path: str) -> None:
    headers = client.get(path).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_adds_hsts_and_redirects_to_https(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FOS_", "DJANGO_", "DATABASE_", "SECRET_", "EMAIL_", "CAPTCHA_"))
    }
    env.update(
        {
            "FOS_ENV": "production",
            "DJANGO_SETTINGS_MODULE": "fos.settings",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "fos.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "FOS_VAR_DIR": str(tmp_path / "var"),
        }
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    hsts = probe["secure"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts
    assert "preload" in hsts
    assert probe["secure"]["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in probe["secure"]["Content-Security-Policy"]
    assert probe["plain_status"] == 301
    assert probe["plain_location"].startswith("https://fos.example.org/")
