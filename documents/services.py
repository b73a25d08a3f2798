"""Writes on members' documents: keep an uploaded file once, delete one that nothing uses.

The dossiers and member-data apps call ``store_document`` with the limits of the document they
ask for (catalog.RequiredDocument: accepted_types, max_size_mb, combined_pdf) and
``check_document_fits`` before attaching a document the member already has.
"""

from __future__ import annotations

from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from catalog.constants import FileType
from documents.constants import ALL_FILE_TYPES, FILE_TYPES, LIBRARY_MAX_SIZE_MB
from documents.models import DocumentKind, MemberDocument
from documents.usage import is_in_use
from documents.validation import (
    DEFAULT_NAME,
    MB,
    refusal,
    safe_original_name,
    size_in_mb,
    type_labels,
    validate_upload,
)
from registry.models import Member

IN_USE = _(
    "Le document « %(name)s » est joint à une demande : il ne peut pas être supprimé tant "
    "qu'elle s'y réfère."
)
TITLE_MAX_LENGTH = MemberDocument._meta.get_field("title").max_length or 150


def store_or_reuse_document(
    *,
    member: Member,
    uploaded_by: User | None,
    uploaded_file: IO[bytes],
    kind: str,
    title: str = "",
    accepted_types: list[str] | None = None,
    max_size_mb: int = LIBRARY_MAX_SIZE_MB,
    require_single_pdf: bool = False,
) -> tuple[MemberDocument, bool]:
    """The member's document for this file, and whether it was stored now (False: reused).

    The same content (SHA-256) is never stored twice for a member: the earlier document is
    returned as it is, whatever kind or title was given this time.
    """
    if kind not in DocumentKind.values:
        raise ValueError(f"unknown document kind {kind!r}")
    checked = validate_upload(
        uploaded_file,
        accepted_types=list(ALL_FILE_TYPES if accepted_types is None else accepted_types),
        max_size_mb=max_size_mb,
        require_single_pdf=require_single_pdf,
    )
    with transaction.atomic():
        # One member's uploads queue here, so two identical uploads cannot both be stored.
        Member.objects.select_for_update().only("pk").get(pk=member.pk)
        existing = (
            MemberDocument.objects.filter(member=member, sha256=checked.sha256)
            .order_by("pk")
            .first()
        )
        if existing is not None:
            return existing, False
        document = MemberDocument(
            member=member,
            kind=kind,
            title=" ".join(title.split())[:TITLE_MAX_LENGTH],
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            page_count=checked.page_count,
            uploaded_by=uploaded_by,
        )
        content = uploaded_file if isinstance(uploaded_file, File) else File(uploaded_file)
        # The storage name comes from documents.models.document_path: random, never the
        # member's file name, which stays in original_name only.
        document.file.save(f"{DEFAULT_NAME}{checked.extension}", content, save=False)
        try:
            document.save()
        except BaseException:
            if document.file.name:
                document.file.storage.delete(document.file.name)
            raise
    return document, True


def store_document(
    *,
    member: Member,
    uploaded_by: User | None,
    uploaded_file: IO[bytes],
    kind: str,
    title: str = "",
    accepted_types: list[str] | None = None,
    max_size_mb: int = LIBRARY_MAX_SIZE_MB,
    require_single_pdf: bool = False,
) -> MemberDocument:
    """Validate and keep an uploaded file for the member, or return the same file kept before.

    Raises ValidationError (with a code and a message for the member) when the file is refused.
    """
    document, _created = store_or_reuse_document(
        member=member,
        uploaded_by=uploaded_by,
        uploaded_file=uploaded_file,
        kind=kind,
        title=title,
        accepted_types=accepted_types,
        max_size_mb=max_size_mb,
        require_single_pdf=require_single_pdf,
    )
    return document


def check_document_fits(
    document: MemberDocument,
    *,
    accepted_types: list[str],
    max_size_mb: int,
    require_single_pdf: bool = False,
) -> None:
    """Raise ValidationError when a kept document does not meet a required document's limits.

    For attaching a document from "Mes documents": it was checked when uploaded, but perhaps
    against wider limits than the ones of the dossier it is attached to now.
    """
    name = safe_original_name(document.original_name)
    accepted = [FileType.PDF] if require_single_pdf else accepted_types
    file_type = next(
        (key for key, info in FILE_TYPES.items() if info.content_type == document.content_type),
        None,
    )
    if file_type not in accepted:
        found = FILE_TYPES[file_type].label if file_type else document.content_type
        code = "single_pdf_required" if require_single_pdf else "type_not_accepted"
        raise refusal(code, name=name, found=found, accepted=type_labels(accepted))
    if document.size > max_size_mb * MB:
        raise refusal(
            "too_large",
            name=name,
            size=size_in_mb(document.size, limit_mb=max_size_mb),
            limit=max_size_mb,
        )


def delete_document(*, member: Member, document: MemberDocument) -> None:
    """Delete a member's document and its file, unless something refers to it."""
    if document.member_id != member.pk:
        raise PermissionDenied
    with transaction.atomic():
        locked = MemberDocument.objects.select_for_update().get(pk=document.pk)
        in_use = ValidationError(IN_USE, code="in_use", params={"name": str(locked)})
        if is_in_use(locked):
            raise in_use
        storage, name = locked.file.storage, locked.file.name
        try:
            with transaction.atomic():
                locked.delete()
        except (ProtectedError, RestrictedError, IntegrityError):
            raise in_use from None
        if name:
            transaction.on_commit(lambda: storage.delete(name))
