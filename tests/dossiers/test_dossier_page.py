"""The dossier page: what was asked, the amounts once known, the timeline, cancel, answer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from catalog import snapshot
from dossiers.constants import AttachmentRole, DossierStatus
from dossiers.models import DossierAttachment
from dossiers.services import transition
from tests.dossiers.factories import SentDossierFactory, member_document, pdf_bytes

pytestmark = pytest.mark.django_db


def test_it_shows_the_dossier_its_amounts_and_its_timeline(
    alice_client: Client, alice: User, agent: User
) -> None:
    assert alice.member is not None
    dossier = SentDossierFactory.create(member=alice.member, computed_amount=Decimal("720.00"))
    transition(dossier=dossier, to=DossierStatus.IN_REVIEW, actor=agent)
    dossier = transition(
        dossier=dossier, to=DossierStatus.REJECTED, actor=agent, reason="Billet hors délai"
    )
    document = member_document(alice.member, title="Carte d'embarquement")
    DossierAttachment.objects.create(dossier=dossier, document=document, role=AttachmentRole.ANSWER)
    html = alice_client.get(reverse("dossier_detail", args=[dossier.pk])).content.decode()
    assert str(dossier.number) in html
    assert dossier.service.name in html
    assert "720,00" in html
    assert "En cours d&#x27;étude" in html and "Rejetée" in html
    assert "Billet hors délai" in html
    assert reverse("document_file", args=[document.pk]) in html
    assert "Annuler ma demande" not in html


def test_the_approved_amount_shows_once_known(alice_client: Client, alice: User) -> None:
    dossier = SentDossierFactory.create(
        member=alice.member, status=DossierStatus.APPROVED, approved_amount=Decimal("650.50")
    )
    html = alice_client.get(reverse("dossier_detail", args=[dossier.pk])).content.decode()
    assert "Montant accordé" in html and "650,50" in html


def test_it_offers_to_cancel_before_review_and_cancels(alice_client: Client, alice: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    url = reverse("dossier_detail", args=[dossier.pk])
    assert "Annuler ma demande" in alice_client.get(url).content.decode()
    response = alice_client.post(
        reverse("dossier_cancel", args=[dossier.pk]),
        {"version": dossier.version, "reason": "Doublon"},
    )
    assert response["Location"] == url
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.CANCELLED


def test_cancelling_after_an_agent_took_it_says_so(
    alice_client: Client, alice: User, agent: User
) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    version = dossier.version
    transition(dossier=dossier, to=DossierStatus.IN_REVIEW, actor=agent)
    response = alice_client.post(
        reverse("dossier_cancel", args=[dossier.pk]), {"version": version}, follow=True
    )
    assert "vient de changer" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_REVIEW


def test_the_member_reads_the_request_and_answers_with_a_file(
    alice_client: Client, alice: User, agent: User
) -> None:
    dossier = SentDossierFactory.create(member=alice.member, status=DossierStatus.IN_REVIEW)
    transition(
        dossier=dossier,
        to=DossierStatus.DOCUMENTS_REQUESTED,
        actor=agent,
        reason="Joignez la facture acquittée.",
    )
    html = alice_client.get(reverse("dossier_detail", args=[dossier.pk])).content.decode()
    assert "Joignez la facture acquittée." in html
    assert reverse("dossier_answer", args=[dossier.pk]) in html
    upload = SimpleUploadedFile("facture.pdf", pdf_bytes(), content_type="application/pdf")
    response = alice_client.post(
        reverse("dossier_answer", args=[dossier.pk]), {"file_1": upload, "message": "Voici"}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_REVIEW
    assert dossier.attachments.filter(role=AttachmentRole.ANSWER).count() == 1


def test_an_answer_with_a_refused_file_shows_its_message(
    alice_client: Client, alice: User, agent: User
) -> None:
    dossier = SentDossierFactory.create(
        member=alice.member, status=DossierStatus.DOCUMENTS_REQUESTED
    )
    fake = SimpleUploadedFile(
        "facture.pdf", b"MZ\x90\x00executable", content_type="application/pdf"
    )
    response = alice_client.post(reverse("dossier_answer", args=[dossier.pk]), {"file_1": fake})
    assert response.status_code == 400
    assert "facture.pdf" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DOCUMENTS_REQUESTED


def test_the_list_of_dossiers_reads_fixed_queries(
    alice_client: Client, alice: User, settings: Any
) -> None:
    settings.PAGE_CACHE_SECONDS = (
        0  # the page as made, not as kept (tests/dossiers/test_page_cache)
    )
    SentDossierFactory.create(member=alice.member)

    def count() -> int:
        snapshot.invalidate()  # every count reads the catalogue afresh, as after a change
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(reverse("dossier_list")).status_code == 200
        return len(queries)

    count()  # the session's expiry pushed (fos/sessions.py): not in the counts
    with_one = count()
    SentDossierFactory.create_batch(199, member=alice.member)
    assert count() == with_one
