"""'Mes documents': the member's list, the upload form and deletion."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from documents import selectors, views
from documents.models import DocumentKind, MemberDocument
from registry.models import Member
from tests.documents.corpus import encrypted_pdf, pdf_bytes, upload, windows_executable
from tests.documents.factories import MemberDocumentFactory

pytestmark = pytest.mark.django_db
URL = "/documents/"


def test_it_is_at_documents() -> None:
    assert reverse("documents") == URL


def test_it_lists_the_members_documents_with_what_they_are(
    member_client: Client, member: Member, other_member: Member
) -> None:
    MemberDocumentFactory.create(member=member, title="RIB Banque Populaire", page_count=3)
    MemberDocumentFactory.create(member=other_member, title="Document d'un autre")
    html = member_client.get(URL).content.decode()
    assert "RIB Banque Populaire" in html
    assert "Attestation de RIB ou spécimen de chèque" in html
    assert "PDF" in html
    assert "3 pages" in html
    assert "Aucune demande pour l'instant" in html
    assert "Document d&#x27;un autre" not in html


def test_it_stores_an_uploaded_file_and_says_so(
    member_client: Client, member: Member, member_user: User
) -> None:
    response = member_client.post(
        URL,
        {"kind": DocumentKind.CIN_COPY, "title": "CIN", "file": upload("cin.pdf", pdf_bytes())},
        follow=True,
    )
    document = MemberDocument.objects.get(member=member)
    assert (document.kind, document.title, document.uploaded_by) == ("cin_copy", "CIN", member_user)
    assert "« CIN » a été déposé." in response.content.decode()


def test_it_shows_the_files_error_and_keeps_the_rest_of_the_form(
    member_client: Client, member: Member
) -> None:
    response = member_client.post(
        URL,
        {
            "kind": DocumentKind.MEDICAL_FILE,
            "title": "Ordonnance du Dr Amrani",
            "file": upload("ordonnance.pdf", windows_executable()),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert escape("n'est pas un document PDF, JPEG ou PNG") in html
    assert 'value="Ordonnance du Dr Amrani"' in html
    assert '<option value="medical_file" selected>' in html
    assert not MemberDocument.objects.exists()


def test_it_shows_an_encrypted_pdfs_message(member_client: Client) -> None:
    response = member_client.post(
        URL, {"kind": "other", "file": upload("releve.pdf", encrypted_pdf())}
    )
    assert escape("est protégé par un mot de passe ou chiffré") in response.content.decode()


def test_it_tells_the_member_a_file_is_already_there(member_client: Client, member: Member) -> None:
    content = pdf_bytes()
    member_client.post(URL, {"kind": "other", "title": "Premier", "file": upload("a.pdf", content)})
    response = member_client.post(
        URL, {"kind": "other", "title": "Second", "file": upload("b.pdf", content)}, follow=True
    )
    assert MemberDocument.objects.filter(member=member).count() == 1
    assert "déjà dans vos documents sous le nom « Premier »" in response.content.decode()


def test_it_asks_before_deleting_then_deletes(
    member_client: Client, member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    document = MemberDocumentFactory.create(member=member, title="Vieux RIB")
    url = reverse("document_delete", args=[document.pk])
    assert reverse("document_delete", args=[document.pk]) in member_client.get(URL).content.decode()
    confirm = member_client.get(url).content.decode()
    assert "Supprimer définitivement « <bdi>Vieux RIB</bdi> »" in confirm
    assert MemberDocument.objects.filter(pk=document.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(url, follow=True)
    assert not MemberDocument.objects.filter(pk=document.pk).exists()
    assert "« Vieux RIB » a été supprimé." in response.content.decode()


def test_it_keeps_a_used_document_and_offers_no_deletion(
    member_client: Client, member: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = MemberDocumentFactory.create(member=member, title="RIB")
    used = {document.pk: ["Dossier 13/Col_E/2026"]}
    monkeypatch.setattr(selectors, "usages_by_document", lambda documents: used)
    monkeypatch.setattr(views, "is_in_use", lambda document: True)
    monkeypatch.setattr("documents.services.is_in_use", lambda document: True)
    html = member_client.get(URL).content.decode()
    assert "Dossier 13/Col_E/2026" in html
    assert reverse("document_delete", args=[document.pk]) not in html
    assert (
        "est joint à une demande"
        in member_client.get(reverse("document_delete", args=[document.pk])).content.decode()
    )
    response = member_client.post(reverse("document_delete", args=[document.pk]), follow=True)
    assert MemberDocument.objects.filter(pk=document.pk).exists()
    assert "ne peut pas être supprimé" in response.content.decode()


def test_it_answers_404_for_deleting_another_members_document(
    member_client: Client, other_member: Member
) -> None:
    document = MemberDocumentFactory.create(member=other_member)
    url = reverse("document_delete", args=[document.pk])
    assert member_client.get(url).status_code == 404
    assert member_client.post(url).status_code == 404
    assert MemberDocument.objects.filter(pk=document.pk).exists()


def test_it_refuses_a_post_without_csrf_token(member_user: User, member: Member) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_user)
    document = MemberDocumentFactory.create(member=member)
    assert client.post(reverse("document_delete", args=[document.pk])).status_code == 403
    response = client.post(URL, {"kind": "other", "file": upload("a.pdf", pdf_bytes())})
    assert response.status_code == 403
    assert MemberDocument.objects.count() == 1


def test_it_is_for_members_only(agent_client: Client, client: Client, db: None) -> None:
    assert agent_client.get(URL).status_code == 403
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_reads_the_list_in_a_fixed_number_of_queries(
    member_client: Client, member: Member
) -> None:
    MemberDocumentFactory.create(member=member)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert member_client.get(URL).status_code == 200
        return len(context)

    with_one = queries()
    MemberDocumentFactory.create_batch(20, member=member)
    assert queries() == with_one


def test_it_is_linked_from_the_members_menu_only(
    member_client: Client, agent_client: Client
) -> None:
    link = f'href="{URL}"'
    assert link in member_client.get(reverse("account")).content.decode()
    assert link not in agent_client.get(reverse("account")).content.decode()


def test_it_reads_right_to_left_in_arabic(member_client: Client, member: Member) -> None:
    MemberDocumentFactory.create(member=member, title="شهادة مدرسية")
    member_client.cookies["fos_language"] = "ar"
    html = member_client.get(URL).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "<bdi>شهادة مدرسية</bdi>" in html


def test_it_fits_a_phone_and_offers_the_file_picker_the_accepted_types(
    member_client: Client,
) -> None:
    html = member_client.get(URL).content.decode()
    assert 'accept="application/pdf,image/jpeg,image/png"' in html
    assert 'enctype="multipart/form-data"' in html


def test_it_asks_for_a_file(member_client: Client) -> None:
    response = member_client.post(URL, {"kind": "other", "title": "Sans fichier"})
    html = response.content.decode()
    assert "Ce champ est obligatoire." in html
    assert 'value="Sans fichier"' in html
    assert not MemberDocument.objects.exists()
