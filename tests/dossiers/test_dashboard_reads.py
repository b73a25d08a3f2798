"""What a dashboard reads on each visit: the member's own rows, fresh; the catalogue from the
process's snapshot (catalog/snapshot.py), rebuilt as soon as an administrator changes it; the
member's row once; the status labels without Django's per-call choices lookup."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from catalog.models import Campaign, Service
from dossiers import selectors
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from tests.dossiers.factories import SentDossierFactory
from tests.dossiers.helpers import default_service

pytestmark = pytest.mark.django_db


def visit(client: Client, url: str = "/") -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def reads(queries: list[str], table: str) -> int:
    return sum(f'FROM "{table}"' in sql for sql in queries)


def test_it_reads_the_catalogue_once_not_on_every_visit(alice_client: Client) -> None:
    _html, first = visit(alice_client)
    _html, second = visit(alice_client)
    assert reads(first, "catalog_rule") == 1
    assert reads(second, "catalog_service") == reads(second, "catalog_rule") == 0
    assert reads(second, "catalog_campaign") == 0


def test_an_administrator_s_change_shows_at_the_next_visit(alice_client: Client) -> None:
    visit(alice_client)
    service = Service.objects.get(code="INWI")
    service.name_fr = "Inwi, nouvelle offre"
    service.save()
    html, _queries = visit(alice_client)
    assert "Inwi, nouvelle offre" in html
    for campaign in Campaign.objects.filter(service=service):
        campaign.is_active = False
        campaign.save()
    html, _queries = visit(alice_client)
    assert "Aucune demande n&#x27;est ouverte en ce moment pour ce service." in html


def test_a_campaign_closes_on_time(alice: User) -> None:
    service, campaign = default_service("INWI")
    selectors.member_dashboard(alice)  # the snapshot is built with the campaign open
    after = campaign.closes_at + dt.timedelta(seconds=1)
    tile = next(
        t for t in selectors.member_dashboard(alice, at=after).tiles if t.service == service
    )
    assert campaign not in [offer.campaign for offer in tile.offers]


def test_what_no_signal_sees_shows_once_the_snapshot_is_old(
    alice_client: Client, settings: Any
) -> None:
    visit(alice_client)
    Service.objects.filter(code="INWI").update(name_fr="Changé en masse")  # no signal
    html, _queries = visit(alice_client)
    assert "Changé en masse" not in html
    settings.CATALOGUE_SNAPSHOT_SECONDS = 0
    html, _queries = visit(alice_client)
    assert "Changé en masse" in html


def test_it_reads_the_member_once(alice_client: Client, alice: User) -> None:
    SentDossierFactory.create(member=alice.member)
    _html, queries = visit(alice_client)
    assert reads(queries, "registry_member") == 1  # not again for the page header


def test_the_dossier_page_reads_the_member_once(alice_client: Client, alice: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    _html, queries = visit(alice_client, reverse("dossier_detail", args=[dossier.pk]))
    assert reads(queries, "registry_member") == 0  # joined to the dossier, not read again


def test_status_labels_skip_get_status_display(alice_client: Client, alice: User) -> None:
    service, campaign = default_service("CONDOLEANCE")
    SentDossierFactory.create_batch(
        3, member=alice.member, service=service, campaign=campaign, status=DossierStatus.PAID
    )
    with mock.patch.object(
        Dossier, "_get_FIELD_display", side_effect=AssertionError("hashes every label")
    ):
        for url in ("/", reverse("dossier_list")):
            html, _queries = visit(alice_client, url)
            assert "Payée" in html
