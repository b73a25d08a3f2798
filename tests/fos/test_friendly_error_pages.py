"""Friendly 403, 404 and 500 pages in the visitor's language, with the portal's layout
(issue 13, item 7), also in the development run where DEBUG is on (fos.middleware)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User

pytestmark = pytest.mark.django_db
FRIENDLY_404 = "fos.middleware.FriendlyNotFoundMiddleware"
LANGUAGES = [("fr", 'lang="fr" dir="ltr"'), ("ar", 'lang="ar" dir="rtl"')]


def visitor(language: str, *, by: str = "header") -> Client:
    client = Client(raise_request_exception=False)
    if by == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


@pytest.fixture
def failing_views(settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.fos.error_urls"


@pytest.fixture
def development(settings: Any, failing_views: None) -> None:
    """The development profile: DEBUG on, with the middleware that keeps the portal's 404."""
    settings.DEBUG = True
    middleware = list(settings.MIDDLEWARE)
    if FRIENDLY_404 not in middleware:
        after = middleware.index("django.contrib.messages.middleware.MessageMiddleware")
        middleware.insert(after + 1, FRIENDLY_404)
    settings.MIDDLEWARE = middleware


@pytest.mark.parametrize(("language", "html_attributes"), LANGUAGES)
@pytest.mark.parametrize("by", ["header", "cookie"])
def test_it_answers_an_unknown_address_with_the_portal_404_page(
    language: str, html_attributes: str, by: str
) -> None:
    response = visitor(language, by=by).get("/nowhere/")
    assert response.status_code == 404
    html = response.content.decode()
    assert html_attributes in html
    assert 'class="site-header"' in html  # the layout of base.html
    assert "/static/favicon.ico" in html
    assert {"fr": "Retour à l'accueil", "ar": "العودة إلى الرئيسية"}[language] in html
    assert "Using the URLconf" not in html


@pytest.mark.parametrize(("language", "html_attributes"), LANGUAGES)
def test_it_answers_a_forbidden_page_with_the_portal_403_page(
    ready_member: User, language: str, html_attributes: str
) -> None:
    client = visitor(language)
    client.force_login(ready_member)
    response = client.get("/backoffice/")
    assert response.status_code == 403
    html = response.content.decode()
    assert html_attributes in html
    assert 'class="site-header"' in html
    expected = {"fr": "Accès refusé", "ar": "الولوج مرفوض"}[language]
    assert expected in html


@pytest.mark.parametrize(("language", "html_attributes"), LANGUAGES)
def test_it_answers_a_bug_with_the_standalone_500_page(
    failing_views: None, language: str, html_attributes: str
) -> None:
    response = visitor(language).get("/test-errors/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert html_attributes in html
    assert 'class="site-header"' in html
    assert "/static/favicon.ico" in html
    expected = {"fr": "Erreur du portail", "ar": "خطأ في البوابة"}[language]
    assert expected in html


@pytest.mark.parametrize(("language", "html_attributes"), LANGUAGES)
def test_in_development_an_unknown_address_still_gets_the_portal_page(
    development: None, language: str, html_attributes: str
) -> None:
    response = visitor(language).get("/nowhere/")
    assert response.status_code == 404
    html = response.content.decode()
    assert html_attributes in html
    assert 'class="site-header"' in html
    assert "Using the URLconf" not in html


def test_in_development_a_view_raising_http404_gets_the_portal_page(development: None) -> None:
    response = visitor("fr").get("/test-errors/missing/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert "no such dossier" not in html


def test_in_development_a_bug_keeps_django_traceback_page(development: None) -> None:
    response = visitor("fr").get("/test-errors/boom/")
    assert response.status_code == 500
    assert "Traceback" in response.content.decode()


def test_in_development_the_api_keeps_its_json_404(development: None) -> None:
    response = visitor("fr").get("/api/v1/nowhere/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_in_development_an_address_without_its_slash_is_still_redirected(
    development: None,
) -> None:
    response = visitor("fr").get("/accounts/login")
    assert response.status_code == 301
    assert response["Location"] == "/accounts/login/"
