"""The dossier page reads as an agent works: the request, the rules, the member and the
documents (previewed inline, images as images, PDFs in a frame of the portal's own file view)
come before the decision forms."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from dossiers.constants import AttachmentRole
from dossiers.models import Dossier, DossierAttachment
from tests.backoffice.helpers import act
from tests.backoffice.test_dossier_page import _image
from tests.dossiers.factories import member_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachments(ready_member: User, dossier: Dossier) -> tuple[str, str]:
    """The URLs of an image and of a PDF attached to the dossier."""
    assert ready_member.member is not None
    image = DossierAttachment.objects.create(
        dossier=dossier, role=AttachmentRole.REQUIRED_DOCUMENT, document=_image(ready_member)
    )
    pdf = DossierAttachment.objects.create(
        dossier=dossier,
        role=AttachmentRole.RIB_ATTESTATION,
        document=member_document(ready_member.member),
    )
    base = f"/backoffice/dossiers/{dossier.pk}/files"
    return f"{base}/{image.pk}/", f"{base}/{pdf.pk}/"


def test_it_shows_facts_rules_and_documents_before_the_decisions(
    agent_client: Client, dossier: Dossier, attachments: tuple[str, str]
) -> None:
    image_url, pdf_url = attachments
    page = agent_client.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    order = [
        'id="request-title"',
        'id="rules-title"',
        'id="member-title"',
        'id="documents-title"',
        f'<img class="document-preview" src="{image_url}"',
        f'<iframe class="document-preview document-frame" src="{pdf_url}"',
        'id="actions-title"',
        'action="/backoffice/dossiers/',
        'id="timeline-title"',
    ]
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert page.index('href="#actions-title"') < page.index('id="request-title"')


def test_a_refused_action_says_so_at_the_top(agent_client: Client, dossier: Dossier) -> None:
    response = act(agent_client, dossier, "reject", reason="")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="alert alert-error" role="alert"' in page
    assert page.index("corrigez le formulaire plus bas") < page.index('id="request-title"')


def test_the_pdf_may_be_framed_by_the_portal_only(
    agent_client: Client, attachments: tuple[str, str]
) -> None:
    _image_url, pdf_url = attachments
    framed = agent_client.get(pdf_url, headers={"Sec-Fetch-Dest": "iframe"})
    assert framed.status_code == 200
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    policy = [d.strip() for d in framed["Content-Security-Policy"].split(";")]
    assert "frame-ancestors 'self'" in policy
    assert "default-src 'none'" in policy
    assert "sandbox" not in policy  # Chromium's PDF viewer does not run in a sandboxed frame
    assert framed["Content-Disposition"].startswith("inline")
    assert framed["X-Content-Type-Options"] == "nosniff"


def test_a_file_opened_in_a_tab_stays_sandboxed(
    agent_client: Client, attachments: tuple[str, str]
) -> None:
    for url in attachments:
        for dest in ("document", ""):
            served = agent_client.get(url, headers={"Sec-Fetch-Dest": dest} if dest else {})
            policy = [d.strip() for d in served["Content-Security-Policy"].split(";")]
            assert "sandbox" in policy
            assert "frame-ancestors 'self'" in policy
            assert served["X-Frame-Options"] == "SAMEORIGIN"


def test_an_image_stays_sandboxed_even_in_a_frame(
    agent_client: Client, attachments: tuple[str, str]
) -> None:
    image_url, _pdf_url = attachments
    served = agent_client.get(image_url, headers={"Sec-Fetch-Dest": "iframe"})
    assert "sandbox" in [d.strip() for d in served["Content-Security-Policy"].split(";")]


def test_the_document_page_of_a_member_is_still_never_framed(
    member_client: Client, ready_member: User
) -> None:
    assert ready_member.member is not None
    document = member_document(ready_member.member)
    served = member_client.get(reverse("document_file", args=[document.pk]))
    assert served.status_code == 200
    assert served["X-Frame-Options"] == "DENY"
