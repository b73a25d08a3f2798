"""The request wizard through the test client: one step per screen, back and forth, resume,
review, "Terminer", the number, the originals."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from catalog.models import Campaign
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from tests.dossiers.factories import member_document, pdf_bytes
from tests.dossiers.helpers import default_service, post_in
from tests.factories import SpouseFactory

pytestmark = pytest.mark.django_db


def step_url(dossier: Dossier, step: str) -> str:
    return reverse("dossier_step", args=[dossier.pk, step])


def start(client: Client, campaign: Campaign) -> Dossier:
    response = client.post(reverse("dossier_start", args=[campaign.service.code, campaign.pk]))
    assert response.status_code == 302
    dossier = Dossier.objects.filter(campaign=campaign).latest("pk")
    assert response["Location"] == reverse("dossier_resume", args=[dossier.pk])
    return dossier


def follow(client: Client, response: object) -> str:
    location = response["Location"]  # type: ignore[index]
    return client.get(location).content.decode()


def a_pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def air(alice: User) -> Campaign:
    post_in(alice, "oujda-angad")
    _service, campaign = default_service("TRANS_AIR")
    return campaign


def test_it_goes_from_demander_to_the_number(
    alice_client: Client, alice: User, air: Campaign
) -> None:
    spouse = SpouseFactory.create(member=alice.member, first_name="Salma")
    dossier = start(alice_client, air)

    page = alice_client.get(reverse("dossier_resume", args=[dossier.pk]), follow=True)
    html = page.content.decode()
    assert "Confirmer les données personnelles" in html
    assert "17/05/1980" in html  # date of birth, read-only
    response = alice_client.post(step_url(dossier, "personal_data"), {"next": "1"})
    assert response["Location"] == step_url(dossier, "rib")

    html = follow(alice_client, response)
    assert "Veuillez confirmer votre RIB ou déposer votre attestation de RIB" in html
    assert alice.member is not None
    rib = alice.member.rib
    assert f"{rib[:3]} {rib[3:6]} {rib[6:10]}" in html
    response = alice_client.post(step_url(dossier, "rib"), {"next": "1"})
    assert response["Location"] == step_url(dossier, "beneficiary")

    html = follow(alice_client, response)
    assert "Adhérent" in html and "Conjoint — Salma" in html
    response = alice_client.post(
        step_url(dossier, "beneficiary"), {"beneficiary": f"spouse:{spouse.pk}", "next": "1"}
    )
    assert response["Location"] == step_url(dossier, "motive")

    response = alice_client.post(
        step_url(dossier, "motive"), {"declared_amount": "2400,00", "next": "1"}
    )
    assert response["Location"] == step_url(dossier, "uploads")

    # back to the amount: it is still there
    back = alice_client.post(step_url(dossier, "uploads"), {"back": "1"})
    assert back["Location"] == step_url(dossier, "motive")
    assert 'value="2400,00"' in follow(alice_client, back)
    back = alice_client.post(
        step_url(dossier, "motive"), {"back": "1", "declared_amount": "2400,00"}
    )
    assert back["Location"] == step_url(dossier, "beneficiary")
    assert re.search(rf'value="spouse:{spouse.pk}"[^>]*checked', follow(alice_client, back))

    required = list(air.service.documents.all())
    response = alice_client.post(
        step_url(dossier, "uploads"),
        {
            f"file_{required[0].pk}": a_pdf("carte.pdf"),
            f"file_{required[1].pk}": a_pdf("recu.pdf"),
            "next": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == step_url(dossier, "review")

    html = follow(alice_client, response)
    assert "Récapitulatif" in html
    assert "Salma" in html and "2400,00" in html
    assert "carte.pdf" in html and "recu.pdf" in html

    response = alice_client.post(reverse("dossier_submit", args=[dossier.pk]))
    assert response["Location"] == reverse("dossier_created", args=[dossier.pk])
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.computed_amount == Decimal("720.00")
    html = follow(alice_client, response)
    assert "Votre dossier a été créé." in html
    assert dossier.number is not None and dossier.number in html
    assert reverse("dossier_detail", args=[dossier.pk]) + "?opened=1" in html  # "Fermer"

    opened = alice_client.get(reverse("dossier_detail", args=[dossier.pk]) + "?opened=1")
    assert "Votre dossier est ouvert" in opened.content.decode()

    again = alice_client.post(reverse("dossier_submit", args=[dossier.pk]))
    assert again["Location"] == reverse("dossier_created", args=[dossier.pk])
    assert Dossier.objects.filter(member=alice.member).count() == 1


def test_a_later_step_cannot_be_reached_before_the_earlier_ones(
    alice_client: Client, air: Campaign
) -> None:
    dossier = start(alice_client, air)
    response = alice_client.get(step_url(dossier, "review"))
    assert response["Location"] == step_url(dossier, "personal_data")


def test_the_draft_waits_on_the_dashboard_and_resumes_where_it_was_left(
    alice_client: Client, air: Campaign
) -> None:
    dossier = start(alice_client, air)
    alice_client.post(step_url(dossier, "personal_data"), {"next": "1"})
    alice_client.post(step_url(dossier, "rib"), {"next": "1"})
    html = alice_client.get(reverse("home")).content.decode()
    assert "Demandes à terminer" in html
    assert reverse("dossier_resume", args=[dossier.pk]) in html
    response = alice_client.get(reverse("dossier_resume", args=[dossier.pk]))
    assert response["Location"] == step_url(dossier, "beneficiary")
    assert start(alice_client, air).pk == dossier.pk  # "Demander" again resumes


def test_an_upload_refused_by_its_content_shows_its_message_and_keeps_the_others(
    alice_client: Client, alice: User, air: Campaign
) -> None:
    dossier = start(alice_client, air)
    for step in ("personal_data", "rib"):
        alice_client.post(step_url(dossier, step), {"next": "1"})
    alice_client.post(step_url(dossier, "beneficiary"), {"beneficiary": "member", "next": "1"})
    alice_client.post(step_url(dossier, "motive"), {"declared_amount": "900", "next": "1"})
    first, second = list(air.service.documents.all())
    fake = SimpleUploadedFile(
        "carte.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"
    )
    response = alice_client.post(
        step_url(dossier, "uploads"),
        {f"file_{first.pk}": a_pdf("ok.pdf"), f"file_{second.pk}": fake, "next": "1"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "carte.pdf" in html
    assert "ok.pdf" in html  # kept: shown as loaded
    assert dossier.attachments.count() == 1


def test_a_document_from_mes_documents_can_be_reused(
    alice_client: Client, alice: User, air: Campaign
) -> None:
    assert alice.member is not None
    kept = [member_document(alice.member), member_document(alice.member)]
    dossier = start(alice_client, air)
    for step in ("personal_data", "rib"):
        alice_client.post(step_url(dossier, step), {"next": "1"})
    alice_client.post(step_url(dossier, "beneficiary"), {"beneficiary": "member", "next": "1"})
    alice_client.post(step_url(dossier, "motive"), {"declared_amount": "900", "next": "1"})
    first, second = list(air.service.documents.all())
    response = alice_client.post(
        step_url(dossier, "uploads"),
        {f"reuse_{first.pk}": str(kept[0].pk), f"reuse_{second.pk}": str(kept[1].pk), "next": "1"},
    )
    assert response["Location"] == step_url(dossier, "review")
    assert set(dossier.attachments.values_list("document_id", flat=True)) == {d.pk for d in kept}


def test_a_refusal_at_terminer_shows_why_and_keeps_the_draft(
    alice_client: Client, alice: User, air: Campaign
) -> None:
    assert alice.member is not None
    kept = [member_document(alice.member), member_document(alice.member)]
    dossier = start(alice_client, air)
    for step in ("personal_data", "rib"):
        alice_client.post(step_url(dossier, step), {"next": "1"})
    alice_client.post(step_url(dossier, "beneficiary"), {"beneficiary": "member", "next": "1"})
    alice_client.post(step_url(dossier, "motive"), {"declared_amount": "900", "next": "1"})
    first, second = list(air.service.documents.all())
    alice_client.post(
        step_url(dossier, "uploads"),
        {f"reuse_{first.pk}": str(kept[0].pk), f"reuse_{second.pk}": str(kept[1].pk), "next": "1"},
    )
    post_in(alice, "rabat")  # moved before pressing "Terminer"
    response = alice_client.post(reverse("dossier_submit", args=[dossier.pk]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "La demande ne peut pas être envoyée" in html
    assert "Ce service est réservé aux adhérents affectés dans les provinces suivantes" in html
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_the_originals_to_hand_in_follow_the_number(alice_client: Client, alice: User) -> None:
    assert alice.member is not None
    service, campaign = default_service("ESTIVAGE")
    today = timezone.localdate()
    campaign.invoice_date_from, campaign.invoice_date_to = today - dt.timedelta(days=30), today
    campaign.save()
    dossier = start(alice_client, campaign)
    alice_client.post(step_url(dossier, "personal_data"), {"next": "1"})
    alice_client.post(step_url(dossier, "rib"), {"next": "1"})
    response = alice_client.post(
        step_url(dossier, "motive"),
        {
            "declared_amount": "3000",
            "invoice_date": (today - dt.timedelta(days=5)).isoformat(),
            "next": "1",
        },
    )
    assert response["Location"] == step_url(dossier, "uploads")
    documents = {
        f"reuse_{required.pk}": str(member_document(alice.member).pk)
        for required in service.documents.all()
    }
    alice_client.post(step_url(dossier, "uploads"), {**documents, "next": "1"})
    response = alice_client.post(reverse("dossier_submit", args=[dossier.pk]))
    html = follow(alice_client, response)
    assert reverse("dossier_originals", args=[dossier.pk]) in html
    html = alice_client.get(reverse("dossier_originals", args=[dossier.pk])).content.decode()
    dossier.refresh_from_db()
    assert dossier.originals_deadline == today + dt.timedelta(days=15)
    assert dossier.originals_deadline.strftime("%d/%m/%Y") in html
    assert "Facture originale du séjour" in html and "Reçu de paiement original" in html
    assert "Fermer" in html
