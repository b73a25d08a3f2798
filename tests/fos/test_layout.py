"""The base layout: both languages, right-to-left Arabic, keyboard access, nothing from outside."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User

pytestmark = pytest.mark.django_db

CSS = Path(settings.BASE_DIR, "static", "css", "portal.css")


def switch_language(client: Client, language: str, next_url: str = "/") -> None:
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302


def test_it_serves_french_left_to_right_by_default(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Espace adhérent" in html


def test_it_switches_to_arabic_right_to_left_and_remembers_it(client: Client) -> None:
    switch_language(client, "ar")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    html = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "فضاء المنخرط" in html
    html_again = client.get("/").content.decode()
    assert 'dir="rtl"' in html_again


def test_it_switches_back_to_french(client: Client) -> None:
    switch_language(client, "ar")
    switch_language(client, "fr")
    assert '<html lang="fr" dir="ltr">' in client.get("/").content.decode()


def test_it_ignores_an_unknown_language(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert '<html lang="fr" dir="ltr">' in client.get("/").content.decode()


def test_it_remembers_the_choice_on_the_account(client: Client, member_user: User) -> None:
    client.force_login(member_user)
    switch_language(client, "ar")
    member_user.refresh_from_db()
    assert member_user.preferred_language == "ar"


def test_it_returns_to_the_page_it_came_from(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/accounts/login/"})
    assert response["Location"] == "/accounts/login/"


def test_it_never_redirects_to_another_host(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "https://evil.example/"})
    assert "evil.example" not in response["Location"]


def test_it_offers_a_skip_link_to_the_main_content(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html


def test_it_fits_a_phone(client: Client) -> None:
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in (
        client.get("/").content.decode()
    )


def test_it_calls_no_outside_host(client: Client) -> None:
    html = client.get("/").content.decode()
    outside = re.findall(r"""(?:src|href|action)=["'](?:https?:)?//[^"']+""", html)
    assert outside == []


def test_it_sends_a_content_security_policy_limited_to_itself(client: Client) -> None:
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "http" not in policy


def test_the_stylesheet_is_served_by_the_project(client: Client) -> None:
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200


def test_the_stylesheet_uses_only_logical_properties() -> None:
    css = CSS.read_text(encoding="utf-8")
    physical = re.findall(
        r"(?:margin|padding|border)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:"
        r"|text-align:\s*(?:left|right)|float:\s*(?:left|right)",
        css,
    )
    assert physical == []


def test_it_answers_the_health_check(client: Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
