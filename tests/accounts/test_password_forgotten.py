"""Mot de passe oublié: a single-use link to the address on the account."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.constants import EventKind, RequestOutcome
from accounts.models import AccountEvent, User
from tests.accounts.conftest import CAPTCHA
from tests.accounts.helpers import token_from_outbox

pytestmark = pytest.mark.django_db
NEW = "Encore-un-secret-2025"


def ask(client: Client, run_on_commit: Any, matricule: str, cin: str) -> Any:
    return run_on_commit(
        client.post,
        reverse("password_forgotten"),
        {"matricule": matricule, "cin": cin, **CAPTCHA},
    )


def test_it_sends_a_link_to_the_address_on_the_account(
    client: Client, run_on_commit: Any, ready_member: User
) -> None:
    assert ready_member.member is not None
    response = ask(client, run_on_commit, ready_member.username, ready_member.member.cin.lower())
    assert response["Location"] == reverse("link_sent")
    assert mail.outbox[0].to == [ready_member.email]
    token = token_from_outbox()
    url = reverse("account_link", kwargs={"token": token})
    run_on_commit(client.post, url, {"new_password1": NEW, "new_password2": NEW})
    ready_member.refresh_from_db()
    assert ready_member.check_password(NEW)
    assert not ready_member.must_change_password
    assert AccountEvent.objects.filter(kind=EventKind.PASSWORD_RESET).exists()
    assert "modifié" in mail.outbox[-1].subject
    assert client.get(url).status_code == 410


def test_it_answers_the_same_for_an_unknown_matricule_or_a_wrong_cin(
    client: Client, run_on_commit: Any, ready_member: User
) -> None:
    unknown = ask(client, run_on_commit, "987654321", "AB1")
    wrong = ask(client, run_on_commit, ready_member.username, "ZZ1")
    assert unknown["Location"] == wrong["Location"] == reverse("link_sent")
    assert mail.outbox == []
    outcomes = set(
        AccountEvent.objects.filter(kind=EventKind.RESET_REQUESTED).values_list(
            "details__outcome", flat=True
        )
    )
    assert outcomes == {RequestOutcome.NO_ACCOUNT, RequestOutcome.CIN_MISMATCH}


def test_it_sends_nothing_to_a_disabled_account(
    client: Client, run_on_commit: Any, ready_member: User
) -> None:
    assert ready_member.member is not None
    User.objects.filter(pk=ready_member.pk).update(is_active=False)
    ask(client, run_on_commit, ready_member.username, ready_member.member.cin)
    assert mail.outbox == []
