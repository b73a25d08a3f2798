"""Uploads and small readers shared by the member data and membership tests."""

from __future__ import annotations

from typing import Any, cast

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import EmailMultiAlternatives

from registry.models import Position
from tests.documents.corpus import image_bytes, pdf_bytes, upload
from tests.factories import make_rib
from tests.helpers import CAPTCHA

GOOD_RIB = make_rib(424242)
SEED_RIB = "190170211110374226001507"  # DOMAIN.md 3: the seed's sample passes mod 97


def a_pdf(name: str = "piece.pdf", title: str = "piece") -> SimpleUploadedFile:
    return upload(name, pdf_bytes(title=title))


def a_photo(name: str = "photo.jpg") -> SimpleUploadedFile:
    return upload(name, image_bytes("JPEG", size=(120, 150)), "image/jpeg")


def bad_rib() -> str:
    """A RIB of 24 digits whose key is wrong."""
    wrong = (int(GOOD_RIB[-2:]) + 1) % 100
    return f"{GOOD_RIB[:-2]}{wrong:02d}"


def html_of(message: object) -> str:
    return str(cast(EmailMultiAlternatives, message).alternatives[0][0])


def outbox_to(address: str) -> list[EmailMultiAlternatives]:
    return [cast(EmailMultiAlternatives, m) for m in mail.outbox if address in m.to]


def application_form(**overrides: Any) -> dict[str, Any]:
    """The public membership form of a retiree, filled in; None drops a field."""
    data = {
        "matricule": "812345",
        "cin": "ja 112233",
        "position": Position.RETIRED,
        "pension_number": "p 778899",
        "last_name": "Tazi",
        "first_name": "Fatima",
        "last_name_ar": "التازي",
        "first_name_ar": "فاطمة",
        "birth_date": "1958-03-04",
        "sex": "F",
        "email": "fatima.tazi@example.org",
        "phone": "06 11 22 33 44",
        "cin_copy": a_pdf("cin.pdf", "cin"),
        "position_proof": a_pdf("pension.pdf", "pension"),
        **CAPTCHA,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
