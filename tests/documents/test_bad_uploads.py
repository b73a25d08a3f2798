"""'Mes documents' (the page and POST /api/v1/documents/) refuses every file of the shared corpus
of bad uploads (tests/uploads_corpus.py) with its message, keeps nothing, and keeps what the
member typed; and accepts a good PDF."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from documents.constants import LIBRARY_MAX_SIZE_MB
from documents.models import DocumentKind, MemberDocument
from registry.models import Member
from tests.helpers import api_token
from tests.uploads_corpus import BadUpload, Stored, each_bad_upload, good_pdf, shown

pytestmark = pytest.mark.django_db
PAGE = "/documents/"
API = "/api/v1/documents/"
LIMIT = LIBRARY_MAX_SIZE_MB


def token(user: User) -> dict[str, str]:
    key = api_token(user)
    return {"Authorization": f"Token {key}"}


@each_bad_upload
def test_the_page_refuses_it_and_keeps_the_kind_and_title(
    bad: BadUpload, member_client: Client
) -> None:
    before = Stored.now()
    response = member_client.post(
        PAGE,
        {
            "kind": DocumentKind.MEDICAL_FILE,
            "title": "Ordonnance du Dr Amrani",
            "file": bad.upload(LIMIT),
        },
    )
    assert response.status_code == 200
    message = bad.refused_in(response.context["form"].errors["file"], limit_mb=LIMIT)
    html = response.content.decode()
    assert shown(html, message)
    assert 'value="Ordonnance du Dr Amrani"' in html
    assert '<option value="medical_file" selected>' in html
    assert Stored.now() == before


def test_the_page_accepts_a_good_pdf(member_client: Client, member: Member) -> None:
    response = member_client.post(
        PAGE,
        {"kind": DocumentKind.MEDICAL_FILE, "title": "Ordonnance", "file": good_pdf()},
    )
    assert response.status_code == 302
    document = MemberDocument.objects.get(member=member)
    assert (document.kind, document.title) == (DocumentKind.MEDICAL_FILE, "Ordonnance")
    assert document.file.storage.exists(document.file.name or "")


@each_bad_upload
def test_the_api_refuses_it_with_400_and_its_message(
    bad: BadUpload, client: Client, member_user: User
) -> None:
    before = Stored.now()
    response = client.post(
        API,
        {"kind": DocumentKind.MEDICAL_FILE, "title": "Ordonnance", "file": bad.upload(LIMIT)},
        headers=token(member_user),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == bad.code
    bad.refused_in([body["detail"]], limit_mb=LIMIT)
    assert Stored.now() == before


def test_the_api_accepts_a_good_pdf(client: Client, member_user: User, member: Member) -> None:
    response = client.post(API, {"file": good_pdf()}, headers=token(member_user))
    assert response.status_code == 201
    assert MemberDocument.objects.get(member=member).pk == response.json()["id"]
