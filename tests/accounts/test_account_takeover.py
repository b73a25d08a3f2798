"""Issue 12, item 1: knowing a member's registry data (matricule, CIN, position, pension
number) never lets anyone point the account at another address.

The attack is replayed for every position, on the web form and on the API: the account keeps
its address, nothing reaches the attacker, and the owner is told at the address on file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.constants import EventKind, LinkPurpose, RequestOutcome
from accounts.models import AccountEvent, AccountLink, User
from registry.models import Member, Position
from tests.accounts.conftest import CAPTCHA
from tests.accounts.helpers import token_from_outbox
from tests.factories import MemberFactory, MemberUserFactory

pytestmark = pytest.mark.django_db
NEW = "Le-nouveau-secret-2025"


def attacker_address(position: str) -> str:
    # The forms ask an active member for a professional address: the attacker types one.
    return "intrus@finances.gov.ma" if position == Position.ACTIVE else "intrus@example.org"


def registration(member: Member, email: str) -> dict[str, str]:
    return {
        "matricule": member.matricule,
        "cin": member.cin,
        "position": member.position,
        "pension_number": member.pension_number,
        "email": email,
    }


def send_web(client: Client, run_on_commit: Callable[..., Any], data: dict[str, str]) -> Any:
    response = run_on_commit(client.post, reverse("register"), {**data, **CAPTCHA})
    assert response.status_code == 302
    assert response["Location"] == reverse("link_sent")
    return response


def send_api(client: Client, run_on_commit: Callable[..., Any], data: dict[str, str]) -> Any:
    response = run_on_commit(client.post, reverse("api_register"), data)
    assert response.status_code == 202
    return response


CHANNELS = {"web": send_web, "api": send_api}


def owner_of(position: str, **member: Any) -> User:
    pension = "P12345" if position == Position.RETIRED else ""
    return MemberUserFactory.create(
        member__position=position, member__pension_number=pension, **member
    )


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("position", Position.values)
def test_it_never_points_an_existing_account_at_the_typed_address(
    client: Client, run_on_commit: Any, channel: str, position: str
) -> None:
    owner = owner_of(position)
    assert owner.member is not None
    on_file = owner.email
    attacker = attacker_address(position)
    CHANNELS[channel](client, run_on_commit, registration(owner.member, attacker))

    owner.refresh_from_db()
    assert owner.email == on_file
    assert all(attacker not in message.to for message in mail.outbox)
    # The owner is told, at the address on file, with a link only they can open.
    assert [message.to for message in mail.outbox] == [[on_file]]
    assert "Quelqu'un a demandé à récupérer votre compte" in str(mail.outbox[0].body)
    link = AccountLink.objects.get(user=owner)
    assert link.email == on_file
    assert link.purpose == LinkPurpose.RESET
    event = AccountEvent.objects.get(kind=EventKind.REGISTRATION_REQUESTED)
    assert event.details["outcome"] == RequestOutcome.SENT_TO_ADDRESS_ON_FILE
    assert event.details["typed_email"] == attacker
    # The link, used by its owner, sets the password and leaves the address alone.
    token = token_from_outbox()
    url = reverse("account_link", kwargs={"token": token})
    Client().get(url)  # a mail scanner opening the link spends nothing
    run_on_commit(client.get, url)
    run_on_commit(
        client.post,
        reverse("account_link", kwargs={"token": "set-password"}),
        {"new_password1": NEW, "new_password2": NEW},
    )
    owner.refresh_from_db()
    assert owner.check_password(NEW)
    assert owner.email == on_file


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("position", Position.values)
def test_it_answers_as_for_anyone_else(
    client: Client, run_on_commit: Any, channel: str, position: str
) -> None:
    owner = owner_of(position)
    assert owner.member is not None
    typed = CHANNELS[channel](
        client, run_on_commit, registration(owner.member, attacker_address(position))
    )
    unknown = registration(owner.member, attacker_address(position)) | {"matricule": "999999"}
    other = CHANNELS[channel](client, run_on_commit, unknown)
    if channel == "api":
        assert typed.json() == other.json()
    else:
        assert typed["Location"] == other["Location"]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("position", Position.values)
def test_a_new_account_takes_only_the_registrys_address(
    client: Client, run_on_commit: Any, channel: str, position: str
) -> None:
    pension = "P12345" if position == Position.RETIRED else ""
    member = MemberFactory.create(
        position=position, pension_number=pension, professional_email="Agent.X@finances.gov.ma"
    )
    attacker = attacker_address(position)
    CHANNELS[channel](client, run_on_commit, registration(member, attacker))
    assert mail.outbox == []
    assert not AccountLink.objects.exists()
    event = AccountEvent.objects.get(kind=EventKind.REGISTRATION_REQUESTED)
    assert event.details["outcome"] == RequestOutcome.EMAIL_MISMATCH
    # The member, typing the registry's address in any case, gets the link there.
    CHANNELS[channel](client, run_on_commit, registration(member, "agent.x@FINANCES.gov.ma"))
    assert [message.to for message in mail.outbox] == [["agent.x@FINANCES.gov.ma"]]


@pytest.mark.parametrize("position", [Position.RETIRED, Position.SECONDED, Position.DISPOSAL])
def test_a_private_address_in_the_registry_is_the_only_one_accepted(
    client: Client, run_on_commit: Any, position: str
) -> None:
    pension = "P12345" if position == Position.RETIRED else ""
    member = MemberFactory.create(
        position=position,
        pension_number=pension,
        professional_email="",
        private_email="retraite@example.org",
    )
    send_web(client, run_on_commit, registration(member, "intrus@example.org"))
    assert mail.outbox == []
    send_web(client, run_on_commit, registration(member, "retraite@example.org"))
    assert [message.to for message in mail.outbox] == [["retraite@example.org"]]


def test_a_pending_account_with_an_address_is_written_to_at_that_address(
    client: Client, run_on_commit: Any
) -> None:
    member = MemberFactory.create(position=Position.SECONDED, professional_email="")
    send_web(client, run_on_commit, registration(member, "moi@example.org"))
    user = User.objects.get(member=member)
    User.objects.filter(pk=user.pk).update(email="moi@example.org")  # activated, then reset
    user.refresh_from_db()
    user.set_unusable_password()
    user.save()
    mail.outbox.clear()
    send_web(client, run_on_commit, registration(member, "intrus@example.org"))
    assert [message.to for message in mail.outbox] == [["moi@example.org"]]


def test_a_reset_link_never_moves_the_address(client: Client, run_on_commit: Any) -> None:
    owner = MemberUserFactory.create()
    assert owner.member is not None
    AccountLink.objects.create(
        user=owner,
        purpose=LinkPurpose.RESET,
        token_hash="0" * 64,
        email="ancien-lien@example.org",
        expires_at=owner.date_joined.replace(year=2999),
    )
    from accounts import services
    from accounts.requests import RequestInfo

    with pytest.raises(services.InvalidLinkError):
        services.set_password_from_link(token="x", password=NEW, info=RequestInfo())
    link = AccountLink.objects.get(user=owner)
    link.token_hash = services.hash_token("known")
    link.save()
    services.set_password_from_link(token="known", password=NEW, info=RequestInfo())
    owner.refresh_from_db()
    assert owner.email != "ancien-lien@example.org"


def test_the_owner_sees_every_link_in_the_account_history(
    client: Client, run_on_commit: Any, ready_member: User
) -> None:
    assert ready_member.member is not None
    send_web(client, run_on_commit, registration(ready_member.member, "intrus@finances.gov.ma"))
    client.force_login(ready_member)
    page = client.get(reverse("account")).content.decode()
    assert "Historique du compte" in page
    assert f"Lien pour choisir un nouveau mot de passe envoyé à {ready_member.email}" in page
    assert "intrus@" not in page
