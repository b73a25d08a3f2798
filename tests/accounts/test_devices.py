"""API tokens per device: each sign-in its own token, seen and revoked by the member
("Mes appareils connectés", web and API); logout ends one, a password change or reset all."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.constants import EventKind
from accounts.models import AccountEvent, ApiToken, User
from tests.accounts.helpers import token_from_outbox
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NEW = "Un-tout-nouveau-secret-2025"


def sign_in(client: Client, user: User, device: str = "", agent: str = "FOSApp/2.1") -> str:
    data = {"matricule": user.username, "password": PASSWORD}
    if device:
        data["device"] = device
    response = client.post(reverse("api_token"), data, HTTP_USER_AGENT=agent)
    assert response.status_code == 200, response.content
    assert response.json()["expiry"]
    return str(response.json()["token"])


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Token {token}"}


def test_each_sign_in_gets_its_own_token(client: Client, ready_member: User) -> None:
    phone = sign_in(client, ready_member, device="Téléphone de Sami")
    tablet = sign_in(client, ready_member, agent="Mozilla/5.0 (Tablet)")
    assert phone != tablet
    for token in (phone, tablet):
        assert client.get(reverse("api_me"), headers=auth(token)).status_code == 200
    devices = client.get(reverse("api_devices"), headers=auth(phone)).json()
    assert {d["device"] for d in devices} == {"Téléphone de Sami", "Mozilla/5.0 (Tablet)"}
    assert [d["current"] for d in devices if d["device"] == "Téléphone de Sami"] == [True]
    assert all(phone not in str(d) and tablet not in str(d) for d in devices)
    assert AccountEvent.objects.filter(kind=EventKind.API_TOKEN_ISSUED).count() == 2


def test_the_member_revokes_a_device_through_the_api(client: Client, ready_member: User) -> None:
    phone = sign_in(client, ready_member, device="phone")
    lost = sign_in(client, ready_member, device="lost phone")
    devices = client.get(reverse("api_devices"), headers=auth(phone)).json()
    lost_id = next(d["id"] for d in devices if d["device"] == "lost phone")
    url = reverse("api_device_revoke", kwargs={"device_id": lost_id})
    assert client.delete(url, headers=auth(phone)).status_code == 204
    assert client.get(reverse("api_me"), headers=auth(lost)).status_code == 401
    assert client.get(reverse("api_me"), headers=auth(phone)).status_code == 200
    assert client.delete(url, headers=auth(phone)).status_code == 404
    event = AccountEvent.objects.get(kind=EventKind.API_TOKEN_REVOKED)
    assert event.details["device"] == "lost phone"


def test_nobody_revokes_another_members_device(
    client: Client, ready_member: User, other_member_user: User, terms: Any
) -> None:
    from accounts.models import TermsAcceptance

    TermsAcceptance.objects.create(user=other_member_user, version=terms)
    mine = sign_in(client, ready_member)
    theirs = sign_in(client, other_member_user)
    their_id = ApiToken.objects.get(user=other_member_user).public_id
    url = reverse("api_device_revoke", kwargs={"device_id": their_id})
    assert client.delete(url, headers=auth(mine)).status_code == 404
    member_client = Client()
    member_client.force_login(ready_member)
    member_client.post(reverse("device_revoke", kwargs={"device_id": their_id}))
    assert client.get(reverse("api_me"), headers=auth(theirs)).status_code == 200


def test_the_member_sees_and_revokes_devices_on_the_web(
    member_client: Client, ready_member: User
) -> None:
    token = sign_in(Client(), ready_member, device="Téléphone de Sami")
    page = member_client.get(reverse("devices"))
    content = page.content.decode()
    assert "Mes appareils connectés" in content
    assert "Téléphone de Sami" in content
    assert token not in content
    device_id = ApiToken.objects.get(user=ready_member).public_id
    response = member_client.post(reverse("device_revoke", kwargs={"device_id": device_id}))
    assert response.status_code == 302
    assert Client().get(reverse("api_me"), headers=auth(token)).status_code == 401
    assert (
        "Appareil déconnecté : Téléphone de Sami"
        in member_client.get(reverse("account")).content.decode()
    )


def test_the_devices_page_reads_a_fixed_number_of_queries(
    member_client: Client, ready_member: User
) -> None:
    sign_in(Client(), ready_member)
    with CaptureQueriesContext(connection) as one:
        member_client.get(reverse("devices"))
    for _ in range(5):
        sign_in(Client(), ready_member)
    with CaptureQueriesContext(connection) as six:
        member_client.get(reverse("devices"))
    assert len(six) == len(one)


def test_logout_ends_only_this_devices_token(client: Client, ready_member: User) -> None:
    phone = sign_in(client, ready_member, device="phone")
    tablet = sign_in(client, ready_member, device="tablet")
    assert client.post(reverse("api_logout"), headers=auth(phone)).status_code == 204
    assert client.get(reverse("api_me"), headers=auth(phone)).status_code == 401
    assert client.get(reverse("api_me"), headers=auth(tablet)).status_code == 200


def test_a_password_change_ends_every_token(
    client: Client, member_client: Client, ready_member: User
) -> None:
    phone = sign_in(client, ready_member)
    tablet = sign_in(client, ready_member)
    member_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    for token in (phone, tablet):
        assert client.get(reverse("api_me"), headers=auth(token)).status_code == 401
    assert not ApiToken.objects.filter(user=ready_member).exists()


def test_a_password_reset_ends_every_token(
    client: Client, ready_member: User, run_on_commit: Any
) -> None:
    assert ready_member.member is not None
    phone = sign_in(client, ready_member)
    run_on_commit(
        client.post,
        reverse("api_password_reset"),
        {"matricule": ready_member.username, "cin": ready_member.member.cin},
    )
    link = reverse("account_link", kwargs={"token": token_from_outbox()})
    browser = Client()
    browser.get(link)
    browser.post(
        reverse("account_link", kwargs={"token": "set-password"}),
        {"new_password1": NEW, "new_password2": NEW},
    )
    ready_member.refresh_from_db()
    assert ready_member.check_password(NEW)
    assert client.get(reverse("api_me"), headers=auth(phone)).status_code == 401


def test_the_api_password_change_keeps_only_the_new_token(
    client: Client, ready_member: User
) -> None:
    phone = sign_in(client, ready_member, device="phone")
    other = sign_in(client, ready_member, device="other")
    response = client.post(
        reverse("api_password_change"),
        {"current_password": PASSWORD, "new_password": NEW, "new_password_confirmation": NEW},
        headers=auth(phone),
    )
    assert response.status_code == 200
    assert response.json()["device"] == "phone"
    assert client.get(reverse("api_me"), headers=auth(other)).status_code == 401
    assert client.get(reverse("api_me"), headers=auth(phone)).status_code == 401
    new = response.json()["token"]
    assert client.get(reverse("api_me"), headers=auth(new)).status_code == 200


def test_another_members_device_is_not_found(
    client: Client, ready_member: User, other_member_user: User
) -> None:
    mine = sign_in(client, ready_member)
    ApiToken.objects.create(other_member_user, device="theirs")
    their_id = ApiToken.objects.get(user=other_member_user).public_id
    url = reverse("api_device_revoke", kwargs={"device_id": their_id})
    assert client.get(url, headers=auth(mine)).status_code == 404
    my_id = ApiToken.objects.get(user=ready_member).public_id
    own = client.get(reverse("api_device_revoke", kwargs={"device_id": my_id}), headers=auth(mine))
    assert own.json()["current"] is True
    browser = Client()
    browser.force_login(ready_member)
    web = browser.post(reverse("device_revoke", kwargs={"device_id": their_id}))
    assert web.status_code == 404
    assert ApiToken.objects.filter(user=other_member_user).exists()
