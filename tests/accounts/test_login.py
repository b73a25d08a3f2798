"""Login with matricule, password and captcha; the session is rotated."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.constants import EventKind
from accounts.models import AccountEvent, User
from tests.accounts.conftest import CAPTCHA
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str = PASSWORD, **extra: str) -> Any:
    return client.post(
        reverse("login"), {"username": username, "password": password, **CAPTCHA, **extra}
    )


def test_it_logs_a_member_in_and_rotates_the_session(client: Client, ready_member: User) -> None:
    client.get(reverse("login"))
    session = client.session
    session["before"] = "x"
    session.save()
    before = session.session_key
    response = login(client, ready_member.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(ready_member.pk)
    event = AccountEvent.objects.get(kind=EventKind.LOGIN_SUCCEEDED)
    assert event.user == ready_member
    assert event.ip_address == "127.0.0.1"


def test_it_shows_a_captcha_image_with_a_refresh_button(client: Client, db: None) -> None:
    content = client.get(reverse("login")).content.decode()
    assert "/captcha/image/" in content
    assert "data-captcha-refresh" in content
    assert "/static/js/captcha.js" in content
    assert "<script>" not in content  # CSP: no inline script


def test_it_offers_a_question_in_words_instead_of_the_image(client: Client, db: None) -> None:
    from captcha.models import CaptchaStore

    content = client.get(reverse("login") + "?captcha_mode=text").content.decode()
    assert "Combien font" in content
    assert "/captcha/image/" not in content
    store = CaptchaStore.objects.latest("id")
    first, second = (int(part) for part in store.challenge.split("+"))
    assert store.response == str(first + second)


def test_it_accepts_the_right_answer_to_the_question_in_words(
    client: Client, ready_member: User, settings: object
) -> None:
    from captcha.models import CaptchaStore

    client.get(reverse("login") + "?captcha_mode=text")
    store = CaptchaStore.objects.latest("id")
    response = client.post(
        reverse("login"),
        {
            "username": ready_member.username,
            "password": PASSWORD,
            "captcha_0": store.hashkey,
            "captcha_1": store.response.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
            "captcha_mode": "text",
        },
    )
    assert response.status_code == 302


def test_it_refuses_a_wrong_password_without_saying_which_part_is_wrong(
    client: Client, ready_member: User
) -> None:
    response = login(client, ready_member.username, "wrong password!")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Matricule ou mot de passe incorrect" in content
    assert f"Après {settings.AXES_FAILURE_LIMIT} essais" in content
    assert f'value="{ready_member.username}"' in content
    assert "_auth_user_id" not in client.session
    assert AccountEvent.objects.filter(
        kind=EventKind.LOGIN_FAILED, matricule=ready_member.username
    ).exists()


def test_it_does_not_try_the_password_when_the_captcha_is_wrong(
    client: Client, ready_member: User
) -> None:
    response = login(client, ready_member.username, captcha_1="nope")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.exists()
    assert not AccountEvent.objects.filter(kind=EventKind.LOGIN_FAILED).exists()


def test_it_refuses_an_account_that_has_no_password_yet(client: Client, db: None) -> None:
    from tests.factories import MemberUserFactory

    user = MemberUserFactory.create(password="!unusable")
    response = login(client, user.username)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_logs_out_with_sortir(member_client: Client, ready_member: User) -> None:
    response = member_client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in member_client.session
    assert AccountEvent.objects.filter(kind=EventKind.LOGGED_OUT, user=ready_member).exists()


def test_it_shows_the_user_menu_of_the_header(member_client: Client, ready_member: User) -> None:
    content = member_client.get(reverse("home")).content.decode()
    assert "Utilisateur :" in content
    assert "Modifier mot de passe" in content
    assert "Sortir" in content
    assert ready_member.username in content
