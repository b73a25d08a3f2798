"""The member's home: a tile per service with why not, the recent dossiers, in fixed queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from catalog import snapshot
from catalog.models import Service
from catalog.services import open_due_campaigns
from tests.dossiers.factories import SentDossierFactory, open_campaign
from tests.dossiers.helpers import default_service, post_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _this_years_campaigns(db: None) -> None:
    # What the daily task has done by now, whatever today is (the migrations ran on another day).
    open_due_campaigns()


def test_it_is_the_home_of_a_signed_in_member(alice_client: Client) -> None:
    response = alice_client.get(reverse("home"))
    html = response.content.decode()
    assert "Tableau de bord" in html
    for service in Service.objects.filter(is_active=True):
        assert reverse("service_detail", args=[service.code]) in html


def test_anonymous_visitors_get_the_public_home(client: Client) -> None:
    html = client.get(reverse("home")).content.decode()
    assert "Tableau de bord" not in html
    assert reverse("login") in html


def test_staff_get_the_public_home_with_their_link(client: Client) -> None:
    staff = UserFactory.create(is_staff=True)
    client.force_login(staff)
    from tests.accounts.conftest import verify_otp

    verify_otp(client, staff)
    html = client.get(reverse("home")).content.decode()
    assert "Tableau de bord" not in html


def test_a_service_the_member_cannot_use_says_why(alice_client: Client) -> None:
    html = alice_client.get(reverse("home")).content.decode()
    # alice works in Rabat's central services: no air-transport support
    assert "Ce service est réservé aux adhérents affectés dans : Services extérieurs." in html


def test_a_service_the_member_can_use_says_requests_are_open(
    alice_client: Client, alice: User
) -> None:
    post_in(alice, "oujda-angad")
    html = alice_client.get(reverse("home")).content.decode()
    assert "Demandes ouvertes" in html


def test_it_lists_the_recent_dossiers_with_their_status(alice_client: Client, alice: User) -> None:
    service, campaign = default_service("CONDOLEANCE")
    dossier = SentDossierFactory.create(member=alice.member, service=service, campaign=campaign)
    html = alice_client.get(reverse("home")).content.decode()
    assert dossier.number is not None and dossier.number in html
    assert "Envoyée" in html


def _queries(client: Client) -> int:
    snapshot.invalidate()  # every count reads the catalogue afresh, as after a change
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_it_reads_the_same_number_of_queries_with_1_or_200_dossiers(
    alice_client: Client, alice: User, settings: Any
) -> None:
    settings.PAGE_CACHE_SECONDS = 0  # the page as made, not as kept (test_page_cache.py)
    service, campaign = default_service("CONDOLEANCE")
    SentDossierFactory.create(member=alice.member, service=service, campaign=campaign)
    _queries(alice_client)  # the session's expiry pushed (fos/sessions.py): not in the counts
    with_one = _queries(alice_client)
    other = open_campaign(Service.objects.get(code="AIDE_SANTE"))
    SentDossierFactory.create_batch(199, member=alice.member, service=other.service, campaign=other)
    assert _queries(alice_client) == with_one


def test_it_reads_right_to_left_in_arabic(alice_client: Client) -> None:
    alice_client.cookies["fos_language"] = "ar"
    html = alice_client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in html
    assert "دعم النقل الجوي" in html  # service names in Arabic
