"""Helpers shared by every test package."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ApiToken, User

# CAPTCHA_TEST_MODE (test settings only) accepts this answer.
CAPTCHA = {"captcha_0": "test-key", "captcha_1": "PASSED"}


def verify_otp(client: Client, user: User) -> TOTPDevice:
    """Mark the client's session as having passed the second factor with a confirmed device."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def login_staff(client: Client, user: User) -> Client:
    """Log a staff user in, past the second-factor gate."""
    client.force_login(user)
    verify_otp(client, user)
    return client


def api_token(user: User) -> str:
    """A new API token (knox) for the user: the token itself, shown once, as the API gives it."""
    return ApiToken.objects.create(user, device="tests")[1]


def api_auth(user: User) -> dict[str, str]:
    """The header an API client sends with a new token of the user."""
    return {"Authorization": f"Token {api_token(user)}"}


# PostgreSQL thread races ---------------------------------------------------------------------

# A race test module's marks: real concurrency and row locks (SELECT ... FOR UPDATE) need
# PostgreSQL (`make test-postgres`, CI); SQLite has no row locks (its IMMEDIATE transactions
# serialize every writer instead). serialized_rollback: the flush after a transactional test
# would wipe the data migrations.
POSTGRES_RACE = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and real concurrency need PostgreSQL (make test-postgres)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(threads: int, work: Callable[[int], None]) -> list[BaseException]:
    """``work(0)`` … ``work(threads - 1)``, each in its own thread, all released at once; what
    they raised. Each thread closes its database connections when done."""
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def runner(index: int) -> None:
        try:
            start.wait()
            work(index)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    running = [threading.Thread(target=runner, args=(i,)) for i in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    return errors
