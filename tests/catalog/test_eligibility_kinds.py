"""Each eligibility kind: pass, refuse with a message naming the rule's values, boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from catalog.models import Rule
from catalog.rules import Beneficiary, EligibilityKind
from registry.models import Member, Position, PostingType, Province, SchoolLevel
from tests.catalog.factories import CampaignFactory, local
from tests.catalog.helpers import StaticHistory, context_for, kind
from tests.factories import ChildFactory, MemberFactory, SpouseFactory

pytestmark = pytest.mark.django_db


def test_it_checks_the_position() -> None:
    rule = kind("position_in", positions=["active", "seconded"])
    assert rule.check(context_for(MemberFactory.create(position=Position.ACTIVE))).ok
    result = rule.check(
        context_for(MemberFactory.create(position=Position.RETIRED, pension_number="123"))
    )
    assert not result.ok
    assert result.code == "position_in"
    assert result.message == "Ce service est réservé aux adhérents en position : Actif, Détaché."


def test_it_checks_the_posting_province() -> None:
    rule = kind("posting_province_in", provinces=["oujda-angad", "nador"])
    oujda = Province.objects.get(code="oujda-angad")
    assert rule.check(context_for(MemberFactory.create(posting_province=oujda))).ok
    refused = rule.check(context_for(MemberFactory.create()))
    assert refused.message == (
        "Ce service est réservé aux adhérents affectés dans les provinces suivantes : "
        "Nador, Oujda-Angad."
    )
    assert not rule.check(context_for(MemberFactory.create(posting_province=None))).ok


def test_it_says_the_refusal_in_arabic_for_an_arabic_reader() -> None:
    rule = kind("posting_province_in", provinces=["nador"])
    with translation.override("ar"):
        message = rule.check(context_for(MemberFactory.create())).message
    assert "الناظور" in message


def test_it_checks_the_posting_type() -> None:
    rule = kind("posting_type_in", posting_types=["external"])
    assert rule.check(context_for(MemberFactory.create(posting_type=PostingType.EXTERNAL))).ok
    refused = rule.check(context_for(MemberFactory.create(posting_type=PostingType.CENTRAL)))
    assert (
        refused.message
        == "Ce service est réservé aux adhérents affectés dans : Services extérieurs."
    )


def test_it_checks_the_beneficiary_type() -> None:
    member = MemberFactory.create()
    spouse = SpouseFactory.create(member=member)
    rule = kind("beneficiary_type_in", types=["member", "child"])
    assert rule.check(context_for(member)).ok
    refused = rule.check(context_for(member, beneficiary=Beneficiary.of_spouse(spouse)))
    assert refused.message == "Ce service ne peut être demandé que pour : Adhérent, Enfant."


@pytest.mark.parametrize(
    ("birth_date", "ok"),
    [
        (dt.date(2018, 3, 15), True),  # 8 today: lower bound included
        (dt.date(2018, 3, 16), False),  # 8 tomorrow
        (dt.date(2010, 3, 16), True),  # 15, turns 16 tomorrow: upper bound included
        (dt.date(2010, 3, 15), False),  # 16 today
    ],
)
def test_it_checks_the_age_bounds_inclusively(birth_date: dt.date, ok: bool) -> None:
    child = ChildFactory.create(birth_date=birth_date)
    rule = kind("beneficiary_age_between", min_age=8, max_age=15)
    context = context_for(child.member, beneficiary=Beneficiary.of_child(child))
    assert rule.check(context).ok is ok


def test_it_names_the_age_range_and_the_age_when_refusing() -> None:
    child = ChildFactory.create(first_name="Adam", birth_date=dt.date(2004, 1, 1))
    rule = kind("beneficiary_age_between", min_age=8, max_age=15)
    result = rule.check(context_for(child.member, beneficiary=Beneficiary.of_child(child)))
    assert result.message == (
        "Ce service est réservé aux bénéficiaires âgés de 8 à 15 ans. Adam a 22 ans."
    )


def test_it_measures_the_age_at_the_campaign_opening_when_asked() -> None:
    child = ChildFactory.create(birth_date=dt.date(2010, 6, 1))  # 15 in April, 16 in June
    campaign = CampaignFactory.create(opens_at=local(2026, 4, 1), closes_at=local(2026, 7, 1))
    context = context_for(
        child.member,
        beneficiary=Beneficiary.of_child(child),
        campaign=campaign,
        at=local(2026, 6, 20),
    )
    assert not kind("beneficiary_age_between", max_age=15).check(context).ok
    on_opening = kind("beneficiary_age_between", max_age=15, reference="campaign_opening")
    assert on_opening.check(context).ok
    on_date = kind("beneficiary_age_between", max_age=15, on_date="2026-01-01")
    assert on_date.check(context).ok


def test_it_limits_the_age_rule_to_some_beneficiary_types() -> None:
    member = MemberFactory.create()  # 45 years old
    child = ChildFactory.create(member=member, birth_date=dt.date(2023, 1, 1))
    rule = kind("beneficiary_age_between", min_age=4, max_age=21, beneficiary_types=["child"])
    assert rule.check(context_for(member)).ok
    assert not rule.check(context_for(member, beneficiary=Beneficiary.of_child(child))).ok


def test_it_refuses_a_spouse_whose_birth_date_is_unknown() -> None:
    spouse = SpouseFactory.create(birth_date=None, first_name="Salma", last_name="B")
    rule = kind("beneficiary_age_between", min_age=18)
    result = rule.check(context_for(spouse.member, beneficiary=Beneficiary.of_spouse(spouse)))
    assert "date de naissance de Salma B est inconnue" in result.message


def test_it_checks_the_school_level() -> None:
    child = ChildFactory.create(school_level=SchoolLevel.MIDDLE)
    rule = kind("child_school_level_in", levels=["primary", "middle"])
    as_child = Beneficiary.of_child(child)
    assert rule.check(context_for(child.member, beneficiary=as_child)).ok
    declared = context_for(child.member, beneficiary=as_child, school_level="higher")
    assert rule.check(declared).message == (
        "Ce service est réservé aux enfants scolarisés en : Primaire, Collège."
    )
    assert not rule.check(context_for(child.member)).ok  # the member is no child


def test_it_checks_the_disability() -> None:
    rule = kind("child_has_disability")
    child = ChildFactory.create(has_disability=True)
    other = ChildFactory.create(has_disability=False)
    assert rule.check(context_for(child.member, beneficiary=Beneficiary.of_child(child))).ok
    assert not rule.check(context_for(other.member, beneficiary=Beneficiary.of_child(other))).ok


def _deceased(death_date: dt.date, position: str = Position.ACTIVE) -> Member:
    return MemberFactory.create(
        is_deceased=True, death_date=death_date, position=position, pension_number="P1"
    )


def test_it_checks_the_member_died_active_since_a_date() -> None:
    rule = kind("member_deceased_since", since="2016-01-01")
    assert rule.check(context_for(_deceased(dt.date(2016, 1, 1)))).ok
    assert not rule.check(context_for(_deceased(dt.date(2015, 12, 31)))).ok
    assert not rule.check(context_for(_deceased(dt.date(2018, 5, 1), Position.RETIRED))).ok
    refused = rule.check(context_for(MemberFactory.create()))
    assert refused.message == (
        "Ce service est réservé aux enfants des adhérents actifs décédés depuis le 01/01/2016."
    )


def test_it_checks_the_member_is_alive() -> None:
    rule = kind("member_alive")
    assert rule.check(context_for(MemberFactory.create())).ok
    assert not rule.check(context_for(_deceased(dt.date(2020, 1, 1)))).ok


def test_it_counts_requests_per_year_per_beneficiary() -> None:
    member = MemberFactory.create()
    rule = kind(
        "max_count_per_year_per_beneficiary", max_count=4, unit_fr="allers-retours", unit_ar="رحلات"
    )
    assert rule.check(context_for(member, history=StaticHistory(count=3))).ok
    refused = rule.check(context_for(member, history=StaticHistory(count=4)))
    assert refused.message == (
        "Au plus 4 allers-retours par an et par bénéficiaire. Nombre déjà demandé en 2026 : 4."
    )


def test_it_counts_in_the_campaign_year() -> None:
    campaign = CampaignFactory.create(year=2025)
    rule = kind("max_count_per_year_per_beneficiary", max_count=1)
    result = rule.check(
        context_for(MemberFactory.create(), campaign=campaign, history=StaticHistory(count=1))
    )
    assert result.message.endswith("Nombre déjà demandé en 2025 : 1.")
    assert "1 demandes" in result.message  # default unit


def test_it_limits_the_years_granted() -> None:
    member = MemberFactory.create()
    rule = kind("max_years_per_beneficiary", max_years=5)
    assert rule.check(context_for(member, history=StaticHistory(years=4))).ok
    assert not rule.check(context_for(member, history=StaticHistory(years=5))).ok


def test_it_checks_the_invoice_date_against_the_campaign_window() -> None:
    campaign = CampaignFactory.create(
        invoice_date_from=dt.date(2026, 7, 1), invoice_date_to=dt.date(2026, 9, 15)
    )
    rule = kind("invoice_date_in_campaign_window")
    member = MemberFactory.create()
    for day, ok in [
        (dt.date(2026, 7, 1), True),
        (dt.date(2026, 9, 15), True),
        (dt.date(2026, 6, 30), False),
        (dt.date(2026, 9, 16), False),
    ]:
        assert rule.check(context_for(member, campaign=campaign, invoice_date=day)).ok is ok
    refused = rule.check(context_for(member, campaign=campaign, invoice_date=dt.date(2026, 9, 20)))
    assert refused.message == (
        "La facture du 20/09/2026 n'entre pas dans la période de cette campagne : "
        "du 01/07/2026 au 15/09/2026."
    )
    assert rule.check(context_for(member, campaign=campaign)).message == (
        "Indiquez la date de la facture."
    )


def test_it_checks_the_campaign_is_open() -> None:
    campaign = CampaignFactory.create(opens_at=local(2026, 3, 1), closes_at=local(2026, 4, 1))
    rule = kind("campaign_open")
    member = MemberFactory.create()
    assert rule.check(context_for(member, campaign=campaign, at=local(2026, 3, 1))).ok
    assert not rule.check(context_for(member, campaign=campaign, at=local(2026, 4, 1))).ok
    assert not rule.check(context_for(member)).ok
    campaign.is_active = False
    assert not rule.check(context_for(member, campaign=campaign, at=local(2026, 3, 2))).ok


def test_it_uses_the_rules_own_message_when_given() -> None:
    row = Rule(
        kind="member_alive",
        purpose="eligibility",
        message_fr="Réservé aux adhérents.",
        message_ar="للمنخرطين.",
    )
    rule = row.get_kind()
    assert isinstance(rule, EligibilityKind)
    context = context_for(_deceased(dt.date(2020, 1, 1)))
    assert rule.check(context).message == "Réservé aux adhérents."
    with translation.override("ar"):
        assert rule.check(context).message == "للمنخرطين."
