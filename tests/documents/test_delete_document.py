"""delete_document removes an unused document and its file; a used one stays."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from documents import services
from documents.models import MemberDocument
from documents.services import delete_document
from registry.models import Member
from tests.documents.factories import MemberDocumentFactory, stored_path

pytestmark = pytest.mark.django_db


def test_it_deletes_the_document_and_then_its_file(
    member: Member, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    document = MemberDocumentFactory.create(member=member)
    path = stored_path(media_root, document)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        delete_document(member=member, document=document)
    assert not MemberDocument.objects.filter(pk=document.pk).exists()
    assert not path.exists()


def test_it_keeps_the_file_until_the_deletion_is_committed(
    member: Member, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    document = MemberDocumentFactory.create(member=member)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_document(member=member, document=document)
    assert stored_path(media_root, document).exists()
    assert len(callbacks) == 1


def test_it_refuses_to_delete_another_members_document(
    member: Member, other_member: Member
) -> None:
    document = MemberDocumentFactory.create(member=other_member)
    with pytest.raises(PermissionDenied):
        delete_document(member=member, document=document)
    assert MemberDocument.objects.filter(pk=document.pk).exists()


def test_it_refuses_to_delete_a_document_in_use(
    member: Member, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = MemberDocumentFactory.create(member=member, title="Attestation RIB")
    monkeypatch.setattr(services, "is_in_use", lambda document: True)
    with pytest.raises(ValidationError) as refused:
        delete_document(member=member, document=document)
    assert refused.value.code == "in_use"
    assert refused.value.messages == [
        "Le document « Attestation RIB » est joint à une demande : il ne peut pas être supprimé "
        "tant qu'elle s'y réfère."
    ]
    assert MemberDocument.objects.filter(pk=document.pk).exists()
    assert stored_path(media_root, document).exists()
