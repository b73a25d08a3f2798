"""Staff must use a TOTP second factor; members may turn it on; roles stay apart."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.constants import EventKind
from accounts.models import AccountEvent, User
from tests.accounts.conftest import CAPTCHA, verify_otp
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, drift: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{code:06d}"


def reset_throttle(device: TOTPDevice) -> None:
    """django-otp makes each refused code wait longer; tests do not wait."""
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()


@pytest.fixture
def agent(db: None) -> User:
    user = UserFactory.create(username="agent1", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.AGENTS))
    return user


def login(client: Client, user: User) -> Any:
    return client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD, **CAPTCHA}
    )


def test_it_creates_the_staff_role_groups() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.STAFF_GROUPS)


def test_it_sends_staff_without_a_device_to_the_setup(client: Client, agent: User) -> None:
    login(client, agent)
    assert client.get(reverse("home"))["Location"] == reverse("otp_setup")
    assert client.get(reverse("admin:index"))["Location"] == reverse("otp_setup")


def test_it_lets_staff_set_up_a_device_with_a_qr_code(client: Client, agent: User) -> None:
    login(client, agent)
    page = client.get(reverse("otp_setup"))
    content = page.content.decode()
    assert "<svg" in content
    assert "obligatoire pour le personnel" in content
    device = TOTPDevice.objects.get(user=agent, confirmed=False)
    wrong = client.post(reverse("otp_setup"), {"code": "000000"})
    assert wrong.status_code == 200
    reset_throttle(device)
    response = client.post(reverse("otp_setup"), {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("admin:index")).status_code == 200
    assert AccountEvent.objects.filter(kind=EventKind.OTP_ENABLED, user=agent).exists()


def test_it_asks_staff_with_a_device_for_a_code_at_every_login(client: Client, agent: User) -> None:
    device = TOTPDevice.objects.create(user=agent, name="default", confirmed=True)
    login(client, agent)
    assert client.get(reverse("admin:index"))["Location"] == reverse("otp_verify")
    # the password alone never replaces the device
    assert client.get(reverse("otp_setup"))["Location"] == reverse("otp_verify")
    refused = client.post(reverse("otp_verify"), {"code": "123456"})
    assert refused.status_code == 200
    assert AccountEvent.objects.filter(kind=EventKind.OTP_FAILED).exists()
    reset_throttle(device)
    assert client.post(reverse("otp_verify"), {"code": code_for(device)}).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_it_never_shows_staff_the_member_pages(client: Client, agent: User) -> None:
    client.force_login(agent)
    verify_otp(client, agent)
    assert client.get(reverse("terms")).status_code == 403
    assert client.get(reverse("home"))["Location"] == reverse("backoffice:home")


def test_it_refuses_staff_pages_to_members(member_client: Client) -> None:
    assert member_client.get(reverse("admin:index")).status_code == 403
    assert member_client.get("/backoffice/").status_code == 403


def test_it_sends_visitors_of_staff_pages_to_the_portal_login(client: Client, db: None) -> None:
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("login"))
    assert client.get("/admin/login/")["Location"].startswith(reverse("login"))


def test_it_lets_a_member_turn_the_second_factor_on_and_off(
    member_client: Client, ready_member: User
) -> None:
    assert "Activer" in member_client.get(reverse("account")).content.decode()
    member_client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=ready_member)
    member_client.post(reverse("otp_setup"), {"code": code_for(device)})
    assert member_client.get(reverse("home")).status_code == 200
    # a new login asks for the code
    other = Client()
    login(other, ready_member)
    assert other.get(reverse("home"))["Location"] == reverse("otp_verify")
    member_client.post(reverse("otp_disable"))
    assert not TOTPDevice.objects.filter(user=ready_member).exists()
    assert AccountEvent.objects.filter(kind=EventKind.OTP_DISABLED).exists()


def test_it_keeps_the_second_factor_of_staff(client: Client, agent: User) -> None:
    client.force_login(agent)
    verify_otp(client, agent)
    client.post(reverse("otp_disable"))
    assert TOTPDevice.objects.filter(user=agent).exists()


def test_it_asks_the_api_for_a_code_from_staff(client: Client, agent: User) -> None:
    device = TOTPDevice.objects.create(user=agent, name="default", confirmed=True)
    url = reverse("api_token")
    without = client.post(url, {"matricule": agent.username, "password": PASSWORD})
    assert without.status_code == 403
    assert without.json()["code"] == "otp_required"
    wrong = client.post(
        url, {"matricule": agent.username, "password": PASSWORD, "otp_token": "000000"}
    )
    assert wrong.json()["code"] == "otp_invalid"
    reset_throttle(device)
    right = client.post(
        url, {"matricule": agent.username, "password": PASSWORD, "otp_token": code_for(device)}
    )
    assert right.status_code == 200
    token = right.json()["token"]
    me = client.get(reverse("api_me"), HTTP_AUTHORIZATION=f"Token {token}")
    assert me.json()["is_staff"] is True
    terms = client.get(reverse("api_terms"), HTTP_AUTHORIZATION=f"Token {token}")
    assert terms.status_code == 403
    assert terms.json()["code"] == "member_only"
