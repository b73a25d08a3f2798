"""The agent's dossier page: the member and family, the rules now and at submission, the
documents inline (images shown, PDFs opened in a new tab), the timeline and the audit rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from accounts.models import User
from backoffice.services import take_in_review
from catalog.constants import RulePurpose
from catalog.models import Service
from documents.models import MemberDocument
from dossiers.constants import AttachmentRole
from dossiers.models import Dossier, DossierAttachment
from registry.models import Position
from tests.backoffice.helpers import png_bytes
from tests.dossiers.factories import member_document, rule
from tests.factories import ChildFactory, SpouseFactory

pytestmark = pytest.mark.django_db

PNG = png_bytes()


def _image(user: User) -> MemberDocument:
    assert user.member is not None
    document = MemberDocument(
        member=user.member,
        title="Carte d'embarquement",
        original_name="embarquement.png",
        content_type="image/png",
        size=len(PNG),
        sha256="f" * 64,
    )
    document.file.save("embarquement.png", ContentFile(PNG), save=False)
    document.save()
    return document


def test_it_shows_the_member_and_the_family(
    agent_client: Client, ready_member: User, dossier: Dossier
) -> None:
    SpouseFactory.create(member=ready_member.member, first_name="Salma", cin="BK445566")
    ChildFactory.create(member=ready_member.member, first_name="Yassine")
    page = agent_client.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    assert ready_member.member is not None
    assert ready_member.member.matricule in page
    assert ready_member.member.cin in page
    assert "العلوي" in page
    assert "Salma" in page
    assert "BK445566" in page
    assert "Yassine" in page


def test_it_shows_images_and_pdfs_inline_with_a_link_to_a_new_tab(
    agent_client: Client, ready_member: User, dossier: Dossier
) -> None:
    assert ready_member.member is not None
    image = DossierAttachment.objects.create(
        dossier=dossier, role=AttachmentRole.REQUIRED_DOCUMENT, document=_image(ready_member)
    )
    pdf = DossierAttachment.objects.create(
        dossier=dossier,
        role=AttachmentRole.RIB_ATTESTATION,
        document=member_document(ready_member.member),
    )
    page = agent_client.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    image_url = f"/backoffice/dossiers/{dossier.pk}/files/{image.pk}/"
    pdf_url = f"/backoffice/dossiers/{dossier.pk}/files/{pdf.pk}/"
    assert f'<img class="document-preview" src="{image_url}"' in page
    assert f'href="{pdf_url}" target="_blank" rel="noopener"' in page
    assert f'<iframe class="document-preview document-frame" src="{pdf_url}"' in page
    assert "<object" not in page and "<embed" not in page  # the portal's CSP has no plugins

    served = agent_client.get(image_url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert "sandbox" in served["Content-Security-Policy"]
    served_pdf = agent_client.get(pdf_url)
    assert served_pdf["Content-Type"] == "application/pdf"
    assert b"".join(served_pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_a_file_of_another_dossier_is_not_served_through_this_one(
    agent_client: Client, ready_member: User, dossier: Dossier, service: Service
) -> None:
    from tests.backoffice.helpers import sent_dossier

    assert ready_member.member is not None
    other = sent_dossier(ready_member, service)
    attachment = DossierAttachment.objects.create(
        dossier=other,
        role=AttachmentRole.RIB_ATTESTATION,
        document=member_document(ready_member.member),
    )
    url = f"/backoffice/dossiers/{dossier.pk}/files/{attachment.pk}/"
    assert agent_client.get(url).status_code == 404


def test_it_shows_the_rules_now_next_to_the_result_at_submission(
    agent_client: Client, dossier: Dossier, service: Service
) -> None:
    page = agent_client.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    assert page.count("600,00 MAD") == 2  # computed at submission, and again now
    assert "Non remplies" not in page
    rule(service, "position_in", RulePurpose.ELIGIBILITY, positions=[Position.RETIRED])
    page = agent_client.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    assert "Non remplies" in page
    assert "Retraité" in page


def test_it_shows_the_timeline_and_the_audit_rows(
    agent_client: Client, agent_user: User, dossier: Dossier
) -> None:
    take_in_review(dossier=dossier, user=agent_user, expected_version=dossier.version)
    page = agent_client.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    assert "Historique du dossier" in page
    assert "En cours d&#x27;étude" in page
    assert "dossier.take_in_review" in page
    assert "<bdi>submitted</bdi> → <bdi>in_review</bdi>" in page
    assert 'name="request_documents-message"' in page


def test_the_pages_render_right_to_left_in_arabic(
    agent_client: Client, dossier: Dossier, service: Service, settings: Any
) -> None:
    agent_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    for url in (
        "/backoffice/",
        "/backoffice/dossiers/",
        f"/backoffice/dossiers/queue/{service.code}/",
        f"/backoffice/dossiers/{dossier.pk}/",
    ):
        response = agent_client.get(url)
        assert response.status_code == 200, url
        assert 'dir="rtl"' in response.content.decode(), url
