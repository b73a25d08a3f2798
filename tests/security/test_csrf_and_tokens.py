"""Every state-changing request needs its proof: a CSRF token on the web, a token (or a CSRF
token with the session) on the API. Walks every route, so a new view cannot forget it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from tests.helpers import verify_otp
from tests.security.urls import all_routes

pytestmark = pytest.mark.django_db

# API endpoints open to anonymous callers by design: asking for a token, for an account link,
# and a partner's card verification (read-only). Their own tests cover throttling.
ANONYMOUS_API = {"api_token", "api_register", "api_password_reset", "api_card_verify"}
WEB_ROUTES = [r for r in all_routes() if not r.path.startswith(("/api/", "/bench/"))]
API_ROUTES = [r for r in all_routes() if r.path.startswith("/api/")]
PROTECTED_API_ROUTES = [r for r in API_ROUTES if r.name not in ANONYMOUS_API]


@pytest.fixture
def csrf_client(ready_member: User) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(ready_member)
    return client


@pytest.fixture
def staff_csrf_client(admin_user: User) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    verify_otp(client, admin_user)
    return client


@pytest.mark.parametrize("route", WEB_ROUTES, ids=lambda r: r.path)
def test_every_web_post_without_csrf_token_is_refused(
    route: Any, csrf_client: Client, staff_csrf_client: Client
) -> None:
    client = staff_csrf_client if route.path.startswith("/backoffice/") else csrf_client
    response = client.post(route.path, {"anything": "1"})
    assert response.status_code == 403, (route.path, response.status_code)


@pytest.mark.parametrize("route", PROTECTED_API_ROUTES, ids=lambda r: r.path)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_every_api_write_without_a_token_is_refused(route: Any, method: str) -> None:
    response = getattr(Client(), method)(route.path, {}, content_type="application/json")
    assert response.status_code in {401, 403}, (route.path, method, response.status_code)


@pytest.mark.parametrize("route", PROTECTED_API_ROUTES, ids=lambda r: r.path)
def test_an_api_write_with_a_session_needs_the_csrf_token(route: Any, csrf_client: Client) -> None:
    response = csrf_client.post(route.path, {}, content_type="application/json")
    assert response.status_code in {403, 405}, (route.path, response.status_code)
