"""Amount kinds: what a granted request pays, in Decimal, rounded to the cent half up."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy

from catalog.rules.base import (
    NEEDS_BASE_AMOUNT,
    NEEDS_BENEFICIARY,
    NEEDS_HISTORY,
    NEEDS_MOTIVE,
    AmountKind,
    RuleContext,
    check_choices,
    check_range,
    money,
    register,
)
from registry.models import SchoolLevel

HUNDRED = Decimal(100)
ZERO = Decimal("0.00")


def _cap(amount: Decimal, ceiling: Decimal | None) -> Decimal:
    return amount if ceiling is None else min(amount, ceiling)


def _left_this_year(
    context: RuleContext, annual_ceiling: Decimal | None, *, per_motive: bool = False
) -> Decimal | None:
    if annual_ceiling is None:
        return None
    granted = context.history.amount_for(
        context.service,
        context.beneficiary,
        context.year,
        context.motive if per_motive else None,
    )
    return max(annual_ceiling - granted, ZERO)


@dataclass(frozen=True)
class FixedParams:
    amount: Decimal

    def validate(self) -> None:
        check_range("amount", self.amount, low=Decimal("0.01"))


@register
class FixedAmount(AmountKind[FixedParams]):
    code = "fixed_amount"
    label = gettext_lazy("Montant fixe")
    Params = FixedParams

    def amount(self, context: RuleContext) -> Decimal | None:
        return money(self.params.amount)


@dataclass(frozen=True)
class PercentParams:
    percent: Decimal
    ceiling: Decimal | None = None
    annual_ceiling: Decimal | None = None

    def validate(self) -> None:
        check_range("percent", self.percent, low=Decimal("0.01"), high=HUNDRED)
        check_range("ceiling", self.ceiling, low=Decimal("0.01"))
        check_range("annual_ceiling", self.annual_ceiling, low=Decimal("0.01"))


@register
class PercentWithCeiling(AmountKind[PercentParams]):
    """``percent`` of the declared amount, within a ceiling per request and per year."""

    code = "percent_with_ceiling"
    needs = frozenset({NEEDS_BASE_AMOUNT, NEEDS_HISTORY})
    label = gettext_lazy("Pourcentage du montant déclaré, avec plafonds")
    Params = PercentParams

    def amount(self, context: RuleContext) -> Decimal | None:
        if context.base_amount is None:
            return None
        share = context.base_amount * self.params.percent / HUNDRED
        share = _cap(share, self.params.ceiling)
        share = _cap(share, _left_this_year(context, self.params.annual_ceiling))
        return money(share)


@dataclass(frozen=True)
class SchoolLevelParams:
    amounts: dict[str, Decimal]
    months: int = 1

    def validate(self) -> None:
        check_choices("amounts", list(self.amounts), list(SchoolLevel.values))
        for level, amount in self.amounts.items():
            check_range(f"amounts.{level}", amount, low=Decimal("0.01"))
        check_range("months", self.months, low=1, high=12)


@register
class AmountBySchoolLevel(AmountKind[SchoolLevelParams]):
    """The amount of the child's school level, times ``months`` (e.g. 10 school months)."""

    code = "amount_by_school_level"
    needs = frozenset({NEEDS_BENEFICIARY})
    label = gettext_lazy("Montant selon le niveau scolaire (multiplié par un nombre de mois)")
    Params = SchoolLevelParams

    def amount(self, context: RuleContext) -> Decimal | None:
        level = context.beneficiary_school_level
        if level is None or level not in self.params.amounts:
            return None
        return money(self.params.amounts[level] * self.params.months)


@dataclass(frozen=True)
class ShareParams:
    share_percent: Decimal
    annual_ceiling: Decimal

    def validate(self) -> None:
        check_range("share_percent", self.share_percent, low=Decimal("0.01"), high=HUNDRED)
        check_range("annual_ceiling", self.annual_ceiling, low=Decimal("0.01"))


@register
class ShareOfCostWithCeiling(AmountKind[ShareParams]):
    """A share of the cost left to pay, within what is left of the beneficiary's annual ceiling."""

    code = "share_of_cost_with_ceiling"
    needs = frozenset({NEEDS_BASE_AMOUNT, NEEDS_HISTORY})
    label = gettext_lazy("Part du reste à charge, dans un plafond annuel")
    Params = ShareParams

    def amount(self, context: RuleContext) -> Decimal | None:
        if context.base_amount is None:
            return None
        share = context.base_amount * self.params.share_percent / HUNDRED
        return money(_cap(share, _left_this_year(context, self.params.annual_ceiling)))


@dataclass(frozen=True)
class ItemCeilingParams:
    annual_ceiling: Decimal
    percent: Decimal = HUNDRED

    def validate(self) -> None:
        check_range("annual_ceiling", self.annual_ceiling, low=Decimal("0.01"))
        check_range("percent", self.percent, low=Decimal("0.01"), high=HUNDRED)


@register
class AnnualCeilingPerItem(AmountKind[ItemCeilingParams]):
    """For a motive (item): the cost, within the item's annual ceiling minus what it got this year.

    Tie the rule to the item's motive; the history is asked for that motive's amount."""

    code = "annual_ceiling_per_item"
    needs = frozenset({NEEDS_BASE_AMOUNT, NEEDS_HISTORY, NEEDS_MOTIVE})
    label = gettext_lazy("Plafond annuel par article (motif)")
    Params = ItemCeilingParams

    def amount(self, context: RuleContext) -> Decimal | None:
        if context.base_amount is None:
            return None
        share = context.base_amount * self.params.percent / HUNDRED
        left = _left_this_year(context, self.params.annual_ceiling, per_motive=True)
        return money(_cap(share, left))
