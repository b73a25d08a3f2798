"""Another member's dossier is not there: 404 on every page and endpoint that takes an id."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from tests.dossiers.factories import DossierFactory, SentDossierFactory
from tests.helpers import api_token

pytestmark = pytest.mark.django_db

PAGES = [
    ("GET", "dossier_detail", ()),
    ("GET", "dossier_resume", ()),
    ("GET", "dossier_step", ("personal_data",)),
    ("POST", "dossier_step", ("personal_data",)),
    ("GET", "dossier_step", ("review",)),
    ("POST", "dossier_submit", ()),
    ("GET", "dossier_created", ()),
    ("GET", "dossier_originals", ()),
    ("POST", "dossier_cancel", ()),
    ("POST", "dossier_discard", ()),
    ("POST", "dossier_answer", ()),
]
ENDPOINTS = [
    ("get", "api_dossier"),
    ("post", "api_dossier_cancel"),
    ("post", "api_dossier_answer"),
]


@pytest.fixture(params=["draft", "sent", "documents_requested"])
def alices_dossier(request: pytest.FixtureRequest, alice: User) -> Dossier:
    if request.param == "draft":
        return DossierFactory.create(member=alice.member)
    status = DossierStatus(request.param if request.param != "sent" else "submitted")
    return SentDossierFactory.create(member=alice.member, status=status)


@pytest.mark.parametrize(("method", "name", "extra"), PAGES)
def test_every_page_is_404_for_another_member(
    bob_client: Client, alices_dossier: Dossier, method: str, name: str, extra: tuple[str, ...]
) -> None:
    url = reverse(name, args=[alices_dossier.pk, *extra])
    response = bob_client.get(url) if method == "GET" else bob_client.post(url, {"next": "1"})
    assert response.status_code == 404
    before = alices_dossier.status
    alices_dossier.refresh_from_db()
    assert alices_dossier.status == before


@pytest.mark.parametrize(("method", "name"), ENDPOINTS)
def test_every_endpoint_is_404_for_another_member(
    bob: User, alices_dossier: Dossier, method: str, name: str
) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(bob)}")
    url = reverse(name, args=[alices_dossier.pk])
    response = api.get(url) if method == "get" else api.post(url, {"documents": [1]}, format="json")
    assert response.status_code == 404


def test_the_owner_reaches_the_same_pages(alice_client: Client, alice: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    assert alice_client.get(reverse("dossier_detail", args=[dossier.pk])).status_code == 200
    assert alice_client.get(reverse("dossier_created", args=[dossier.pk])).status_code == 200


def test_another_members_dossier_is_not_in_the_lists(
    bob_client: Client, alice: User, bob: User
) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    assert str(dossier.number) not in bob_client.get(reverse("dossier_list")).content.decode()
    assert str(dossier.number) not in bob_client.get(reverse("home")).content.decode()
    api = APIClient()
    api.force_authenticate(bob)
    assert api.get(reverse("api_dossiers")).json()["count"] == 0


def test_staff_do_not_get_member_pages(client: Client, alice: User, agent: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    client.force_login(agent)
    from tests.accounts.conftest import verify_otp

    verify_otp(client, agent)
    assert client.get(reverse("dossier_detail", args=[dossier.pk])).status_code in (403, 404)


def test_an_anonymous_visitor_is_sent_to_the_login(client: Client, alice: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    response = client.get(reverse("dossier_detail", args=[dossier.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
