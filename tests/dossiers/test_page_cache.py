"""The member pages' cache (dossiers/pagecache.py): a page comes back from the cache only while
nothing it shows has changed; each change, made through the portal's own services, shows at
the very next visit of the dashboard, the dossier list and the dossier page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from catalog.constants import BeneficiaryType
from catalog.models import Service
from dossiers import services
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from registry.models import Child
from tests.dossiers.factories import SentDossierFactory
from tests.dossiers.helpers import default_service

pytestmark = pytest.mark.django_db

PAGES = ("home", "dossier_list", "dossier_detail")


def url(name: str, dossier: Dossier) -> str:
    return reverse(name, args=[dossier.pk]) if name == "dossier_detail" else reverse(name)


def visit(client: Client, address: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def every_page(client: Client, dossier: Dossier) -> dict[str, str]:
    return {name: visit(client, url(name, dossier))[0] for name in PAGES}


@pytest.fixture
def sent(alice: User) -> Dossier:
    service, campaign = default_service("CONDOLEANCE")
    return SentDossierFactory.create(member=alice.member, service=service, campaign=campaign)


@pytest.mark.parametrize("name", PAGES)
def test_a_second_visit_reads_the_stamp_not_the_rows(
    alice_client: Client, sent: Dossier, name: str
) -> None:
    first, made = visit(alice_client, url(name, sent))
    again, kept = visit(alice_client, url(name, sent))
    assert len(kept) < len(made)
    assert not [sql for sql in kept if 'FROM "dossiers_dossier"' in sql]  # the ORM's reads
    assert not [sql for sql in kept if 'FROM "registry_child"' in sql]
    assert sent.number is not None and sent.number in again
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", again) == token.sub("", first)


@pytest.mark.parametrize("name", PAGES)
def test_an_agent_s_decision_shows_at_once(
    alice_client: Client, sent: Dossier, agent: User, name: str
) -> None:
    before, _ = visit(alice_client, url(name, sent))
    assert "En cours d&#x27;étude" not in before
    services.transition(dossier=sent, to=DossierStatus.IN_REVIEW, actor=agent)
    after, _ = visit(alice_client, url(name, sent))
    assert "En cours d&#x27;étude" in after


def test_the_payment_shows_on_every_page(alice_client: Client, sent: Dossier, agent: User) -> None:
    services.transition(dossier=sent, to=DossierStatus.IN_REVIEW, actor=agent)
    services.transition(dossier=sent, to=DossierStatus.APPROVED, actor=agent)
    assert all("Payée" not in html for html in every_page(alice_client, sent).values())
    services.transition(dossier=sent, to=DossierStatus.PAID, actor=None)
    assert all("Payée" in html for html in every_page(alice_client, sent).values())


def test_a_cancellation_shows_on_every_page(alice_client: Client, sent: Dossier) -> None:
    every_page(alice_client, sent)
    response = alice_client.post(reverse("dossier_cancel", args=[sent.pk]), {"reason": "Erreur"})
    assert response.status_code == 302
    pages = every_page(alice_client, sent)
    assert all("Annulée" in html for html in pages.values())
    assert "Annuler ma demande" not in pages["dossier_detail"]


def test_a_new_dossier_shows_on_the_dashboard_and_the_list(
    alice_client: Client, sent: Dossier, alice: User
) -> None:
    every_page(alice_client, sent)
    other = SentDossierFactory.create(member=alice.member, service=sent.service)
    pages = every_page(alice_client, sent)
    assert other.number is not None
    assert other.number in pages["home"] and other.number in pages["dossier_list"]


def test_a_child_renamed_in_the_registry_shows_on_the_list(
    alice_client: Client, alice: User
) -> None:
    assert alice.member is not None
    child = Child.objects.create(
        member=alice.member, first_name="Salma", birth_date=dt.date(2015, 3, 1), sex="F"
    )
    dossier = SentDossierFactory.create(
        member=alice.member, beneficiary_type=BeneficiaryType.CHILD, child=child
    )
    assert "Salma" in visit(alice_client, reverse("dossier_list"))[0]
    child.first_name = "Salima"
    child.save()
    assert "Salima" in visit(alice_client, reverse("dossier_list"))[0]
    assert "Salima" in visit(alice_client, reverse("dossier_detail", args=[dossier.pk]))[0]


def test_the_member_s_new_name_shows_on_the_dashboard(alice_client: Client, alice: User) -> None:
    assert alice.member is not None
    visit(alice_client, reverse("home"))
    alice.member.first_name = "Nouhaila"
    alice.member.save()
    assert "Bienvenue, <bdi>Nouhaila" in visit(alice_client, reverse("home"))[0]


def test_a_renamed_service_shows_on_every_page(alice_client: Client, sent: Dossier) -> None:
    every_page(alice_client, sent)
    service = Service.objects.get(pk=sent.service_id)
    service.name_fr = "Condoléances (nouveau nom)"
    service.save()
    assert all(
        "Condoléances (nouveau nom)" in html for html in every_page(alice_client, sent).values()
    )


def test_each_language_has_its_own_page(alice_client: Client, sent: Dossier) -> None:
    french, _ = visit(alice_client, reverse("home"))
    alice_client.cookies["fos_language"] = "ar"
    arabic, _ = visit(alice_client, reverse("home"))
    assert 'lang="ar"' in arabic and "Tableau de bord" not in arabic
    assert 'lang="fr"' in french and "Tableau de bord" in french


def test_the_day_moves_the_dashboard(alice_client: Client, sent: Dossier) -> None:
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(days=3))
    visit(alice_client, reverse("home"))
    _html, kept = visit(alice_client, reverse("home"))
    tomorrow = timezone.now() + dt.timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        _html, next_day = visit(alice_client, reverse("home"))
    assert len(next_day) > len(kept)  # made again: ages and the year's counts may have moved


def test_another_session_gets_its_own_csrf_token(alice: User, sent: Dossier) -> None:
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(alice)
    second.force_login(alice)
    address = reverse("dossier_detail", args=[sent.pk])
    visit(first, address)  # kept in the cache with the placeholder, not first's token
    html, _ = visit(second, address)
    cancel = reverse("dossier_cancel", args=[sent.pk])
    form = html[html.index(f'action="{cancel}"') :]  # the cached part's form, not the layout's
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    response = second.post(
        cancel,
        {"csrfmiddlewaretoken": token.group(1), "reason": ""},
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == DossierStatus.CANCELLED


def test_another_member_s_dossier_stays_404(alice_client: Client, bob: User, sent: Dossier) -> None:
    visit(alice_client, reverse("dossier_detail", args=[sent.pk]))
    bob_client = Client()
    bob_client.force_login(bob)
    assert bob_client.get(reverse("dossier_detail", args=[sent.pk])).status_code == 404
    assert bob_client.get(reverse("dossier_detail", args=[10**9])).status_code == 404


def test_it_can_be_turned_off(alice_client: Client, sent: Dossier, settings: Any) -> None:
    settings.PAGE_CACHE_SECONDS = 0
    visit(alice_client, reverse("home"))  # the catalogue's copy made
    _html, second = visit(alice_client, reverse("home"))
    _html, third = visit(alice_client, reverse("home"))
    assert len(third) == len(second)
    assert [sql for sql in third if 'FROM "dossiers_dossier"' in sql]


def test_a_new_dossier_leaves_the_other_dossier_pages_kept(
    alice_client: Client, alice: User, sent: Dossier
) -> None:
    address = reverse("dossier_detail", args=[sent.pk])
    visit(alice_client, address)
    SentDossierFactory.create(member=alice.member, service=sent.service, campaign=sent.campaign)
    _html, kept = visit(alice_client, address)
    assert not [sql for sql in kept if 'FROM "dossiers_dossierevent"' in sql]
    _html, made = visit(alice_client, reverse("home"))  # the dashboard lists it: made again
    assert [sql for sql in made if 'FROM "dossiers_dossier"' in sql]
