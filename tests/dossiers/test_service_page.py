"""A service's page: what can be asked now and what it needs, the history, the conditions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from catalog.models import Service
from dossiers.constants import DossierStatus
from tests.dossiers.factories import SentDossierFactory, closed_campaign
from tests.dossiers.helpers import default_service, post_in
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def page(client: Client, code: str) -> str:
    response = client.get(reverse("service_detail", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_open_campaigns_what_they_need_and_the_button(
    alice_client: Client, alice: User
) -> None:
    post_in(alice, "nador")
    _service, campaign = default_service("TRANS_AIR")
    html = page(alice_client, "TRANS_AIR")
    assert "Demandes disponibles" in html
    assert campaign.name in html
    assert "Carte d&#x27;embarquement" in html
    assert reverse("dossier_start", args=["TRANS_AIR", campaign.pk]) in html
    assert "Demander" in html
    assert "Circulaire et conditions" in html
    assert "au plus 4 allers-retours par an" in html


def test_it_shows_the_originals_and_the_invoice_window(alice_client: Client) -> None:
    # the stay's own campaigns run from July to December: one open whatever today is
    _service, campaign = default_service("ESTIVAGE")
    campaign.invoice_date_to = timezone.localdate()
    campaign.invoice_date_from = campaign.invoice_date_to - dt.timedelta(days=30)
    campaign.save()
    html = page(alice_client, "ESTIVAGE")
    assert "Facture originale du séjour" in html
    assert f"Factures datées du {campaign.invoice_date_from:%d/%m/%Y}" in html


def test_it_shows_why_the_member_cannot_ask(alice_client: Client) -> None:
    default_service("Col_E")
    html = page(alice_client, "Col_E")  # alice has no child
    assert "Vous ne pouvez pas faire cette demande" in html
    assert "Ce service ne peut être demandé que pour : Enfant." in html
    assert "dossier_start" not in html


def test_a_child_of_the_right_age_opens_the_camp(alice_client: Client, alice: User) -> None:
    import datetime as dt

    from django.utils import timezone

    ChildFactory.create(
        member=alice.member, birth_date=timezone.localdate() - dt.timedelta(days=365 * 10)
    )
    _service, campaign = default_service("Col_E")
    html = page(alice_client, "Col_E")
    assert reverse("dossier_start", args=["Col_E", campaign.pk]) in html


def test_a_closed_campaign_is_not_offered(alice_client: Client) -> None:
    service = Service.objects.get(code="PRET_AID")  # its 2026 window closed in May
    service.campaigns.all().delete()
    closed_campaign(service, name_fr="Prêt Aïd fermé")
    html = page(alice_client, "PRET_AID")
    assert "Prêt Aïd fermé" not in html
    assert "Aucune demande n'est ouverte en ce moment pour ce service." in html


def test_the_history_is_the_2019_table(alice_client: Client, alice: User) -> None:
    assert alice.member is not None
    service, campaign = default_service("Col_E")
    child = ChildFactory.create(member=alice.member, first_name="Sami")
    dossier = SentDossierFactory.create(
        member=alice.member,
        service=service,
        campaign=campaign,
        beneficiary_type="child",
        child=child,
        status=DossierStatus.SUBMITTED,
    )
    html = page(alice_client, "Col_E")
    for heading in ("Année", "Num Demande", "Nom", "Prénom", "Statut Demande"):
        assert heading in html
    assert f"{dossier.number}</a>" in html
    assert f"<td><bdi>{alice.member.last_name}</bdi></td>" in html
    assert "<td><bdi>Sami</bdi></td>" in html
    assert "Envoyée" in html


def test_an_unknown_or_inactive_service_is_404(alice_client: Client) -> None:
    Service.objects.filter(code="INWI").update(is_active=False)
    assert alice_client.get(reverse("service_detail", args=["INWI"])).status_code == 404
    assert alice_client.get(reverse("service_detail", args=["NOPE"])).status_code == 404
