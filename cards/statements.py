"""The yearly statement ("Relevé annuel des prestations"): what a member's family received.

A dossier counts in the year it was paid: the date of its latest ``PAID`` event, or, for a paid
dossier without one (imported history), the date it was sent. Only ``PAID`` dossiers of the
member count; an approved dossier not yet paid does not. The amount is the amount granted
(``Dossier.amount``). Names (services, beneficiaries) are read in the active language, so build
the statement inside the language it is printed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DateTimeField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog.constants import BeneficiaryType
from dossiers.constants import DossierStatus
from dossiers.models import Dossier, DossierEvent
from registry.models import Member

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class StatementLine:
    number: str
    service: str
    beneficiary: str
    amount: Decimal
    paid_on: dt.date


@dataclass
class BeneficiaryGroup:
    key: tuple[str, int | None, int | None]
    name: str
    relation: str
    lines: list[StatementLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


@dataclass
class ServiceGroup:
    service_id: int
    name: str
    beneficiaries: list[BeneficiaryGroup] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((group.total for group in self.beneficiaries), ZERO)


@dataclass
class YearlyStatement:
    year: int
    services: list[ServiceGroup]
    beneficiaries: list[BeneficiaryGroup]  # every beneficiary, all services together

    @property
    def total(self) -> Decimal:
        return sum((group.total for group in self.services), ZERO)

    @property
    def is_empty(self) -> bool:
        return not self.services


def _paid_dossiers(member: Member) -> QuerySet[Dossier]:
    paid_event = (
        DossierEvent.objects.filter(dossier=OuterRef("pk"), to_status=DossierStatus.PAID)
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    return (
        Dossier.objects.filter(member=member, status=DossierStatus.PAID)
        .annotate(
            paid_at=Coalesce(
                Subquery(paid_event, output_field=DateTimeField()),
                "submitted_at",
                "created_at",
            )
        )
        .select_related("member", "service", "spouse", "child")
    )


def _paid_on(dossier: Dossier) -> dt.date:
    paid_at: dt.datetime = dossier.paid_at  # type: ignore[attr-defined]  # annotated above
    return timezone.localdate(paid_at)


def statement_years(member: Member, *, today: dt.date | None = None) -> list[int]:
    """The years the member was paid something, and the current year; the latest first."""
    years = {_paid_on(dossier).year for dossier in _paid_dossiers(member)}
    years.add((today or timezone.localdate()).year)
    return sorted(years, reverse=True)


def _beneficiary(dossier: Dossier) -> tuple[tuple[str, int | None, int | None], str, str]:
    last, first = dossier.beneficiary_names
    kind = dossier.beneficiary_type or BeneficiaryType.MEMBER
    if kind == BeneficiaryType.SPOUSE and dossier.spouse_id is not None:
        key: tuple[str, int | None, int | None] = (kind, dossier.spouse_id, None)
    elif kind == BeneficiaryType.CHILD and dossier.child_id is not None:
        key = (kind, None, dossier.child_id)
    else:
        kind, key = BeneficiaryType.MEMBER, (BeneficiaryType.MEMBER, None, None)
    return key, f"{first} {last}".strip(), str(BeneficiaryType(kind).label)


def yearly_statement(member: Member, year: int) -> YearlyStatement:
    """The member's paid dossiers of ``year``, per service then per beneficiary, with totals."""
    services: dict[int, ServiceGroup] = {}
    overall: dict[tuple[str, int | None, int | None], BeneficiaryGroup] = {}
    dossiers = sorted(
        (d for d in _paid_dossiers(member) if _paid_on(d).year == year),
        key=lambda d: (_paid_on(d), d.pk),
    )
    for dossier in dossiers:
        key, name, relation = _beneficiary(dossier)
        line = StatementLine(
            number=dossier.number or "",
            service=dossier.service.name,
            beneficiary=name,
            amount=(dossier.amount or ZERO).quantize(CENT),
            paid_on=_paid_on(dossier),
        )
        service = services.setdefault(
            dossier.service_id, ServiceGroup(dossier.service_id, dossier.service.name)
        )
        group = next((g for g in service.beneficiaries if g.key == key), None)
        if group is None:
            group = BeneficiaryGroup(key, name, relation)
            service.beneficiaries.append(group)
        group.lines.append(line)
        overall.setdefault(key, BeneficiaryGroup(key, name, relation)).lines.append(line)
    return YearlyStatement(
        year=year,
        services=sorted(services.values(), key=lambda s: s.name),
        beneficiaries=list(overall.values()),
    )
