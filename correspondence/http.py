"""How a letter's attachment is sent back: with the same guards as a member's document."""

from __future__ import annotations

from django.http import FileResponse

from correspondence.models import LetterAttachment
from documents.http import kept_file_response


def attachment_response(attachment: LetterAttachment, *, as_attachment: bool) -> FileResponse:
    return kept_file_response(attachment, as_attachment=as_attachment)
