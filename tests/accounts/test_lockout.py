"""After 5 failures for one matricule or from one address: locked 15 minutes, and logged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.constants import EventKind
from accounts.models import AccountEvent, User
from tests.accounts.conftest import CAPTCHA
from tests.factories import PASSWORD, MemberUserFactory

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str = PASSWORD, ip: str = "10.0.0.1") -> Any:
    return client.post(
        reverse("login"),
        {"username": username, "password": password, **CAPTCHA},
        REMOTE_ADDR=ip,
    )


def fail(client: Client, username: str, times: int, ip: str = "10.0.0.1") -> Any:
    response = None
    for _ in range(times):
        response = login(client, username, "wrong password!", ip=ip)
    return response


def test_it_locks_a_matricule_after_five_failures(client: Client, ready_member: User) -> None:
    assert fail(client, ready_member.username, 4).status_code == 200
    locked = fail(client, ready_member.username, 1)
    assert locked.status_code == 429
    content = locked.content.decode()
    assert "Connexion bloquée" in content
    assert "15 minutes" in content
    # even the right password, and even from another address, is refused during the lockout
    assert login(client, ready_member.username, ip="10.0.0.2").status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccountEvent.objects.filter(
        kind=EventKind.LOCKED_OUT, matricule=ready_member.username
    ).exists()


def test_it_locks_an_address_trying_many_matricules(client: Client, ready_member: User) -> None:
    for index in range(5):
        login(client, f"99999{index}", "wrong password!", ip="10.9.9.9")
    assert login(client, ready_member.username, ip="10.9.9.9").status_code == 429
    assert login(client, ready_member.username, ip="10.9.9.10").status_code == 302


def test_it_lifts_the_lockout_after_the_cool_off(client: Client, ready_member: User) -> None:
    fail(client, ready_member.username, 5)
    assert login(client, ready_member.username).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert login(client, ready_member.username).status_code == 302


def test_it_reads_the_limit_from_settings(
    client: Client, ready_member: User, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    fail(client, ready_member.username, 1)
    assert fail(client, ready_member.username, 1).status_code == 429


def test_it_lets_an_administrator_unlock_and_logs_it(
    admin_client: Client, admin_user: User
) -> None:
    client = Client()
    member = MemberUserFactory.create()
    fail(client, member.username, 5, ip="10.1.1.1")
    assert login(client, member.username, ip="10.1.1.2").status_code == 429
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock", "_selected_action": [member.pk]},
    )
    assert response.status_code == 302
    event = AccountEvent.objects.get(kind=EventKind.UNLOCKED)
    assert event.user == member
    assert event.details["by"] == admin_user.username
    assert login(client, member.username, ip="10.1.1.2").status_code == 302
