"""The captcha's question in words can be switched back to the image, and each mode survives a
failed post (issue 13, item 7), on every form that has the captcha."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db
CAPTCHA_FORMS = ["login", "register", "password_forgotten", "membership_apply"]


def is_text_mode(html: str) -> bool:
    return "Combien font" in html and "/captcha/image/" not in html


def is_image_mode(html: str) -> bool:
    return "/captcha/image/" in html and "Combien font" not in html


@pytest.mark.parametrize("name", CAPTCHA_FORMS)
def test_it_switches_from_the_question_back_to_the_image(client: Client, name: str) -> None:
    html = client.get(reverse(name) + "?captcha_mode=text").content.decode()
    assert is_text_mode(html)
    assert 'href="?captcha_mode=image"' in html
    assert 'name="captcha_mode" value="text"' in html
    html = client.get(reverse(name) + "?captcha_mode=image").content.decode()
    assert is_image_mode(html)
    assert 'href="?captcha_mode=text"' in html
    assert 'name="captcha_mode" value="image"' in html


def test_the_switch_keeps_where_the_login_leads(client: Client) -> None:
    html = client.get(reverse("login") + "?next=/dossiers/&captcha_mode=text").content.decode()
    assert 'href="?next=%2Fdossiers%2F&amp;captcha_mode=image"' in html


@pytest.mark.parametrize("mode", ["text", "image"])
def test_a_failed_login_keeps_the_captcha_mode(
    client: Client, ready_member: User, mode: str
) -> None:
    response = client.post(
        reverse("login") + f"?captcha_mode={mode}",
        {
            "username": ready_member.username,
            "password": "whatever",
            "captcha_0": "unknown",
            "captcha_1": "nope",
            "captcha_mode": mode,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "_auth_user_id" not in client.session
    assert (is_text_mode if mode == "text" else is_image_mode)(html)
    assert f'name="captcha_mode" value="{mode}"' in html


@pytest.mark.parametrize("mode", ["text", "image"])
@pytest.mark.parametrize("name", ["register", "password_forgotten", "membership_apply"])
def test_a_failed_form_keeps_the_captcha_mode(client: Client, name: str, mode: str) -> None:
    response = client.post(reverse(name), {"captcha_1": "nope", "captcha_mode": mode})
    html = response.content.decode()
    assert (is_text_mode if mode == "text" else is_image_mode)(html)
    assert f'name="captcha_mode" value="{mode}"' in html
