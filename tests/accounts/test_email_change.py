"""An account's address changes only from the signed-in account, with the current password,
once the new address confirms it; the old address is told twice (asked, done)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.constants import EventKind, LinkPurpose
from accounts.models import AccountEvent, AccountLink, User
from tests.accounts.helpers import token_from_outbox
from tests.factories import PASSWORD
from tests.helpers import api_auth

pytestmark = pytest.mark.django_db
NEW_ADDRESS = "nouvelle.adresse@finances.gov.ma"


def ask(client: Client, run_on_commit: Any, password: str = PASSWORD, email: str = NEW_ADDRESS):
    return run_on_commit(
        client.post,
        reverse("email_change"),
        {"current_password": password, "new_email": email},
    )


def confirm(client: Client, run_on_commit: Any, token: str) -> Any:
    run_on_commit(client.get, reverse("account_link", kwargs={"token": token}))
    return run_on_commit(client.post, reverse("account_link", kwargs={"token": "set-password"}))


def test_it_changes_the_address_once_the_new_one_confirms(
    member_client: Client, ready_member: User, run_on_commit: Any
) -> None:
    old = ready_member.email
    response = ask(member_client, run_on_commit)
    assert response.status_code == 302
    assert {message.to[0] for message in mail.outbox} == {old, NEW_ADDRESS}
    notice = next(message for message in mail.outbox if message.to == [old])
    assert NEW_ADDRESS in str(notice.body)
    ready_member.refresh_from_db()
    assert ready_member.email == old  # not before the confirmation
    link = AccountLink.objects.get(user=ready_member)
    assert (link.purpose, link.email) == (LinkPurpose.EMAIL_CHANGE, NEW_ADDRESS)
    token = token_from_outbox(
        next(i for i, message in enumerate(mail.outbox) if message.to == [NEW_ADDRESS])
    )
    mail.outbox.clear()
    page = run_on_commit(member_client.get, reverse("account_link", kwargs={"token": token}))
    assert page.status_code == 302
    form = member_client.get(page["Location"])
    assert NEW_ADDRESS in form.content.decode()
    ready_member.refresh_from_db()
    assert ready_member.email == old  # opening the link is not confirming it
    done = run_on_commit(
        member_client.post, reverse("account_link", kwargs={"token": "set-password"})
    )
    assert done.status_code == 302
    ready_member.refresh_from_db()
    assert ready_member.email == NEW_ADDRESS
    assert [message.to for message in mail.outbox] == [[old]]
    event = AccountEvent.objects.get(kind=EventKind.EMAIL_CHANGED)
    assert event.details == {"old_email": old, "new_email": NEW_ADDRESS}
    history = member_client.get(reverse("account")).content.decode()
    assert f"Adresse du compte changée de {old} à {NEW_ADDRESS}" in history
    assert f"Lien de confirmation de la nouvelle adresse envoyé à {NEW_ADDRESS}" in history
    # single use
    assert confirm(Client(), run_on_commit, token).status_code == 410


def test_it_asks_for_the_current_password(
    member_client: Client, ready_member: User, run_on_commit: Any
) -> None:
    response = ask(member_client, run_on_commit, password="not the password")
    assert response.status_code == 200
    assert "Le mot de passe actuel est incorrect" in response.content.decode()
    assert mail.outbox == []
    assert not AccountLink.objects.exists()


def test_it_keeps_an_active_member_on_a_professional_address(
    member_client: Client, run_on_commit: Any
) -> None:
    response = ask(member_client, run_on_commit, email="perso@gmail.com")
    assert response.status_code == 200
    assert "adresse professionnelle" in response.content.decode()
    assert mail.outbox == []


def test_it_is_only_for_a_signed_in_account(client: Client, db: None) -> None:
    response = client.post(reverse("email_change"), {"new_email": NEW_ADDRESS})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_only_the_latest_request_can_be_confirmed(
    member_client: Client, ready_member: User, run_on_commit: Any
) -> None:
    ask(member_client, run_on_commit)
    first = token_from_outbox(-2 if mail.outbox[-1].to == [ready_member.email] else -1)
    ask(member_client, run_on_commit, email="autre@finances.gov.ma")
    assert confirm(Client(), run_on_commit, first).status_code == 410
    ready_member.refresh_from_db()
    assert ready_member.email != NEW_ADDRESS


def test_an_address_link_never_sets_a_password(ready_member: User, run_on_commit: Any) -> None:
    from accounts import services
    from accounts.requests import RequestInfo

    run_on_commit(
        services.request_email_change,
        user=ready_member,
        password=PASSWORD,
        new_email=NEW_ADDRESS,
        site_url="http://testserver/",
        info=RequestInfo(),
    )
    token = token_from_outbox(
        next(i for i, message in enumerate(mail.outbox) if message.to == [NEW_ADDRESS])
    )
    with pytest.raises(services.InvalidLinkError):
        services.set_password_from_link(
            token=token, password="Autre-secret-2025", info=RequestInfo()
        )


def test_the_api_changes_the_address_the_same_way(
    client: Client, ready_member: User, run_on_commit: Any
) -> None:
    headers = api_auth(ready_member)
    wrong = client.post(
        reverse("api_email_change"),
        {"current_password": "nope", "new_email": NEW_ADDRESS},
        headers=headers,
    )
    assert wrong.status_code == 400
    assert "current_password" in wrong.json()["field_errors"]
    response = run_on_commit(
        client.post,
        reverse("api_email_change"),
        {"current_password": PASSWORD, "new_email": NEW_ADDRESS},
        headers=headers,
    )
    assert response.status_code == 202
    assert {message.to[0] for message in mail.outbox} == {ready_member.email, NEW_ADDRESS}
    ready_member.refresh_from_db()
    assert ready_member.email != NEW_ADDRESS
    assert AccountEvent.objects.filter(kind=EventKind.EMAIL_CHANGE_REQUESTED).exists()


def test_a_change_past_the_link_limit_is_refused_on_its_field_and_audited(
    client: Client, member_client: Client, ready_member: User, run_on_commit: Any, settings: Any
) -> None:
    settings.ACCOUNT_LINKS_PER_HOUR = 1
    ask(member_client, run_on_commit)
    page = ask(member_client, run_on_commit, email="autre.adresse@finances.gov.ma")
    assert "Trop de liens ont été envoyés à ce compte" in page.content.decode()
    refused = client.post(
        reverse("api_email_change"),
        {"current_password": PASSWORD, "new_email": "troisieme@finances.gov.ma"},
        headers=api_auth(ready_member),
    )
    assert refused.status_code == 400
    assert list(refused.json()["field_errors"]) == ["new_email"]
    # Kept although the request was refused: the refusal is not rolled back with it.
    assert AccountEvent.objects.filter(kind=EventKind.LINK_LIMITED, user=ready_member).count() == 2
    assert AccountLink.objects.filter(purpose=LinkPurpose.EMAIL_CHANGE).count() == 1
