"""Following an emailed link sets the password, once, within its validity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.constants import EventKind
from accounts.models import AccountEvent, AccountLink, User
from tests.accounts.conftest import CAPTCHA
from tests.accounts.helpers import token_from_outbox
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Un-mot-de-passe-solide-42"


@pytest.fixture
def token(client: Client, run_on_commit: Any) -> str:
    member = MemberFactory.create()
    run_on_commit(
        client.post,
        reverse("register"),
        {
            "matricule": member.matricule,
            "cin": member.cin,
            "position": member.position,
            "email": f"{member.matricule}@finances.gov.ma",
            **CAPTCHA,
        },
    )
    return token_from_outbox()


def set_password(client: Client, token: str, password: str = NEW_PASSWORD) -> Any:
    url = reverse("account_link", kwargs={"token": token})
    return client.post(url, {"new_password1": password, "new_password2": password})


def test_it_sets_the_password_and_asks_for_a_change_at_first_login(
    client: Client, token: str
) -> None:
    page = client.get(reverse("account_link", kwargs={"token": token}), follow=True)
    assert page.status_code == 200
    assert page.redirect_chain == [(reverse("account_link", kwargs={"token": "set-password"}), 302)]
    assert token not in page.content.decode()
    response = set_password(client, token)
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    user = User.objects.get(links__isnull=False)
    assert user.check_password(NEW_PASSWORD)
    assert user.must_change_password
    assert user.email.endswith("@finances.gov.ma")
    assert AccountEvent.objects.filter(user=user, kind=EventKind.ACTIVATED).exists()


@override_settings(ACCOUNT_FORCE_PASSWORD_CHANGE_AFTER_ACTIVATION=False)
def test_it_can_skip_the_forced_change_by_setting(client: Client, token: str) -> None:
    set_password(client, token)
    assert not User.objects.get(links__isnull=False).must_change_password


def test_it_refuses_a_link_used_twice(client: Client, token: str) -> None:
    set_password(client, token)
    again = client.get(reverse("account_link", kwargs={"token": token}))
    assert again.status_code == 410
    assert "plus valable" in again.content.decode()
    posted = set_password(client, token, "Autre-mot-de-passe-77")
    assert posted.status_code == 410
    assert User.objects.get(links__isnull=False).check_password(NEW_PASSWORD)
    event = AccountEvent.objects.filter(kind=EventKind.LINK_REJECTED).first()
    assert event is not None and event.details["reason"] == "used"


def test_it_refuses_an_expired_link(client: Client, token: str) -> None:
    AccountLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(reverse("account_link", kwargs={"token": token})).status_code == 410
    assert set_password(client, token).status_code == 410
    assert not User.objects.get(links__isnull=False).has_usable_password()


def test_it_reads_the_validity_from_settings(
    client: Client, run_on_commit: Any, settings: Any
) -> None:
    settings.ACCOUNT_LINK_VALIDITY_HOURS = 2
    member = MemberFactory.create()
    run_on_commit(
        client.post,
        reverse("register"),
        {
            "matricule": member.matricule,
            "cin": member.cin,
            "position": member.position,
            "email": f"{member.matricule}@finances.gov.ma",
            **CAPTCHA,
        },
    )
    link = AccountLink.objects.get()
    assert link.expires_at - link.created_at < dt.timedelta(hours=2, minutes=1)
    assert "2 heures" in mail.outbox[0].body


def test_it_refuses_an_unknown_token(client: Client, db: None) -> None:
    assert client.get(reverse("account_link", kwargs={"token": "nope"})).status_code == 410


def test_it_keeps_the_link_when_the_password_is_too_weak(client: Client, token: str) -> None:
    response = set_password(client, token, "court1")
    assert response.status_code == 200
    assert "10" in response.content.decode()  # the minimum length is named
    assert AccountLink.objects.get().used_at is None


def test_it_spends_every_other_open_link_of_the_account(
    client: Client, token: str, run_on_commit: Any
) -> None:
    user = User.objects.get(links__isnull=False)
    assert user.member is not None
    run_on_commit(
        client.post,
        reverse("register"),
        {
            "matricule": user.member.matricule,
            "cin": user.member.cin,
            "position": user.member.position,
            "email": f"{user.member.matricule}@finances.gov.ma",
            **CAPTCHA,
        },
    )
    second = token_from_outbox()
    set_password(client, second)
    assert client.get(reverse("account_link", kwargs={"token": token})).status_code == 410


def test_it_keeps_the_token_out_of_the_page_address(client: Client, token: str) -> None:
    """The form is posted from a token-free address with the portal's referrer policy, so a
    browser sends a real Origin header (a no-referrer page sends "null" and fails CSRF)."""
    client.get(reverse("account_link", kwargs={"token": token}))
    set_password_url = reverse("account_link", kwargs={"token": "set-password"})
    page = client.get(set_password_url)
    assert page.status_code == 200
    assert "Referrer-Policy" not in page or page["Referrer-Policy"] != "no-referrer"
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("login")
    assert User.objects.get(links__isnull=False).check_password(NEW_PASSWORD)
    assert client.get(set_password_url).status_code == 410


def test_it_refuses_the_token_free_address_without_a_link(client: Client) -> None:
    response = client.get(reverse("account_link", kwargs={"token": "set-password"}))
    assert response.status_code == 410
