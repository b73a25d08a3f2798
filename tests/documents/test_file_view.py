"""/documents/<pk>/ sends the file to its owner or to staff, unable to run anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.http import FileResponse
from django.test import Client
from django.urls import reverse

from registry.models import Member
from tests.documents.corpus import image_bytes, pdf_bytes
from tests.documents.factories import MemberDocumentFactory, stored_path

pytestmark = pytest.mark.django_db
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def body(response: FileResponse) -> bytes:
    content = b"".join(response.streaming_content)  # type: ignore[arg-type]
    response.close()
    return content


def test_it_shows_the_owner_their_pdf_inline_with_safe_headers(
    member_client: Client, member: Member
) -> None:
    content = pdf_bytes(pages=2)
    document = MemberDocumentFactory.create(member=member, content=content)
    response = member_client.get(reverse("document_file", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="attestation-rib.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == FILE_CSP
    assert response["Content-Length"] == str(len(content))
    assert body(response) == content  # type: ignore[arg-type]


def test_it_offers_the_file_as_a_download_on_request(member_client: Client, member: Member) -> None:
    document = MemberDocumentFactory.create(member=member)
    response = member_client.get(reverse("document_file", args=[document.pk]), {"download": "1"})
    assert response["Content-Disposition"] == 'attachment; filename="attestation-rib.pdf"'
    response.close()


def test_it_encodes_a_non_ascii_name_for_every_browser(
    member_client: Client, member: Member
) -> None:
    document = MemberDocumentFactory.create(member=member, original_name="شهادة الأجر.pdf")
    response = member_client.get(reverse("document_file", args=[document.pk]))
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''"
        "%D8%B4%D9%87%D8%A7%D8%AF%D8%A9%20%D8%A7%D9%84%D8%A3%D8%AC%D8%B1.pdf"
    )
    response.close()


def test_it_names_the_download_after_what_the_file_is(
    member_client: Client, member: Member
) -> None:
    document = MemberDocumentFactory.create(
        member=member,
        content=image_bytes("PNG"),
        content_type="image/png",
        original_name='scan "final".jpg',
        page_count=None,
    )
    response = member_client.get(reverse("document_file", args=[document.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="scan \\"final\\".png"'
    assert response["Content-Security-Policy"] == FILE_CSP
    response.close()


def test_it_never_serves_an_unexpected_type_inline(member_client: Client, member: Member) -> None:
    document = MemberDocumentFactory.create(
        member=member, content_type="text/html", original_name="page.html"
    )
    response = member_client.get(reverse("document_file", args=[document.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    response.close()


def test_it_answers_404_for_another_members_document(
    member_client: Client, other_member: Member
) -> None:
    document = MemberDocumentFactory.create(member=other_member)
    assert member_client.get(reverse("document_file", args=[document.pk])).status_code == 404
    missing = reverse("document_file", args=[document.pk + 1000])
    assert member_client.get(missing).status_code == 404


def test_it_sends_anonymous_visitors_to_the_login(client: Client, member: Member) -> None:
    document = MemberDocumentFactory.create(member=member)
    response = client.get(reverse("document_file", args=[document.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_staff_any_members_document(agent_client: Client, member: Member) -> None:
    document = MemberDocumentFactory.create(member=member)
    response = agent_client.get(reverse("document_file", args=[document.pk]))
    assert response.status_code == 200
    response.close()


def test_it_asks_staff_for_their_second_factor_first(
    client: Client, agent: object, member: Member
) -> None:
    document = MemberDocumentFactory.create(member=member)
    client.force_login(agent)  # type: ignore[arg-type]
    response = client.get(reverse("document_file", args=[document.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/otp/")


def test_it_answers_404_when_the_file_is_gone_from_storage(
    member_client: Client, member: Member, media_root: Path
) -> None:
    document = MemberDocumentFactory.create(member=member)
    stored_path(media_root, document).unlink()
    assert member_client.get(reverse("document_file", args=[document.pk])).status_code == 404


def test_it_refuses_other_methods(member_client: Client, member: Member) -> None:
    document = MemberDocumentFactory.create(member=member)
    assert member_client.post(reverse("document_file", args=[document.pk])).status_code == 405
