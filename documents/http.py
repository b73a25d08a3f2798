"""How a kept document is sent back: as what it was proven to be, and unable to run anything."""

from __future__ import annotations

from typing import Protocol

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from documents.constants import FILE_TYPES, SERVED_CONTENT_TYPES
from documents.models import MemberDocument
from documents.validation import safe_original_name

# No script, no plugin, no form, no request to anywhere, even if a browser were fooled into
# reading the bytes as a page. Chromium still shows its PDF viewer for a top-level document
# under this policy (docs/decisions/uploads-checked-by-content.md).
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
EXTENSION_ALIASES = {".jpg": {".jpg", ".jpeg"}}


class KeptFile(Protocol):
    """A stored upload: a member's document, a letter's attachment, an application's file."""

    @property
    def file(self) -> FieldFile: ...

    @property
    def original_name(self) -> str: ...

    @property
    def content_type(self) -> str: ...


def download_name(kept: KeptFile) -> str:
    """The file name as it was given, with the extension of what the file really is."""
    name = safe_original_name(kept.original_name)
    info = next((i for i in FILE_TYPES.values() if i.content_type == kept.content_type), None)
    if info is None:
        return name
    stem, dot, suffix = name.rpartition(".")
    extensions = EXTENSION_ALIASES.get(info.extension, {info.extension})
    if dot and stem and f".{suffix.lower()}" in extensions:
        return name
    return f"{stem if dot and stem else name}{info.extension}"


def kept_file_response(
    kept: KeptFile, *, as_attachment: bool, filename: str | None = None
) -> FileResponse:
    """The file served as the type it was proven to be (else downloaded as bytes), never
    cached, unable to run anything. ``filename``: by default, ``download_name``."""
    content_type = kept.content_type
    if content_type not in SERVED_CONTENT_TYPES:
        content_type, as_attachment = "application/octet-stream", True
    try:
        handle = kept.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=download_name(kept) if filename is None else filename,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def document_file_response(document: MemberDocument, *, as_attachment: bool) -> FileResponse:
    return kept_file_response(document, as_attachment=as_attachment)
