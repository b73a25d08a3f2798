"""/api/v1/documents/: the same documents, checks and access function as the web pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from documents import services
from documents.models import MemberDocument
from registry.models import Member
from tests.documents.corpus import encrypted_pdf, pdf_bytes, upload, windows_executable
from tests.documents.factories import MemberDocumentFactory
from tests.factories import MemberUserFactory
from tests.helpers import api_token

pytestmark = pytest.mark.django_db
LIST = "/api/v1/documents/"


def auth(user: User) -> dict[str, str]:
    token = api_token(user)
    return {"Authorization": f"Token {token}"}


def endpoints(document: MemberDocument) -> list[tuple[str, str]]:
    return [
        ("get", LIST),
        ("post", LIST),
        ("get", reverse("api_document", args=[document.pk])),
        ("delete", reverse("api_document", args=[document.pk])),
        ("get", reverse("api_document_file", args=[document.pk])),
    ]


def test_it_lives_under_the_versioned_api(member: Member) -> None:
    document = MemberDocumentFactory.create(member=member)
    assert reverse("api_documents") == LIST
    assert reverse("api_document_file", args=[document.pk]) == f"{LIST}{document.pk}/file/"


def test_it_lists_only_the_members_own_documents_paginated(
    client: Client, member_user: User, member: Member, other_member: Member
) -> None:
    mine = MemberDocumentFactory.create_batch(3, member=member)
    MemberDocumentFactory.create(member=other_member)
    response = client.get(LIST, headers=auth(member_user))
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert {row["id"] for row in data["results"]} == {document.pk for document in mine}
    first = data["results"][0]
    assert first["content_type"] == "application/pdf"
    assert first["used_in"] == []
    assert first["file_url"].endswith(f"/api/v1/documents/{first['id']}/file/")
    assert set(first) >= {"kind", "kind_label", "title", "original_name", "size", "page_count"}


def test_it_lists_in_a_fixed_number_of_queries(
    client: Client, member_user: User, member: Member
) -> None:
    MemberDocumentFactory.create(member=member)
    headers = auth(member_user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(LIST, headers=headers).status_code == 200
        return len(context)

    with_one = queries()
    MemberDocumentFactory.create_batch(20, member=member)
    assert queries() == with_one


def test_it_takes_an_upload_and_returns_the_same_document_for_the_same_file(
    client: Client, member_user: User, member: Member
) -> None:
    content = pdf_bytes(pages=2)
    data = {"kind": "rib_attestation", "title": "RIB", "file": upload("rib.pdf", content)}
    created = client.post(LIST, data, headers=auth(member_user))
    assert created.status_code == 201, created.json()
    assert created.json()["page_count"] == 2
    again = client.post(LIST, {"file": upload("copie.pdf", content)}, headers=auth(member_user))
    assert again.status_code == 200
    assert again.json()["id"] == created.json()["id"]
    assert MemberDocument.objects.filter(member=member).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "code", "phrase"),
    [
        ("facture.pdf", windows_executable(), "unknown_type", "n'est pas un document PDF"),
        ("releve.pdf", encrypted_pdf(), "encrypted_pdf", "protégé par un mot de passe"),
        ("vide.pdf", b"", "empty", "est vide"),
    ],
)
def test_it_refuses_a_bad_upload_with_its_code_and_message(
    client: Client, member_user: User, name: str, content: bytes, code: str, phrase: str
) -> None:
    response = client.post(LIST, {"file": upload(name, content)}, headers=auth(member_user))
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert phrase in response.json()["detail"]
    assert not MemberDocument.objects.exists()


def test_it_requires_a_file(client: Client, member_user: User) -> None:
    response = client.post(LIST, {"kind": "other"}, headers=auth(member_user))
    assert response.status_code == 400
    assert "file" in response.json()["field_errors"]


def test_it_sends_the_file_with_the_same_headers_as_the_web(
    client: Client, member_user: User, member: Member
) -> None:
    content = pdf_bytes()
    document = MemberDocumentFactory.create(member=member, content=content)
    response = client.get(
        reverse("api_document_file", args=[document.pk]),
        headers={**auth(member_user), "Accept": "application/pdf"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == content  # type: ignore[attr-defined]
    response.close()


def test_it_answers_404_for_another_members_document_everywhere(
    client: Client, member_user: User, other_member: Member
) -> None:
    document = MemberDocumentFactory.create(member=other_member)
    for method, url in endpoints(document)[2:]:
        accept = "application/pdf" if url.endswith("/file/") else "application/json"
        response = getattr(client, method)(url, headers={**auth(member_user), "Accept": accept})
        assert response.status_code == 404, (method, url)
        assert response["Content-Type"] == "application/json"
    assert MemberDocument.objects.filter(pk=document.pk).exists()


def test_it_deletes_an_unused_document(
    client: Client, member_user: User, member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    document = MemberDocumentFactory.create(member=member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(
            reverse("api_document", args=[document.pk]), headers=auth(member_user)
        )
    assert response.status_code == 204
    assert not MemberDocument.objects.filter(pk=document.pk).exists()


def test_it_refuses_to_delete_a_document_in_use(
    client: Client, member_user: User, member: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = MemberDocumentFactory.create(member=member)
    monkeypatch.setattr(services, "is_in_use", lambda document: True)
    response = client.delete(reverse("api_document", args=[document.pk]), headers=auth(member_user))
    assert response.status_code == 409
    assert response.json()["code"] == "in_use"


def test_it_refuses_callers_without_a_token(client: Client, member: Member) -> None:
    document = MemberDocumentFactory.create(member=member)
    for method, url in endpoints(document):
        assert getattr(client, method)(url).status_code == 401, (method, url)


def test_it_closes_every_endpoint_until_the_terms_are_accepted(
    client: Client, member: Member
) -> None:
    newcomer = MemberUserFactory.create()
    assert newcomer.member is not None
    document = MemberDocumentFactory.create(member=newcomer.member)
    for method, url in endpoints(document):
        response = getattr(client, method)(url, headers=auth(newcomer))
        assert response.status_code == 403, (method, url)
        assert response.json()["code"] == "terms_not_accepted"


def test_it_keeps_the_member_endpoints_from_staff_but_lets_them_read_files(
    client: Client, agent: User, member: Member
) -> None:
    document = MemberDocumentFactory.create(member=member)
    for method, url in endpoints(document)[:4]:
        response = getattr(client, method)(url, headers=auth(agent))
        assert response.status_code == 403, (method, url)
        assert response.json()["code"] == "member_only"
    response = client.get(reverse("api_document_file", args=[document.pk]), headers=auth(agent))
    assert response.status_code == 200
    response.close()


def test_it_refuses_a_session_upload_without_csrf_token(member_user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_user)
    response = client.post(LIST, {"file": upload("a.pdf", pdf_bytes())})
    assert response.status_code == 403
    assert not MemberDocument.objects.exists()
