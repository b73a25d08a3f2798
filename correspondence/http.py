"""How a letter's attachment is sent back: with the same guards as a member's document."""

from __future__ import annotations

from django.http import FileResponse, Http404

from correspondence.models import LetterAttachment
from documents.constants import FILE_TYPES, SERVED_CONTENT_TYPES
from documents.http import FILE_CSP
from documents.validation import safe_original_name


def download_name(attachment: LetterAttachment) -> str:
    """The sender's file name, with the extension of what the file really is."""
    name = safe_original_name(attachment.original_name)
    info = next((i for i in FILE_TYPES.values() if i.content_type == attachment.content_type), None)
    if info is None:
        return name
    stem, dot, suffix = name.rpartition(".")
    known = {".jpg", ".jpeg"} if info.extension == ".jpg" else {info.extension}
    if dot and stem and f".{suffix.lower()}" in known:
        return name
    return f"{stem if dot and stem else name}{info.extension}"


def attachment_response(attachment: LetterAttachment, *, as_attachment: bool) -> FileResponse:
    content_type = attachment.content_type
    if content_type not in SERVED_CONTENT_TYPES:
        content_type, as_attachment = "application/octet-stream", True
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=download_name(attachment),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
