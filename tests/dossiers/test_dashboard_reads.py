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
from dossiers.services import transition
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


def test_the_dossier_page_reads_neither_the_member_nor_the_service_again(
    alice_client: Client, alice: User, agent: User
) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    transition(dossier=dossier, to=DossierStatus.IN_REVIEW, actor=agent)
    selectors.snapshot.current()  # the catalogue as every visit finds it
    html, queries = visit(alice_client, reverse("dossier_detail", args=[dossier.pk]))
    # The member's names come with the page's stamp, the service from the catalogue snapshot,
    # and the timeline does not say which agent acted.
    assert not any(f'"{table}"' in sql for sql in queries for table in ("registry_member",))
    assert reads(queries, "catalog_service") == 0
    assert not any('"accounts_user"' in sql and "dossiers_dossierevent" in sql for sql in queries)
    assert dossier.service.name in html
    member = alice.member
    assert member is not None and f"{member.last_name} {member.first_name}" in html
    assert "En cours d&#x27;étude" in html
    assert agent.get_username() not in html


def test_the_dossier_page_of_a_service_turned_off_reads_the_service(
    alice_client: Client, alice: User
) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    Service.objects.filter(pk=dossier.service_id).update(is_active=False, name_fr="Ancien service")
    selectors.snapshot.invalidate()
    html, queries = visit(alice_client, reverse("dossier_detail", args=[dossier.pk]))
    assert reads(queries, "catalog_service") >= 1
    assert "Ancien service" in html


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
