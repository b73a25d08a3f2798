"""A database outage answers 503 with Retry-After, in the reader's language, and the portal
recovers by itself once the database is back. (The real PostgreSQL restart is in the fault
suite; here the database layer is made to fail as a dropped connection does.)"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_without_raise(ready_member: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(ready_member)
    return client


def due_for_saving() -> Any:
    """A minute after signing in: the request pushes the session's expiry (fos/sessions.py)."""
    return mock.patch("fos.sessions.time.time", return_value=time.time() + 61)


@pytest.fixture
def database_down() -> Iterator[None]:
    error = OperationalError("server closed the connection unexpectedly")
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=error):
        yield


def test_it_answers_503_with_retry_after_while_the_database_is_down(
    client_without_raise: Client, database_down: None
) -> None:
    response = client_without_raise.get("/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "Service momentanément indisponible" in response.content.decode()


def test_it_speaks_the_reader_language_during_the_outage(
    client_without_raise: Client, database_down: None
) -> None:
    client_without_raise.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client_without_raise.get("/").content.decode()
    assert 'dir="rtl"' in html
    assert "Service momentanément indisponible" not in html


def test_it_recovers_by_itself_when_the_database_is_back(client_without_raise: Client) -> None:
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load",
        side_effect=OperationalError("the database system is starting up"),
    ):
        assert client_without_raise.get("/").status_code == 503
    assert client_without_raise.get("/").status_code == 200


def test_any_other_error_is_a_500_page_without_details(client_without_raise: Client) -> None:
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load", side_effect=KeyError("secret")
    ):
        response = client_without_raise.get("/")
    assert response.status_code == 500
    assert "secret" not in response.content.decode()
    assert "Erreur du portail" in response.content.decode()


def test_it_answers_503_when_the_database_goes_away_before_the_session_is_saved(
    client_without_raise: Client,
) -> None:
    # The page was made; saving the session afterwards fails: Django turns that into
    # SessionInterrupted, a 400 meant for a session deleted by a logout elsewhere.
    error = OperationalError("server closed the connection unexpectedly")
    with (
        due_for_saving(),
        mock.patch("django.contrib.sessions.models.Session.save", side_effect=error),
    ):
        response = client_without_raise.get("/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0


def test_a_session_deleted_meanwhile_is_still_a_400(client_without_raise: Client) -> None:
    from django.db import DatabaseError

    deleted = DatabaseError("Forced update did not affect any rows.")
    with (
        due_for_saving(),
        mock.patch("django.contrib.sessions.models.Session.save", side_effect=deleted),
    ):
        response = client_without_raise.get("/")
    assert response.status_code == 400
