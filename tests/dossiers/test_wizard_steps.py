"""Single wizard steps: a changed RIB with its attestation, a motive list, refusals per field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from catalog.models import Motive
from dossiers.constants import AttachmentRole
from dossiers.models import Dossier
from dossiers.selectors import service_for_request
from dossiers.wizard import request_shape
from tests.dossiers.factories import pdf_bytes
from tests.dossiers.helpers import default_service, post_in
from tests.dossiers.test_wizard import start, step_url
from tests.factories import make_rib

pytestmark = pytest.mark.django_db


def at_step(client: Client, dossier: Dossier, step: str) -> None:
    shape = request_shape(service_for_request(dossier.service_id))
    for earlier in shape.steps[: shape.steps.index(step)]:
        data = {"next": "1", "beneficiary": "member"}
        response = client.post(step_url(dossier, earlier), data)
        assert response.status_code == 302, (earlier, response.content.decode()[:500])


def test_a_new_rib_needs_its_attestation_then_is_kept(alice_client: Client, alice: User) -> None:
    post_in(alice, "nador")
    _service, campaign = default_service("TRANS_AIR")
    dossier = start(alice_client, campaign)
    at_step(alice_client, dossier, "rib")
    new_rib = make_rib(4242)
    spaced = " ".join(new_rib[i : i + 4] for i in range(0, 24, 4))
    refused = alice_client.post(step_url(dossier, "rib"), {"new_rib": spaced, "next": "1"})
    assert refused.status_code == 400
    assert "Déposez l&#x27;attestation de RIB" in refused.content.decode()
    attestation = SimpleUploadedFile("rib.pdf", pdf_bytes(), content_type="application/pdf")
    response = alice_client.post(
        step_url(dossier, "rib"), {"new_rib": spaced, "attestation": attestation, "next": "1"}
    )
    assert response["Location"] == step_url(dossier, "beneficiary")
    dossier.refresh_from_db()
    assert dossier.rib == new_rib
    assert dossier.attachments.filter(role=AttachmentRole.RIB_ATTESTATION).count() == 1


def test_a_rib_with_a_wrong_key_is_refused(alice_client: Client, alice: User) -> None:
    post_in(alice, "nador")
    _service, campaign = default_service("TRANS_AIR")
    dossier = start(alice_client, campaign)
    at_step(alice_client, dossier, "rib")
    wrong = make_rib(4242)[:-2] + "00"
    response = alice_client.post(step_url(dossier, "rib"), {"new_rib": wrong, "next": "1"})
    assert response.status_code == 400
    assert "Ce RIB n&#x27;est pas valide" in response.content.decode()


def test_the_health_aid_asks_a_motive_and_the_cost_left(alice_client: Client, alice: User) -> None:
    service, campaign = default_service("AIDE_SANTE")
    dossier = start(alice_client, campaign)
    at_step(alice_client, dossier, "motive")
    html = alice_client.get(step_url(dossier, "motive")).content.decode()
    assert "Maladie oncologique" in html and "Montant de la dépense" in html
    assert "Date de la facture" not in html
    missing = alice_client.post(step_url(dossier, "motive"), {"next": "1"})
    assert missing.status_code == 400
    motive = Motive.objects.get(service=service, code="surcout")
    response = alice_client.post(
        step_url(dossier, "motive"),
        {"motive": motive.pk, "declared_amount": "1 250,50", "next": "1"},
    )
    assert response["Location"] == step_url(dossier, "uploads")
    dossier.refresh_from_db()
    assert dossier.motive == motive
    assert dossier.declared_amount == Decimal("1250.50")


def test_a_motive_of_another_service_is_refused(alice_client: Client, alice: User) -> None:
    _service, campaign = default_service("AIDE_SANTE")
    dossier = start(alice_client, campaign)
    at_step(alice_client, dossier, "motive")
    other = Motive.objects.exclude(service=campaign.service).first()
    assert other is not None
    response = alice_client.post(
        step_url(dossier, "motive"), {"motive": other.pk, "declared_amount": "100", "next": "1"}
    )
    assert response.status_code == 400


def test_the_person_concerned_lists_only_who_the_rules_allow(
    alice_client: Client, alice: User
) -> None:
    import datetime as dt

    from django.utils import timezone

    from tests.factories import ChildFactory

    today = timezone.localdate()
    ChildFactory.create(
        member=alice.member, first_name="Petit", birth_date=today - dt.timedelta(days=365 * 2)
    )
    ChildFactory.create(
        member=alice.member, first_name="Ado", birth_date=today - dt.timedelta(days=365 * 10 + 10)
    )
    _service, campaign = default_service("CTM")  # children aged 4 to 21
    dossier = start(alice_client, campaign)
    at_step(alice_client, dossier, "beneficiary")
    html = alice_client.get(step_url(dossier, "beneficiary")).content.decode()
    assert "Enfant — Ado" in html
    assert "Petit" not in html
    assert "Adhérent — " in html


def test_demander_refuses_a_member_the_service_does_not_serve(
    alice_client: Client, alice: User
) -> None:
    _service, campaign = default_service("TRANS_AIR")  # alice is in Rabat's central services
    response = alice_client.post(
        reverse("dossier_start", args=["TRANS_AIR", campaign.pk]), follow=True
    )
    assert "Services extérieurs" in response.content.decode()
    assert not Dossier.objects.filter(member=alice.member).exists()
