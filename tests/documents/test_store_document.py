"""store_document keeps a checked file once, under a random name, through Django's storage."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from accounts.models import User
from documents.models import DocumentKind, MemberDocument
from documents.services import check_document_fits, store_document, store_or_reuse_document
from registry.models import Member
from tests.documents.corpus import image_bytes, pdf_bytes, upload, windows_executable

pytestmark = pytest.mark.django_db


def store(member: Member, user: User | None, name: str, content: bytes, **kwargs: Any) -> Any:
    return store_document(
        member=member,
        uploaded_by=user,
        uploaded_file=upload(name, content),
        kind=kwargs.pop("kind", DocumentKind.RIB_ATTESTATION),
        **kwargs,
    )


def test_it_stores_the_file_and_what_the_checks_learned(
    member: Member, member_user: User, media_root: Path
) -> None:
    content = pdf_bytes(pages=2)
    document = store(member, member_user, "RIB Banque.pdf", content, title="  Mon  RIB ")
    document.refresh_from_db()
    assert document.member == member
    assert document.uploaded_by == member_user
    assert document.kind == DocumentKind.RIB_ATTESTATION
    assert document.title == "Mon RIB"
    assert document.original_name == "RIB Banque.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(content)
    assert document.page_count == 2
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert (media_root / document.file.name).read_bytes() == content


def test_it_names_the_stored_file_at_random_never_after_the_member(
    member: Member, member_user: User
) -> None:
    first = store(member, member_user, "Certificat Yassine.pdf", pdf_bytes(title="1"))
    second = store(member, member_user, "Certificat Yassine.pdf", pdf_bytes(title="2"))
    pattern = rf"^members/{member.pk}/[0-9a-f]{{32}}\.pdf$"
    assert re.match(pattern, first.file.name)
    assert re.match(pattern, second.file.name)
    assert first.file.name != second.file.name
    assert "Certificat" not in first.file.name and "Yassine" not in first.file.name


def test_it_gives_the_stored_file_the_extension_of_its_content(
    member: Member, member_user: User
) -> None:
    document = store(member, member_user, "scan.jpg", image_bytes("PNG"))
    assert document.file.name.endswith(".png")
    assert document.content_type == "image/png"
    assert document.original_name == "scan.jpg"


def test_it_keeps_the_same_file_only_once_per_member(member: Member, member_user: User) -> None:
    content = pdf_bytes()
    document, created = store_or_reuse_document(
        member=member,
        uploaded_by=member_user,
        uploaded_file=upload("a.pdf", content),
        kind="cin_copy",
    )
    again, created_again = store_or_reuse_document(
        member=member, uploaded_by=member_user, uploaded_file=upload("b.pdf", content), kind="other"
    )
    assert (created, created_again) == (True, False)
    assert again == document
    assert again.kind == DocumentKind.CIN_COPY
    assert MemberDocument.objects.filter(member=member).count() == 1


def test_it_keeps_the_same_file_for_two_members_separately(
    member: Member, other_member: Member
) -> None:
    content = pdf_bytes()
    mine = store(member, None, "a.pdf", content)
    theirs = store(other_member, None, "a.pdf", content)
    assert mine != theirs
    assert mine.file.name != theirs.file.name


def test_it_stores_nothing_for_a_refused_file(member: Member, media_root: Path) -> None:
    with pytest.raises(ValidationError):
        store(member, None, "facture.pdf", windows_executable())
    assert not MemberDocument.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_it_holds_the_file_to_the_limits_it_is_given(member: Member) -> None:
    with pytest.raises(ValidationError) as refused:
        store(member, None, "photo.jpg", image_bytes("JPEG"), accepted_types=["pdf"])
    assert refused.value.code == "type_not_accepted"
    with pytest.raises(ValidationError) as refused:
        store(member, None, "photo.jpg", image_bytes("JPEG"), require_single_pdf=True)
    assert refused.value.code == "single_pdf_required"


def test_it_saves_through_the_configured_storage(
    member: Member, settings: Any, media_root: Path
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    content = pdf_bytes()
    document = store(member, None, "a.pdf", content)
    assert default_storage.exists(document.file.name)
    with default_storage.open(document.file.name) as stored:
        assert stored.read() == content
    assert not (media_root / document.file.name).exists()


def test_it_refuses_an_unknown_kind(member: Member) -> None:
    with pytest.raises(ValueError, match="kind"):
        store(member, None, "a.pdf", pdf_bytes(), kind="passport")


def test_it_treats_no_accepted_type_as_a_configuration_error(member: Member) -> None:
    with pytest.raises(ValueError, match="accepted_types"):
        store(member, None, "a.pdf", pdf_bytes(), accepted_types=[])


def test_it_tells_whether_a_kept_document_fits_another_slot(member: Member) -> None:
    document = store(member, None, "photo.jpg", image_bytes("JPEG"))
    check_document_fits(document, accepted_types=["jpeg", "png"], max_size_mb=1)
    with pytest.raises(ValidationError) as refused:
        check_document_fits(document, accepted_types=["pdf"], max_size_mb=5)
    assert refused.value.code == "type_not_accepted"
    with pytest.raises(ValidationError) as refused:
        check_document_fits(
            document, accepted_types=["jpeg"], max_size_mb=5, require_single_pdf=True
        )
    assert refused.value.code == "single_pdf_required"
    document.size = 3 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        check_document_fits(document, accepted_types=["jpeg"], max_size_mb=2)
    assert refused.value.code == "too_large"
