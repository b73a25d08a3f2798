"""Evaluate a service's rules against a context: all refusals, the eligible people, the amount."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from catalog.constants import RulePurpose
from catalog.rules.base import (
    KINDS,
    AmountKind,
    Beneficiary,
    EligibilityKind,
    History,
    NoHistory,
    RuleContext,
    RuleKind,
    RuleResult,
)

if TYPE_CHECKING:
    from catalog.models import Campaign, Rule, Service
    from registry.models import Member


def _specificity(rule: Rule) -> int:
    return (rule.campaign_id is not None) + (rule.motive_id is not None)


def applicable_rules(
    rules: Iterable[Rule], context: RuleContext, purposes: set[str]
) -> list[tuple[Rule, RuleKind[Any]]]:
    """The active rules of these purposes that apply to the context's campaign and motive.

    A rule tied to the campaign or the motive replaces the general rules of the same kind.
    """
    campaign_id = context.campaign.pk if context.campaign is not None else None
    motive_id = context.motive.pk if context.motive is not None else None
    candidates = [
        rule
        for rule in rules
        if rule.is_active
        and rule.purpose in purposes
        and rule.campaign_id in (None, campaign_id)
        and rule.motive_id in (None, motive_id)
    ]
    most_specific: dict[str, int] = {}
    for rule in candidates:
        most_specific[rule.kind] = max(most_specific.get(rule.kind, 0), _specificity(rule))
    chosen = [rule for rule in candidates if _specificity(rule) == most_specific[rule.kind]]
    chosen.sort(key=lambda rule: (-_specificity(rule), rule.order, rule.pk or 0))
    return [(rule, rule.get_kind()) for rule in chosen]


def evaluate_eligibility(rules: Iterable[Rule], context: RuleContext) -> list[RuleResult]:
    """Every refusal of the eligibility and beneficiary rules (empty when eligible)."""
    failures = []
    for _rule, kind in applicable_rules(
        rules, context, {RulePurpose.ELIGIBILITY, RulePurpose.BENEFICIARY}
    ):
        assert isinstance(kind, EligibilityKind)  # noqa: S101 (Rule.clean checks the purpose)
        result = kind.check(context)
        if not result.ok:
            failures.append(result)
    return failures


def compute_amount(rules: Iterable[Rule], context: RuleContext) -> Decimal | None:
    """The amount of the most specific amount rule; None when no rule or not computable yet."""
    for _rule, kind in applicable_rules(rules, context, {RulePurpose.AMOUNT}):
        assert isinstance(kind, AmountKind)  # noqa: S101 (Rule.clean checks the purpose)
        return kind.amount(context)
    return None


def candidate_beneficiaries(member: Member) -> list[Beneficiary]:
    return [
        Beneficiary.of_member(member),
        *(Beneficiary.of_spouse(spouse) for spouse in member.spouses.all()),
        *(Beneficiary.of_child(child) for child in member.children.all()),
    ]


def eligible_beneficiaries(
    service: Service,
    member: Member,
    *,
    rules: Iterable[Rule] | None = None,
    at: dt.datetime | None = None,
    campaign: Campaign | None = None,
    history: History | None = None,
) -> list[Beneficiary]:
    """The people a request may be for, kept by the service's beneficiary-filter rules."""
    rule_list = list(service.rules.all() if rules is None else rules)
    moment = at or timezone.now()
    eligible = []
    for beneficiary in candidate_beneficiaries(member):
        context = RuleContext(
            service=service,
            member=member,
            beneficiary=beneficiary,
            at=moment,
            campaign=campaign,
            history=history or NoHistory(),
        )
        kinds = applicable_rules(rule_list, context, {RulePurpose.BENEFICIARY})
        if all(
            kind.check(context).ok for _rule, kind in kinds if isinstance(kind, EligibilityKind)
        ):
            eligible.append(beneficiary)
    return eligible


def required_inputs(rules: Iterable[Rule]) -> frozenset[str]:
    """What the service's active rules read from a request (``RuleKind.needs``), whatever the
    campaign or motive: the wizard asks for a declared amount or an invoice date only then."""
    needs: set[str] = set()
    for rule in rules:
        kind = KINDS.get(rule.kind)
        if rule.is_active and kind is not None:
            needs |= kind.needs
    return frozenset(needs)
