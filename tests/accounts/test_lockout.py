"""Failures lock the pair (matricule, address), and an address trying many accounts; never the
account for everyone. The member is told once when their account is under attack."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.constants import EventKind
from accounts.models import AccountEvent, User
from tests.accounts.conftest import CAPTCHA
from tests.factories import PASSWORD, MemberUserFactory

pytestmark = pytest.mark.django_db
HOME = "10.0.0.1"
ATTACKER = "10.6.6.6"


def login(client: Client, username: str, password: str = PASSWORD, ip: str = HOME) -> Any:
    return client.post(
        reverse("login"),
        {"username": username, "password": password, **CAPTCHA},
        REMOTE_ADDR=ip,
    )


def fail(client: Client, username: str, times: int, ip: str = HOME) -> Any:
    response = None
    for _ in range(times):
        response = login(client, username, "wrong password!", ip=ip)
    return response


def api_login(client: Client, username: str, password: str = PASSWORD, ip: str = HOME) -> Any:
    return client.post(
        reverse("api_token"), {"matricule": username, "password": password}, REMOTE_ADDR=ip
    )


def test_it_locks_the_pair_after_five_failures(client: Client, ready_member: User) -> None:
    assert fail(client, ready_member.username, 4, ip=ATTACKER).status_code == 200
    locked = fail(client, ready_member.username, 1, ip=ATTACKER)
    assert locked.status_code == 429
    content = locked.content.decode()
    assert "Connexion bloquée" in content
    assert "15 minutes" in content
    # even the right password is refused from that address during the lockout...
    assert login(client, ready_member.username, ip=ATTACKER).status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccountEvent.objects.filter(
        kind=EventKind.LOCKED_OUT, matricule=ready_member.username
    ).exists()
    # ... and the API from that address too
    assert api_login(Client(), ready_member.username, ip=ATTACKER).status_code == 429


@pytest.mark.parametrize("attack", ["web", "api"])
def test_someone_elses_failures_never_refuse_the_member(
    ready_member: User, attack: str, settings: Any
) -> None:
    attacker = Client()
    for _ in range(12):
        if attack == "web":
            login(attacker, ready_member.username, "wrong password!", ip=ATTACKER)
        else:
            api_login(attacker, ready_member.username, "wrong password!", ip=ATTACKER)
    assert login(attacker, ready_member.username, ip=ATTACKER).status_code == 429
    assert api_login(attacker, ready_member.username, ip=ATTACKER).status_code == 429
    # the member, from their usual address, on the web and the API
    assert login(Client(), ready_member.username, ip=HOME).status_code == 302
    token = api_login(Client(), ready_member.username, ip=HOME)
    assert token.status_code == 200, token.content


def test_many_addresses_cannot_lock_the_member_either(ready_member: User) -> None:
    for index in range(30):
        fail(Client(), ready_member.username, 4, ip=f"10.7.{index // 250}.{index % 250}")
    assert login(Client(), ready_member.username, ip=HOME).status_code == 302
    assert api_login(Client(), ready_member.username, ip=HOME).status_code == 200


def test_it_locks_an_address_trying_many_matricules(
    client: Client, ready_member: User, settings: Any
) -> None:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for index in range(8):
        login(client, f"99999{index}", "wrong password!", ip="10.9.9.9")
    assert login(client, ready_member.username, ip="10.9.9.9").status_code == 429
    assert api_login(Client(), ready_member.username, ip="10.9.9.9").status_code == 429
    assert login(client, ready_member.username, ip="10.9.9.10").status_code == 302


def test_a_few_failures_on_many_accounts_stay_below_the_address_limit(
    client: Client, ready_member: User
) -> None:
    for index in range(6):
        login(client, f"99999{index}", "wrong password!", ip="10.9.9.9")
    assert login(client, ready_member.username, ip="10.9.9.9").status_code == 302


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


def test_it_tells_the_member_once_when_their_account_is_under_attack(
    ready_member: User, run_on_commit: Any
) -> None:
    for index in range(3):
        run_on_commit(fail, Client(), ready_member.username, 4, ip=f"10.8.0.{index}")
    notices = [message for message in mail.outbox if message.to == [ready_member.email]]
    assert len(notices) == 1
    assert "échecs de connexion" in notices[0].subject
    assert "n'est pas bloqué" in str(notices[0].body)
    assert AccountEvent.objects.filter(kind=EventKind.ATTACK_NOTICE_SENT).count() == 1
    # a new window, a new notice
    AccountEvent.objects.filter(user=ready_member).update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    run_on_commit(fail, Client(), ready_member.username, 5, ip="10.8.1.1")
    assert len([m for m in mail.outbox if m.to == [ready_member.email]]) == 2


def test_a_few_mistakes_send_no_notice(ready_member: User, run_on_commit: Any) -> None:
    run_on_commit(fail, Client(), ready_member.username, 4)
    assert mail.outbox == []


def test_it_lets_an_administrator_unlock_and_logs_it(
    admin_client: Client, admin_user: User
) -> None:
    client = Client()
    member = MemberUserFactory.create()
    fail(client, member.username, 5, ip="10.1.1.1")
    assert login(client, member.username, ip="10.1.1.1").status_code == 429
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock", "_selected_action": [member.pk]},
    )
    assert response.status_code == 302
    event = AccountEvent.objects.get(kind=EventKind.UNLOCKED)
    assert event.user == member
    assert event.details["by"] == admin_user.username
    assert login(client, member.username, ip="10.1.1.1").status_code == 302
