"""Cache-Control: no-store on every answer that carries personal data (issue 12, item 7;
fos.middleware.PersonalDataNoStoreMiddleware): the dashboard, a dossier page, the API and the
public verification pages; static files keep their cache lifetime, and the anonymous home page,
which holds nothing personal, is left to the browser's usual rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from tests.backoffice.helpers import paying_service, sent_dossier

pytestmark = pytest.mark.django_db


def _no_store(response: Any) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_the_dashboard_is_not_stored(member_client: Client) -> None:
    response = member_client.get(reverse("home"))
    assert response.status_code == 200
    assert _no_store(response)
    assert "private" in response["Cache-Control"]


def test_a_dossier_page_is_not_stored(member_client: Client, ready_member: User) -> None:
    dossier = sent_dossier(ready_member, paying_service())
    response = member_client.get(reverse("dossier_detail", args=[dossier.pk]))
    assert response.status_code == 200
    assert _no_store(response)


def test_an_api_answer_is_not_stored(ready_member: User) -> None:
    api = APIClient()
    api.force_authenticate(ready_member)
    response = api.get("/api/v1/me/")
    assert response.status_code == 200
    assert _no_store(response)


def test_an_api_refusal_is_not_stored_either(client: Client) -> None:
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert _no_store(response)


def test_the_verify_pages_and_their_api_are_not_stored(client: Client) -> None:
    for url in ("/verify/forged/", "/verify/attestation/forged/", "/api/v1/verify/forged/"):
        assert _no_store(client.get(url)), url


def test_a_signed_in_member_s_other_pages_are_not_stored(member_client: Client) -> None:
    response = member_client.get(reverse("documents"))
    assert response.status_code == 200
    assert _no_store(response)


def test_a_static_file_keeps_its_cache_lifetime(client: Client) -> None:
    css = next((Path(settings.BASE_DIR) / "static" / "css").glob("*.css"))
    response = client.get(f"/static/css/{css.name}")
    assert response.status_code == 200
    assert not _no_store(response)
    assert "max-age=" in response["Cache-Control"]
    assert "max-age=0" not in response["Cache-Control"]


def test_the_anonymous_home_page_may_be_kept(client: Client) -> None:
    # Nothing personal on it: no no-store, so the back button and an intranet proxy may keep it.
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert not _no_store(response)
    assert "Cookie" in response["Vary"]  # a shared cache never gives it to a signed-in member
