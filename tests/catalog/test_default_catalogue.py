"""The catalogue the data migration installs: every service of the seeds, with working rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from catalog.models import Campaign, Rule, Service
from catalog.rules import Beneficiary, compute_amount, eligible_beneficiaries, evaluate_eligibility
from registry.models import Member, Position, PostingType, Province, SchoolLevel
from registry.provinces import AIR_TRANSPORT_PROVINCES
from tests.catalog.factories import local
from tests.catalog.helpers import StaticHistory, context_for
from tests.factories import ChildFactory, MemberFactory, SpouseFactory

pytestmark = pytest.mark.django_db

SEED_SERVICES = {
    "PRET_SOC": "القرض الاجتماعي",
    "PRET_AID": "قرض عيد الأضحى",
    "PRET_RENT": "قرض الدخول المدرسي",
    "RISTOURNE": "استرجاع فارق سعر الفائدة",
    "ESTIVAGE": "الاصطياف العائلي",
    "Col_E": "مخيم الأطفال بالمغرب",
    "Col_A": "مخيم اليافعين بالخارج (غرناطة، إسبانيا)",
    "CRECHE": "دار الحضانة بأكادير",
    "AIDE_SANTE": "المساعدة الصحية الاستثنائية",
    "HANDICAP": "التغطية التكميلية للأطفال في وضعية إعاقة",
    "COVID_TEST": "استرجاع مصاريف تحاليل الكشف عن كوفيد-19",
    "SCOL_DECES": "دعم تمدرس أبناء المنخرطين النشيطين المتوفين",
    "BOURSE_EXC": "منحة التميز",
    "UNIV_PART": "رسوم مخفضة بمؤسسات التعليم العالي الشريكة",
    "SCOL_DIFF": "دعم تمدرس أبناء المنخرطين في وضعية صعبة",
    "TRANS_AIR": "دعم النقل الجوي",
    "AID_ADHA": "دعم عيد الأضحى",
    "CONDOLEANCE": "التعزية",
    "INWI": "اتفاقية إنوي",
    "CTM": "تخفيض الستيام",
    "RENAULT": "عروض رونو",
    "ANAPEC": "تكوين أبناء المنخرطين بشراكة مع الوكالة الوطنية لإنعاش التشغيل والكفاءات",
}


def service(code: str) -> Service:
    return Service.objects.prefetch_related("rules").get(code=code)


def campaign(code: str, key: str = "main") -> Campaign:
    return Campaign.objects.get(service__code=code, year=2026, key=key)


def refusals(code: str, member: Member, **extra: object) -> list[str]:
    svc = service(code)
    if "campaign" not in extra:
        extra["campaign"] = campaign(code)
    context = context_for(member, service=svc, **extra)  # type: ignore[arg-type]
    return [result.message for result in evaluate_eligibility(svc.rules.all(), context)]


def amount(code: str, member: Member, **extra: object) -> Decimal | None:
    svc = service(code)
    if "campaign" not in extra:
        extra["campaign"] = campaign(code)
    return compute_amount(svc.rules.all(), context_for(member, service=svc, **extra))  # type: ignore[arg-type]


def test_it_installs_every_service_of_the_seeds_in_both_languages() -> None:
    names = dict(Service.objects.values_list("code", "name_ar"))
    assert {code: names.get(code) for code in SEED_SERVICES} == SEED_SERVICES
    assert not Service.objects.filter(name_fr="").exists()


def test_every_installed_rule_is_valid_and_every_service_has_a_campaign() -> None:
    for rule in Rule.objects.select_related("service", "campaign", "motive"):
        rule.full_clean()
    for svc in Service.objects.all():
        svc.full_clean()
        assert svc.campaigns.filter(year=2026).exists(), svc.code


def test_it_copies_the_air_transport_provinces() -> None:
    rule = Rule.objects.get(service__code="TRANS_AIR", kind="posting_province_in")
    assert rule.params["provinces"] == AIR_TRANSPORT_PROVINCES


def _posted_in(province: str) -> Member:
    return MemberFactory.create(
        posting_type=PostingType.EXTERNAL, posting_province=Province.objects.get(code=province)
    )


def test_air_transport_pays_30_percent_of_the_ticket_in_oujda() -> None:
    member = _posted_in("oujda-angad")
    assert refusals("TRANS_AIR", member, history=StaticHistory(count=3)) == []
    assert amount("TRANS_AIR", member, base_amount=Decimal("2400.00")) == Decimal("720.00")


def test_air_transport_is_refused_in_rabat_with_the_provinces() -> None:
    messages = refusals("TRANS_AIR", _posted_in("rabat"))
    assert len(messages) == 1
    assert messages[0].startswith(
        "Ce service est réservé aux adhérents affectés dans les provinces suivantes : "
    )
    assert "Oujda-Angad" in messages[0]


def test_air_transport_refuses_the_fifth_round_trip_of_the_year() -> None:
    member = _posted_in("nador")
    spouse = SpouseFactory.create(member=member)
    assert refusals(
        "TRANS_AIR",
        member,
        beneficiary=Beneficiary.of_spouse(spouse),
        history=StaticHistory(count=4),
    ) == ["Au plus 4 allers-retours par an et par bénéficiaire. Nombre déjà demandé en 2026 : 4."]


def test_the_camp_refuses_a_child_aged_22() -> None:
    child = ChildFactory.create(first_name="Omar", birth_date=dt.date(2003, 6, 1))
    member = child.member
    assert refusals("Col_E", member, beneficiary=Beneficiary.of_child(child)) == [
        "Ce service est réservé aux bénéficiaires âgés de 8 à 15 ans. Omar a 22 ans."
    ]
    ten = ChildFactory.create(member=member, birth_date=dt.date(2016, 1, 1))
    assert refusals("Col_E", member, beneficiary=Beneficiary.of_child(ten)) == []


def test_the_camp_offers_only_the_children_of_the_age() -> None:
    member = MemberFactory.create()
    ChildFactory.create(member=member, first_name="Ten", birth_date=dt.date(2016, 1, 1))
    ChildFactory.create(member=member, first_name="Old", birth_date=dt.date(2004, 1, 1))
    svc = service("Col_E")
    people = eligible_beneficiaries(svc, member, at=local(2026, 3, 10), campaign=campaign("Col_E"))
    assert [person.display_name for person in people] == ["Ten"]


def test_schooling_support_pays_a_middle_school_child_of_a_member_who_died_in_2018() -> None:
    member = MemberFactory.create(
        is_deceased=True, death_date=dt.date(2018, 4, 2), position=Position.ACTIVE
    )
    child = ChildFactory.create(member=member, school_level=SchoolLevel.MIDDLE)
    as_child = Beneficiary.of_child(child)
    assert refusals("SCOL_DECES", member, beneficiary=as_child) == []
    assert amount("SCOL_DECES", member, beneficiary=as_child) == Decimal("12500.00")
    alive_parent = ChildFactory.create(school_level=SchoolLevel.MIDDLE)
    assert refusals(
        "SCOL_DECES", alive_parent.member, beneficiary=Beneficiary.of_child(alive_parent)
    )


def test_the_excellence_grant_pays_7000_and_refuses_the_sixth_year() -> None:
    child = ChildFactory.create(birth_date=dt.date(2006, 1, 1))
    as_child = Beneficiary.of_child(child)
    moment = local(2026, 9, 1)
    assert refusals("BOURSE_EXC", child.member, beneficiary=as_child, at=moment) == []
    assert amount("BOURSE_EXC", child.member, beneficiary=as_child) == Decimal("7000.00")
    sixth = refusals(
        "BOURSE_EXC", child.member, beneficiary=as_child, at=moment, history=StaticHistory(years=5)
    )
    assert sixth == [
        "Ce service est accordé au plus 5 années par bénéficiaire. "
        "Nombre d'années déjà accordées : 5."
    ]


def test_an_estivage_invoice_of_20_september_falls_in_the_off_summer_campaign() -> None:
    member = MemberFactory.create()
    invoice = {"invoice_date": dt.date(2026, 9, 20), "at": local(2026, 9, 25)}
    assert (
        refusals("ESTIVAGE", member, campaign=campaign("ESTIVAGE", "off-summer"), **invoice) == []
    )
    summer = refusals("ESTIVAGE", member, campaign=campaign("ESTIVAGE", "summer"), **invoice)
    assert summer == [
        "La facture du 20/09/2026 n'entre pas dans la période de cette campagne : "
        "du 01/07/2026 au 15/09/2026."
    ]


def test_estivage_pays_half_the_invoice_within_3000_and_asks_for_originals() -> None:
    member = MemberFactory.create()
    off_summer = campaign("ESTIVAGE", "off-summer")
    half = amount("ESTIVAGE", member, campaign=off_summer, base_amount=Decimal("4200.00"))
    assert half == Decimal("2100.00")
    capped = amount("ESTIVAGE", member, campaign=off_summer, base_amount=Decimal("9000.00"))
    assert capped == Decimal("3000.00")
    estivage = service("ESTIVAGE")
    assert estivage.originals == ["Facture originale du séjour", "Reçu de paiement original"]
    assert estivage.originals_deadline_days == 15


def test_the_health_aid_has_three_motives_one_pdf_and_asks_for_the_rib() -> None:
    aid = service("AIDE_SANTE")
    assert list(aid.motives.values_list("name_fr", flat=True)) == [
        "Maladie oncologique",
        "Surcoût de frais médicaux",
        "Traitements médicaux non pris en charge par la CNOPS",
    ]
    (document,) = aid.documents.all()
    assert document.combined_pdf
    assert document.accepted_types == ["pdf"]
    assert aid.shows("rib")
    assert aid.shows("motive")
    member = MemberFactory.create()
    assert amount("AIDE_SANTE", member, base_amount=Decimal("10000.00")) == Decimal("5000.00")
    nearly_spent = StaticHistory(amount=Decimal("19000.00"))
    capped = amount("AIDE_SANTE", member, base_amount=Decimal("10000"), history=nearly_spent)
    assert capped == Decimal("1000.00")


def test_the_disability_cover_caps_each_item_at_its_own_ceiling() -> None:
    cover = service("HANDICAP")
    child = ChildFactory.create(has_disability=True)
    as_child = Beneficiary.of_child(child)
    assert refusals("HANDICAP", child.member, beneficiary=as_child) == []
    speech = cover.motives.get(code="orthophonie")
    feet = cover.motives.get(code="podologie")
    history = StaticHistory(amount_by_motive={speech.pk: Decimal("5000.00")})
    common = {"beneficiary": as_child, "base_amount": Decimal("3000.00"), "history": history}
    assert amount("HANDICAP", child.member, motive=speech, **common) == Decimal("1000.00")
    assert amount("HANDICAP", child.member, motive=feet, **common) == Decimal("2000.00")
    other = ChildFactory.create(has_disability=False)
    assert refusals("HANDICAP", other.member, beneficiary=Beneficiary.of_child(other))


def test_covid_tests_are_for_members_in_the_external_services() -> None:
    assert refusals("COVID_TEST", _posted_in("rabat")) == []
    central = MemberFactory.create(posting_type=PostingType.CENTRAL)
    assert refusals("COVID_TEST", central) == [
        "Ce service est réservé aux adhérents affectés dans : Services extérieurs."
    ]


def test_a_closed_campaign_is_refused() -> None:
    member = MemberFactory.create()
    assert refusals("AID_ADHA", member, at=local(2026, 6, 1)) == [
        "Aucune campagne de ce service n'est ouverte à cette date."
    ]
    assert refusals("AID_ADHA", member, at=local(2026, 5, 1)) == []
