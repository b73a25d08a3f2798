"""Change requests and membership applications, made valid and pending by default."""

from __future__ import annotations

import datetime as dt
import hashlib

import factory
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from documents.models import DocumentKind
from membership.constants import ApplicationFileRole, ChangeKind
from membership.models import (
    ApplicationFile,
    ChangeRequest,
    ChangeRequestDocument,
    MembershipApplication,
)
from registry.models import Position, Sex
from tests.documents.corpus import pdf_bytes
from tests.documents.factories import MemberDocumentFactory
from tests.factories import MemberFactory, make_rib

FOLLOW_CODE = "ABCD2345"


class RibChangeFactory(DjangoModelFactory[ChangeRequest]):
    """A pending RIB change with its attestation: ``RibChangeFactory.create(member=...)``."""

    class Meta:
        model = ChangeRequest
        skip_postgeneration_save = True

    member = factory.SubFactory(MemberFactory)
    kind = ChangeKind.RIB
    subject_key = "rib"
    proposed = factory.Sequence(lambda n: {"rib": make_rib(900_000 + n)})

    @factory.post_generation
    def attestation(obj: ChangeRequest, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            ChangeRequestDocument.objects.create(
                request=obj,
                role=DocumentKind.RIB_ATTESTATION,
                document=MemberDocumentFactory.create(member=obj.member),
            )


class AddChildFactory(DjangoModelFactory[ChangeRequest]):
    class Meta:
        model = ChangeRequest

    member = factory.SubFactory(MemberFactory)
    kind = ChangeKind.ADD_CHILD
    subject_key = factory.Sequence(lambda n: f"new-child:lina{n}:2015-04-02")
    proposed = factory.Sequence(
        lambda n: {
            "first_name": f"Lina{n}",
            "first_name_ar": "لينا",
            "birth_date": "2015-04-02",
            "sex": Sex.FEMALE,
            "school_level": "none",
            "has_disability": False,
        }
    )


class MembershipApplicationFactory(DjangoModelFactory[MembershipApplication]):
    """A pending application of a retiree, with its two files; the follow code is FOLLOW_CODE."""

    class Meta:
        model = MembershipApplication
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"ADH-2026-T{n:05d}")
    code_hash = factory.LazyFunction(lambda: make_password(FOLLOW_CODE))
    matricule = factory.Sequence(lambda n: f"{700000 + n}")
    cin = factory.Sequence(lambda n: f"RT{700000 + n}")
    position = Position.RETIRED
    pension_number = factory.Sequence(lambda n: f"P{n:06d}")
    last_name = "Tazi"
    first_name = factory.Sequence(lambda n: f"Fatima{n}")
    birth_date = dt.date(1955, 3, 1)
    sex = Sex.FEMALE
    email = factory.Sequence(lambda n: f"retraitee{n}@example.org")
    phone = "0612345678"

    @factory.post_generation
    def files(
        obj: MembershipApplication, create: bool, extracted: object, **kwargs: object
    ) -> None:
        if not create:
            return
        for role in ApplicationFileRole.values:
            content = pdf_bytes(title=f"{obj.reference} {role}")
            ApplicationFile.objects.create(
                application=obj,
                role=role,
                file=ContentFile(content, name="document.pdf"),
                original_name=f"{role}.pdf",
                content_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
