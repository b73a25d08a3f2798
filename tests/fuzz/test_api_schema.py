"""Schemathesis against the committed schema (docs/api/openapi.yaml), every operation, in-process
through the WSGI application, signed in as a member who has accepted the terms and has a family,
documents, dossiers, a change request and a letter: no answer may be a 5xx, and every answer must
be one the schema documents (status code, content type, headers and body).

Bounded for CI (`make fuzz`, .ci/run): FUZZ_EXAMPLES examples per operation (25 by default),
derandomized, no shrinking (a failure is reported as found); the whole run takes about 40 seconds
on two cores, and `make fuzz` stops it at 10 minutes.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import User
from tests.fuzz.data import member_with_everything

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]
SCHEMA = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Signing out ends the session every later example uses; it is fuzzed on its own below.
SIGN_OUT = "/api/v1/auth/logout/"

APP = get_wsgi_application()
schema = schemathesis.openapi.from_path(SCHEMA)
# Every request goes to the application in-process, the checks' own probes included (a probe
# re-sends a request with another Content-Type; without the app it would need a server).
schema.app = APP


@dataclass(frozen=True)
class SignedIn:
    """A session and its CSRF token, as a browser holds them. DRF's session authentication is
    always on, so this outlives any change of the API's token class (knox or another)."""

    cookies: dict[str, str]
    headers: dict[str, str]


def signed_in(user: User) -> SignedIn:
    client = Client()
    client.force_login(user)
    csrf = secrets.token_hex(16)  # a CSRF secret is 32 letters or digits
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return SignedIn(
        cookies={settings.SESSION_COOKIE_NAME: session, settings.CSRF_COOKIE_NAME: csrf},
        headers={"X-CSRFToken": csrf, "Accept-Language": "fr"},
    )


@pytest.fixture
def ready_user(terms: Any) -> User:
    return member_with_everything(terms)


@pytest.fixture
def member(ready_user: User) -> SignedIn:
    return signed_in(ready_user)


def call(case: Any, member: SignedIn) -> None:
    case.call_and_validate(headers=member.headers, cookies=member.cookies, checks=CHECKS)


@schema.exclude(path=SIGN_OUT).parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_documented_and_none_is_a_5xx(case: Any, member: SignedIn) -> None:
    call(case, member)


@schema.include(path=SIGN_OUT).parametrize()
@hypothesis_settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_signing_out_is_documented_too(case: Any, ready_user: User) -> None:
    # Each example signs in anew: the one before ended its session.
    call(case, signed_in(ready_user))
