"""What rule kinds read from a request, and the one-request-per-campaign kind."""

from __future__ import annotations

import pytest

from catalog.models import Rule, Service
from catalog.rules import (
    KINDS,
    NEEDS_BASE_AMOUNT,
    NEEDS_BENEFICIARY,
    NEEDS_HISTORY,
    NEEDS_INVOICE_DATE,
    NEEDS_MOTIVE,
    Beneficiary,
    required_inputs,
)
from tests.catalog.factories import CampaignFactory, RuleFactory, ServiceFactory
from tests.catalog.helpers import StaticHistory, context_for, kind
from tests.factories import ChildFactory, MemberFactory

pytestmark = pytest.mark.django_db

KNOWN_NEEDS = {
    NEEDS_BASE_AMOUNT,
    NEEDS_BENEFICIARY,
    NEEDS_HISTORY,
    NEEDS_INVOICE_DATE,
    NEEDS_MOTIVE,
}


def test_every_kind_declares_only_known_needs() -> None:
    for code, rule_kind in KINDS.items():
        assert rule_kind.needs <= KNOWN_NEEDS, code


def test_it_says_what_the_rules_of_a_service_read_from_a_request() -> None:
    service = ServiceFactory.create()
    RuleFactory.create(service=service, kind="member_alive")
    assert required_inputs(service.rules.all()) == frozenset()
    RuleFactory.create(service=service, kind="invoice_date_in_campaign_window")
    RuleFactory.create(
        service=service, purpose="amount", kind="percent_with_ceiling", params={"percent": "30"}
    )
    assert required_inputs(service.rules.all()) == {
        NEEDS_INVOICE_DATE,
        NEEDS_BASE_AMOUNT,
        NEEDS_HISTORY,
    }


def test_it_ignores_inactive_rules() -> None:
    service = ServiceFactory.create()
    RuleFactory.create(service=service, kind="invoice_date_in_campaign_window", is_active=False)
    assert required_inputs(service.rules.all()) == frozenset()


def test_the_air_transport_asks_for_the_ticket_price_and_the_estivage_for_the_invoice() -> None:
    air = Service.objects.get(code="TRANS_AIR")
    estivage = Service.objects.get(code="ESTIVAGE")
    eid = Service.objects.get(code="AID_ADHA")
    assert NEEDS_BASE_AMOUNT in required_inputs(air.rules.all())
    assert NEEDS_INVOICE_DATE not in required_inputs(air.rules.all())
    assert {NEEDS_BASE_AMOUNT, NEEDS_INVOICE_DATE} <= required_inputs(estivage.rules.all())
    assert required_inputs(eid.rules.all()).isdisjoint({NEEDS_BASE_AMOUNT, NEEDS_INVOICE_DATE})


def test_it_refuses_a_second_request_in_the_same_campaign_for_the_same_person() -> None:
    member = MemberFactory.create()
    child = ChildFactory.create(member=member, first_name="Amine")
    campaign = CampaignFactory.create(name_fr="Estivage 2026 — été")
    rule = kind("max_count_per_campaign_per_beneficiary")
    beneficiary = Beneficiary.of_child(child)
    first = context_for(member, beneficiary=beneficiary, campaign=campaign)
    assert rule.check(first).ok
    second = context_for(
        member,
        beneficiary=beneficiary,
        campaign=campaign,
        history=StaticHistory(campaign_count=1),
    )
    result = rule.check(second)
    assert not result.ok
    assert result.code == "max_count_per_campaign_per_beneficiary"
    assert result.message == (
        "Une demande a déjà été faite pour Amine dans la campagne « Estivage 2026 — été »."
    )


def test_it_allows_up_to_max_count_in_a_campaign() -> None:
    member = MemberFactory.create()
    campaign = CampaignFactory.create()
    rule = kind("max_count_per_campaign_per_beneficiary", max_count=2)
    assert rule.check(
        context_for(member, campaign=campaign, history=StaticHistory(campaign_count=1))
    ).ok
    refused = rule.check(
        context_for(member, campaign=campaign, history=StaticHistory(campaign_count=2))
    )
    assert not refused.ok
    assert "Au plus 2 demandes par bénéficiaire" in refused.message


def test_it_passes_without_a_campaign() -> None:
    member = MemberFactory.create()
    rule = kind("max_count_per_campaign_per_beneficiary")
    assert rule.check(context_for(member, history=StaticHistory(campaign_count=5))).ok


def test_it_refuses_a_max_count_below_one() -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Rule(
            service=ServiceFactory.create(),
            purpose="eligibility",
            kind="max_count_per_campaign_per_beneficiary",
            params={"max_count": 0},
        ).full_clean()


def test_the_default_catalogue_limits_to_one_request_per_campaign_where_nothing_counts() -> None:
    counted = set(
        Rule.objects.filter(
            kind__in=[
                "max_count_per_year_per_beneficiary",
                "max_count_per_campaign_per_beneficiary",
            ]
        ).values_list("service__code", flat=True)
    )
    several_a_year = {"AIDE_SANTE", "HANDICAP", "COVID_TEST"}
    assert set(Service.objects.values_list("code", flat=True)) - counted == several_a_year
