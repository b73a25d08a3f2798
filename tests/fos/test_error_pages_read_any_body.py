"""An error page answers whatever body came with the request (issue 12, item 3): Django's 404,
403 and 400 pages run a CSRF check that reads the form, and a body that cannot be read raised
from inside the error page, a 500 where the 404 or the 403 was due."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User

pytestmark = pytest.mark.django_db

BROKEN_MULTIPART: dict[str, Any] = {"data": b"garbage", "content_type": "multipart/form-data"}
BROKEN_BOUNDARY: dict[str, Any] = {
    "data": b"--x\r\nno headers",
    "content_type": "multipart/form-data; boundary=x",
}


def browser() -> Client:
    """A client that runs the CSRF checks, as a browser's requests meet them."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "a" * 32
    return client


@pytest.fixture
def member(ready_member: User) -> Client:
    client = browser()
    client.force_login(ready_member)
    return client


@pytest.mark.parametrize("body", [BROKEN_MULTIPART, BROKEN_BOUNDARY], ids=["no-boundary", "bad"])
@pytest.mark.parametrize(
    ("path", "expected"),
    [("/nowhere/", 404), ("/dossiers/0/answer/", 404), ("/backoffice/", 403)],
)
def test_a_broken_form_body_gets_the_error_page_due(
    member: Client, path: str, expected: int, body: dict[str, Any]
) -> None:
    response = member.generic("POST", path, **body)
    assert response.status_code == expected


def test_a_body_too_large_gets_the_error_page_due(member: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    response = member.generic(
        "POST", "/nowhere/", b"a=" + b"x" * 100, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in {400, 404}


def test_an_anonymous_visitor_gets_the_same() -> None:
    assert browser().generic("POST", "/nowhere/", **BROKEN_MULTIPART).status_code == 404
