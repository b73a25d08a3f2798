"""Typed factories for dossiers, and a ready-to-ask service; create with ``.create()``."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from decimal import Decimal
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from pypdf import PdfWriter

from catalog.constants import RulePurpose
from catalog.models import Campaign, RequiredDocument, Rule, Service
from documents.models import DocumentKind, MemberDocument
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from registry.models import Member
from tests.catalog.factories import (
    CampaignFactory,
    RequiredDocumentFactory,
    RuleFactory,
    ServiceFactory,
)

_numbers = itertools.count(1)


def now() -> dt.datetime:
    return timezone.now()


def this_year() -> int:
    return timezone.localdate().year


def open_campaign(service: Service, **extra: Any) -> Campaign:
    """A campaign of ``service`` open since a month and for another month, counted this year."""
    values: dict[str, Any] = {
        "service": service,
        "year": this_year(),
        "opens_at": now() - dt.timedelta(days=30),
        "closes_at": now() + dt.timedelta(days=30),
        **extra,
    }
    return CampaignFactory.create(**values)


def closed_campaign(service: Service, **extra: Any) -> Campaign:
    values: dict[str, Any] = {
        "service": service,
        "year": this_year(),
        "opens_at": now() - dt.timedelta(days=60),
        "closes_at": now() - dt.timedelta(days=1),
        **extra,
    }
    return CampaignFactory.create(**values)


def rule(
    service: Service, kind: str, purpose: str = RulePurpose.ELIGIBILITY, **params: Any
) -> Rule:
    return RuleFactory.create(service=service, kind=kind, purpose=purpose, params=params)


def document_of(service: Service, **extra: Any) -> RequiredDocument:
    return RequiredDocumentFactory.create(service=service, **extra)


def pdf_bytes(pages: int = 1) -> bytes:
    """A valid PDF, different each time (the documents app keeps one copy of a same content)."""
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": f"Justificatif {next(_numbers)}"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def member_document(
    member: Member, *, kind: str = DocumentKind.OTHER, **extra: Any
) -> MemberDocument:
    """A kept PDF of the member, as documents.services would have stored it."""
    content = pdf_bytes()
    number = next(_numbers)
    document = MemberDocument(
        member=member,
        kind=kind,
        title=extra.pop("title", f"Justificatif {number}"),
        original_name=f"justificatif-{number}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=f"{number:064x}",
        page_count=1,
        **extra,
    )
    document.file.save("justificatif.pdf", ContentFile(content), save=False)
    document.save()
    return document


class DossierFactory(DjangoModelFactory[Dossier]):
    """A draft; ``SentDossierFactory`` for a numbered one in any status."""

    class Meta:
        model = Dossier

    member = factory.SubFactory("tests.factories.MemberFactory")
    service = factory.SubFactory(ServiceFactory)
    campaign = factory.LazyAttribute(lambda d: open_campaign(d.service))


class SentDossierFactory(DossierFactory):
    """A dossier as ``submit_dossier`` leaves it, numbered, without going through the rules
    (for history, lists and transitions)."""

    status = DossierStatus.SUBMITTED
    sequence = factory.LazyFunction(lambda: next(_numbers))
    year = factory.LazyAttribute(lambda d: d.campaign.year or this_year())
    number = factory.LazyAttribute(lambda d: f"{d.sequence}/{d.service.code}/{d.year}")
    submitted_at = factory.LazyFunction(now)
    computed_amount = Decimal("100.00")
