"""The member's photo for the card: the one chosen on "Mes informations" (``Member.photo``),
else the latest identity photo of "Mes documents"; JPEG or PNG only.

The web card shows it through the documents app's own view; the PDFs and the public
verification get a copy re-encoded here: bounded in size, turned upright, and without the
file's metadata (a phone photo's EXIF may carry where it was taken).
"""

from __future__ import annotations

import base64
import io

from django.db.models import QuerySet
from PIL import Image, ImageOps, UnidentifiedImageError

from documents.models import DocumentKind, MemberDocument
from registry.models import Member

PHOTO_CONTENT_TYPES = ("image/jpeg", "image/png")
MAX_SIDE = 600


def photos_of(member_id: int) -> QuerySet[MemberDocument]:
    return MemberDocument.objects.filter(
        member_id=member_id, kind=DocumentKind.PHOTO, content_type__in=PHOTO_CONTENT_TYPES
    ).order_by("-uploaded_at", "-id")


def latest_photo(member: Member) -> MemberDocument | None:
    chosen_id = getattr(member, "photo_id", None)
    if chosen_id is not None:
        chosen = MemberDocument.objects.filter(
            pk=chosen_id, member_id=member.pk, content_type__in=PHOTO_CONTENT_TYPES
        ).first()
        if chosen is not None:
            return chosen
    return photos_of(member.pk).first()


def portrait_jpeg(document: MemberDocument, *, max_side: int = MAX_SIDE) -> bytes | None:
    """The photo as a small JPEG with no metadata; None when the file cannot be read."""
    try:
        with document.file.open("rb") as handle, Image.open(handle, formats=["JPEG", "PNG"]) as im:
            image = ImageOps.exif_transpose(im).convert("RGBA")
            image.thumbnail((max_side, max_side))
            flat = Image.new("RGB", image.size, "white")
            flat.paste(image, mask=image.getchannel("A"))
            out = io.BytesIO()
            flat.save(out, format="JPEG", quality=85)
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
    return out.getvalue()


def portrait_data_uri(document: MemberDocument | None) -> str | None:
    data = portrait_jpeg(document) if document is not None else None
    if data is None:
        return None
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")
