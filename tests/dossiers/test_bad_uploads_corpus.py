"""The dossier's uploads refuse every file of the shared corpus of bad uploads
(tests/uploads_corpus.py): the answer to a request for documents (even beside a good file), the
wizard's RIB attestation and its required documents. The refusal names the file, nothing is kept
(no document, no attachment, no file), the dossier does not move, and what was typed is still in
the page. A good PDF goes through each of them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from catalog.models import Campaign, RequiredDocument
from documents.constants import LIBRARY_MAX_SIZE_MB
from dossiers.constants import AttachmentRole, DossierStatus
from dossiers.models import Dossier
from tests.catalog.factories import ServiceFactory
from tests.dossiers.factories import SentDossierFactory, document_of, open_campaign
from tests.dossiers.test_wizard import start, step_url
from tests.dossiers.test_wizard_steps import at_step
from tests.factories import make_rib
from tests.uploads_corpus import ALL_TYPES, BadUpload, Stored, each_bad_upload, good_pdf, shown

pytestmark = pytest.mark.django_db
MESSAGE = "Voici la facture acquittée, et l'ordonnance."
REQUIRED_MAX_MB = 2


# Answering a request for documents ---------------------------------------------------------------


@pytest.fixture
def asked(alice: User) -> Dossier:
    return SentDossierFactory.create(member=alice.member, status=DossierStatus.DOCUMENTS_REQUESTED)


@each_bad_upload
def test_the_answer_to_a_request_for_documents(
    bad: BadUpload, alice_client: Client, asked: Dossier
) -> None:
    before = Stored.now()
    response = alice_client.post(
        reverse("dossier_answer", args=[asked.pk]),
        {
            "message": MESSAGE,
            "file_1": good_pdf("facture.pdf"),
            "file_2": bad.upload(LIBRARY_MAX_SIZE_MB),
        },
    )
    assert response.status_code == 400
    errors = response.context["answer_form"].errors
    assert set(errors) == {"file_2"}  # the good file is not blamed
    message = bad.refused_in(errors["file_2"], limit_mb=LIBRARY_MAX_SIZE_MB)
    html = response.content.decode()
    assert shown(html, message)
    assert shown(html, MESSAGE)
    assert Stored.now() == before  # the good file beside it is not kept either
    asked.refresh_from_db()
    assert asked.status == DossierStatus.DOCUMENTS_REQUESTED


def test_the_answer_takes_good_pdfs(alice_client: Client, asked: Dossier) -> None:
    response = alice_client.post(
        reverse("dossier_answer", args=[asked.pk]),
        {"message": MESSAGE, "file_1": good_pdf("facture.pdf"), "file_2": good_pdf("b.pdf")},
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == DossierStatus.IN_REVIEW
    assert asked.attachments.filter(role=AttachmentRole.ANSWER).count() == 2


# The wizard --------------------------------------------------------------------------------------


@pytest.fixture
def campaign(db: None) -> Campaign:
    """A service paying money (so the RIB step) that asks for one document of any type."""
    service = ServiceFactory.create(
        pays_money=True, steps=["personal_data", "rib", "uploads", "review"]
    )
    document_of(service, accepted_types=list(ALL_TYPES), max_size_mb=REQUIRED_MAX_MB)
    return open_campaign(service)


@pytest.fixture
def draft(alice_client: Client, campaign: Campaign) -> Dossier:
    return start(alice_client, campaign)


@each_bad_upload
def test_the_wizards_rib_attestation(bad: BadUpload, alice_client: Client, draft: Dossier) -> None:
    at_step(alice_client, draft, "rib")
    new_rib = make_rib(4242)
    before = Stored.now()
    response = alice_client.post(
        step_url(draft, "rib"),
        {"new_rib": new_rib, "attestation": bad.upload(LIBRARY_MAX_SIZE_MB), "next": "1"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    message = bad.refused_in(errors["attestation"], limit_mb=LIBRARY_MAX_SIZE_MB)
    html = response.content.decode()
    assert shown(html, message)
    assert f'value="{new_rib}"' in html
    assert Stored.now() == before
    draft.refresh_from_db()
    assert draft.rib != new_rib


def test_the_wizards_rib_attestation_takes_a_good_pdf(alice_client: Client, draft: Dossier) -> None:
    at_step(alice_client, draft, "rib")
    new_rib = make_rib(4242)
    response = alice_client.post(
        step_url(draft, "rib"), {"new_rib": new_rib, "attestation": good_pdf(), "next": "1"}
    )
    assert response.status_code == 302
    assert draft.attachments.filter(role=AttachmentRole.RIB_ATTESTATION).count() == 1


def required(draft: Dossier) -> RequiredDocument:
    (document,) = draft.service.documents.all()
    return document


@each_bad_upload
def test_the_wizards_required_document(
    bad: BadUpload, alice_client: Client, draft: Dossier
) -> None:
    at_step(alice_client, draft, "uploads")
    field = f"file_{required(draft).pk}"
    before = Stored.now()
    response = alice_client.post(
        step_url(draft, "uploads"), {field: bad.upload(REQUIRED_MAX_MB), "next": "1"}
    )
    assert response.status_code == 400
    message = bad.refused_in(response.context["form"].errors[field], limit_mb=REQUIRED_MAX_MB)
    assert shown(response.content.decode(), message)
    assert Stored.now() == before


def test_the_wizards_required_document_takes_a_good_pdf(
    alice_client: Client, draft: Dossier
) -> None:
    at_step(alice_client, draft, "uploads")
    response = alice_client.post(
        step_url(draft, "uploads"), {f"file_{required(draft).pk}": good_pdf(), "next": "1"}
    )
    assert response.status_code == 302
    assert draft.attachments.filter(required_document=required(draft)).count() == 1
