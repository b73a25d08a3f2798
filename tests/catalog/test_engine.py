"""The engine: every refusal at once, campaign and motive overrides, eligible people, amount."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from catalog.constants import BeneficiaryType, RulePurpose
from catalog.rules import compute_amount, eligible_beneficiaries, evaluate_eligibility
from registry.models import PostingType
from tests.catalog.factories import CampaignFactory, MotiveFactory, RuleFactory, ServiceFactory
from tests.catalog.helpers import StaticHistory, context_for
from tests.factories import ChildFactory, MemberFactory, SpouseFactory

pytestmark = pytest.mark.django_db


def test_it_returns_every_refusal_not_just_the_first() -> None:
    service = ServiceFactory.create()
    RuleFactory.create(
        service=service, kind="posting_type_in", params={"posting_types": ["external"]}
    )
    RuleFactory.create(
        service=service, kind="max_count_per_year_per_beneficiary", params={"max_count": 1}
    )
    RuleFactory.create(service=service, kind="member_alive")
    context = context_for(MemberFactory.create(), service=service, history=StaticHistory(count=1))
    failures = evaluate_eligibility(service.rules.all(), context)
    assert [failure.code for failure in failures] == [
        "posting_type_in",
        "max_count_per_year_per_beneficiary",
    ]


def test_it_ignores_inactive_rules_and_checks_beneficiary_filters_too() -> None:
    service = ServiceFactory.create()
    RuleFactory.create(service=service, kind="member_alive", is_active=False, params={})
    RuleFactory.create(
        service=service,
        purpose=RulePurpose.BENEFICIARY,
        kind="beneficiary_type_in",
        params={"types": ["child"]},
    )
    failures = evaluate_eligibility(service.rules.all(), context_for(MemberFactory.create()))
    assert [failure.code for failure in failures] == ["beneficiary_type_in"]


def test_a_campaign_rule_replaces_the_general_rule_of_the_same_kind() -> None:
    service = ServiceFactory.create()
    campaign = CampaignFactory.create(service=service)
    other_campaign = CampaignFactory.create(service=service)
    RuleFactory.create(
        service=service, kind="max_count_per_year_per_beneficiary", params={"max_count": 1}
    )
    RuleFactory.create(
        service=service,
        campaign=campaign,
        kind="max_count_per_year_per_beneficiary",
        params={"max_count": 3},
    )
    member = MemberFactory.create()
    history = StaticHistory(count=2)
    in_campaign = context_for(member, service=service, campaign=campaign, history=history)
    elsewhere = context_for(member, service=service, campaign=other_campaign, history=history)
    assert evaluate_eligibility(service.rules.all(), in_campaign) == []
    assert len(evaluate_eligibility(service.rules.all(), elsewhere)) == 1


def test_a_motive_amount_rule_replaces_the_general_amount_rule() -> None:
    service = ServiceFactory.create()
    motive = MotiveFactory.create(service=service)
    RuleFactory.create(
        service=service, purpose=RulePurpose.AMOUNT, kind="fixed_amount", params={"amount": "100"}
    )
    RuleFactory.create(
        service=service,
        motive=motive,
        purpose=RulePurpose.AMOUNT,
        kind="fixed_amount",
        params={"amount": "250.5"},
    )
    member = MemberFactory.create()
    rules = list(service.rules.all())
    assert compute_amount(rules, context_for(member, service=service)) == Decimal("100.00")
    with_motive = context_for(member, service=service, motive=motive)
    assert compute_amount(rules, with_motive) == Decimal("250.50")


def test_it_has_no_amount_without_an_amount_rule() -> None:
    service = ServiceFactory.create()
    assert compute_amount(service.rules.all(), context_for(MemberFactory.create())) is None


def test_it_lists_the_people_the_beneficiary_rules_keep() -> None:
    service = ServiceFactory.create()
    RuleFactory.create(
        service=service,
        purpose=RulePurpose.BENEFICIARY,
        kind="beneficiary_age_between",
        params={"min_age": 4, "max_age": 21, "beneficiary_types": ["child"]},
    )
    member = MemberFactory.create(posting_type=PostingType.EXTERNAL)
    SpouseFactory.create(member=member)
    ChildFactory.create(member=member, first_name="Small", birth_date=dt.date(2023, 1, 1))
    ChildFactory.create(member=member, first_name="Ten", birth_date=dt.date(2016, 1, 1))
    ChildFactory.create(member=member, first_name="Big", birth_date=dt.date(2000, 1, 1))
    # an eligibility rule that fails does not hide anyone from the person-concerned step
    RuleFactory.create(
        service=service, kind="posting_type_in", params={"posting_types": ["central"]}
    )
    people = eligible_beneficiaries(service, member, at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    assert [(person.type, person.display_name) for person in people] == [
        (BeneficiaryType.MEMBER, str(member)),
        (BeneficiaryType.SPOUSE, "Salma Bennani"),
        (BeneficiaryType.CHILD, "Ten"),
    ]
