"""Typed factories for cards, attestations and identity photos (real, small PNG files)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image

from cards.constants import AttestationKind, CardStatus
from cards.models import AttestationIssued, MemberCard
from documents.models import DocumentKind, MemberDocument
from tests.factories import MemberFactory


def png_bytes(
    color: tuple[int, int, int] = (200, 120, 40), size: tuple[int, int] = (60, 80)
) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


class PhotoFactory(DjangoModelFactory[MemberDocument]):
    """An identity photo in "Mes documents": create with ``PhotoFactory.create(member=...)``."""

    class Meta:
        model = MemberDocument

    class Params:
        content = factory.Sequence(lambda n: png_bytes((n % 256, 120, 40)))

    member = factory.SubFactory(MemberFactory)
    kind = DocumentKind.PHOTO
    title = "Photo"
    original_name = "photo.png"
    content_type = "image/png"
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name="photo.png"))
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())


class MemberCardFactory(DjangoModelFactory[MemberCard]):
    """A card made directly (no service): for states the services reach only with time."""

    class Meta:
        model = MemberCard

    member = factory.SubFactory(MemberFactory)
    number = factory.Sequence(lambda n: f"FOS-2020-{900000 + n:06d}")
    issued_at = factory.LazyFunction(timezone.now)
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))
    status = CardStatus.ACTIVE


class AttestationFactory(DjangoModelFactory[AttestationIssued]):
    class Meta:
        model = AttestationIssued

    member = factory.SubFactory(MemberFactory)
    kind = AttestationKind.MEMBERSHIP
    number = factory.Sequence(lambda n: f"ATT-2020-{900000 + n:06d}")
