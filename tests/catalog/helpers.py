"""A history the tests fill by hand, and a context builder with sensible defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from catalog.models import Campaign, Motive, Rule, Service
from catalog.rules import Beneficiary, RuleContext, build_kind
from registry.models import Member
from tests.catalog.factories import local


@dataclass
class StaticHistory:
    count: int = 0
    amount: Decimal = Decimal("0.00")
    years: int = 0
    amount_by_motive: dict[int, Decimal] = field(default_factory=dict)
    campaign_count: int = 0

    def count_for(self, service: Service, beneficiary: Beneficiary, year: int) -> int:
        return self.count

    def amount_for(
        self, service: Service, beneficiary: Beneficiary, year: int, motive: Motive | None = None
    ) -> Decimal:
        if motive is not None:
            return self.amount_by_motive.get(motive.pk, Decimal("0.00"))
        return self.amount

    def years_granted(self, service: Service, beneficiary: Beneficiary) -> int:
        return self.years

    def count_in_campaign(self, campaign: Campaign, beneficiary: Beneficiary) -> int:
        return self.campaign_count


def context_for(
    member: Member,
    *,
    service: Service | None = None,
    beneficiary: Beneficiary | None = None,
    at: dt.datetime | None = None,
    **extra: Any,
) -> RuleContext:
    return RuleContext(
        service=service or Service(code="X", name_fr="X"),
        member=member,
        beneficiary=beneficiary or Beneficiary.of_member(member),
        at=at or local(2026, 3, 15, 10),
        **extra,
    )


def kind(code: str, purpose: str = "eligibility", **params: Any) -> Any:
    """A rule kind built as a row would build it (message overrides from an unsaved Rule)."""
    return build_kind(code, params, purpose=purpose, rule=Rule(kind=code, params=params))
