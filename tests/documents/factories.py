"""MemberDocumentFactory: a stored document with a real (small, valid) PDF behind it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from documents.models import DocumentKind, MemberDocument
from tests.documents.corpus import pdf_bytes
from tests.factories import MemberFactory


class MemberDocumentFactory(DjangoModelFactory[MemberDocument]):
    """Create with ``MemberDocumentFactory.create(member=...)``; each has its own content."""

    class Meta:
        model = MemberDocument

    class Params:
        content = factory.Sequence(lambda n: pdf_bytes(title=f"Attestation {n}"))

    member = factory.SubFactory(MemberFactory)
    kind = DocumentKind.RIB_ATTESTATION
    title = factory.Sequence(lambda n: f"Attestation de RIB {n}")
    original_name = "attestation-rib.pdf"
    content_type = "application/pdf"
    page_count = 1
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name="document.pdf"))
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())


def stored_path(media_root: Path, document: MemberDocument) -> Path:
    assert document.file.name, "a stored document has a file name"
    return media_root / document.file.name
