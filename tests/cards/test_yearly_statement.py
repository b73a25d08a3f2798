"""The yearly statement: the member's paid dossiers of one year, grouped, totalled and signed."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from cards.constants import AttestationKind
from cards.models import AttestationIssued
from cards.statements import statement_years, yearly_statement
from catalog.constants import BeneficiaryType
from catalog.models import Service
from dossiers.constants import Actor, DossierStatus
from dossiers.models import Dossier, DossierEvent
from registry.models import Member
from tests.cards.helpers import pdf_text
from tests.catalog.factories import ServiceFactory
from tests.dossiers.factories import SentDossierFactory
from tests.factories import ChildFactory, MemberFactory, SpouseFactory

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


def paid(
    member: Member, service: Service, amount: str, *, year: int = YEAR, **extra: object
) -> Dossier:
    """A dossier paid on 15 March of ``year`` (its PAID event says so)."""
    dossier = SentDossierFactory.create(
        member=member,
        service=service,
        status=DossierStatus.PAID,
        approved_amount=Decimal(amount),
        **extra,
    )
    at = dt.datetime(year, 3, 15, 10, 0, tzinfo=timezone.get_current_timezone())
    DossierEvent.objects.create(
        dossier=dossier,
        from_status=DossierStatus.APPROVED,
        to_status=DossierStatus.PAID,
        actor_role=Actor.SYSTEM,
        at=at,
    )
    return dossier


@pytest.fixture
def services() -> tuple[Service, Service]:
    return (
        ServiceFactory.create(name_fr="Aide à la scolarité", name_ar="منحة التمدرس"),
        ServiceFactory.create(name_fr="Frais médicaux", name_ar="المصاريف الطبية"),
    )


@pytest.fixture
def family_dossiers(card_member: Member, services: tuple[Service, Service]) -> list[Dossier]:
    school, medical = services
    child = ChildFactory.create(member=card_member, first_name="Yassine", first_name_ar="ياسين")
    spouse = SpouseFactory.create(member=card_member, first_name="Salma")
    return [
        paid(card_member, school, "1000.10", beneficiary_type=BeneficiaryType.CHILD, child=child),
        paid(card_member, school, "250.00", beneficiary_type=BeneficiaryType.CHILD, child=child),
        paid(card_member, medical, "0.35", beneficiary_type=BeneficiaryType.SPOUSE, spouse=spouse),
        paid(card_member, medical, "40.00", beneficiary_type=BeneficiaryType.MEMBER),
    ]


def test_it_totals_per_service_per_beneficiary_and_overall(
    card_member: Member, family_dossiers: list[Dossier]
) -> None:
    statement = yearly_statement(card_member, YEAR)
    by_service = {service.name: service for service in statement.services}
    assert by_service["Aide à la scolarité"].total == Decimal("1250.10")
    assert by_service["Frais médicaux"].total == Decimal("40.35")
    totals = {group.name: group.total for group in statement.beneficiaries}
    assert totals == {
        f"Yassine {card_member.last_name}": Decimal("1250.10"),
        "Salma Bennani": Decimal("0.35"),
        f"{card_member.first_name} {card_member.last_name}": Decimal("40.00"),
    }
    (child_group,) = by_service["Aide à la scolarité"].beneficiaries
    assert len(child_group.lines) == 2
    assert statement.total == Decimal("1290.45")


def test_it_prints_the_totals_and_only_this_members_paid_dossiers_of_the_year(
    member_client: Client,
    card_member: Member,
    family_dossiers: list[Dossier],
    services: tuple[Service, Service],
) -> None:
    school, _medical = services
    approved = SentDossierFactory.create(
        member=card_member,
        service=school,
        status=DossierStatus.APPROVED,
        approved_amount=Decimal("777.77"),
    )
    other = paid(MemberFactory.create(), school, "888.88")
    last_year = paid(card_member, school, "999.99", year=YEAR - 1)
    response = member_client.get(f"/card/statement/{YEAR}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    _pages, text = pdf_text(response.content)
    assert "Relevé annuel des prestations" in text
    assert str(YEAR) in text
    for dossier in family_dossiers:
        assert dossier.number
        assert dossier.number in text
    # Printed the French way: a decimal comma.
    for amount in ("1000,10", "250,00", "0,35", "40,00", "1250,10", "40,35", "1290,45"):
        assert amount in text
    assert f"15/03/{YEAR}" in text
    for absent in (approved, other, last_year):
        assert absent.number
        assert absent.number not in text
    for amount in ("777,77", "888,88", "999,99"):
        assert amount not in text
    attestation = AttestationIssued.objects.get(member=card_member)
    assert attestation.kind == AttestationKind.YEARLY_STATEMENT
    assert attestation.year == YEAR
    assert attestation.number in text


def test_it_offers_the_paid_years_and_the_current_one(
    member_client: Client, card_member: Member, services: tuple[Service, Service]
) -> None:
    paid(card_member, services[0], "10.00", year=YEAR - 2)
    current = timezone.localdate().year
    assert statement_years(card_member) == [current, YEAR - 2]
    page = member_client.get("/card/").content.decode()
    assert f'<option value="{YEAR - 2}">' in page
    response = member_client.get("/card/statement/", {"year": YEAR - 2})
    assert response.status_code == 302
    assert response["Location"] == f"/card/statement/{YEAR - 2}/"


def test_it_refuses_a_future_year(member_client: Client) -> None:
    future = timezone.localdate().year + 1
    assert member_client.get(f"/card/statement/{future}/").status_code == 404
    assert not AttestationIssued.objects.exists()


def test_it_asks_to_sign_in(client: Client) -> None:
    response = client.get(f"/card/statement/{YEAR}/")
    assert response.status_code == 302
    assert "/card/statement/" not in response["Location"].split("?")[0]


def test_it_writes_the_arabic_version_with_the_arabic_service_name(
    member_client: Client, card_member: Member, family_dossiers: list[Dossier]
) -> None:
    member_client.cookies["fos_language"] = "ar"
    response = member_client.get(f"/card/statement/{YEAR}/")
    assert response.status_code == 200
    _pages, text = pdf_text(response.content)
    assert "منحة التمدرس" in text
    assert "Aide à la scolarité" not in text
    assert re.search(r"1290[.,\u066b]45", text)


def test_it_says_so_for_an_empty_year(member_client: Client, card_member: Member) -> None:
    response = member_client.get(f"/card/statement/{YEAR}/")
    assert response.status_code == 200
    _pages, text = pdf_text(response.content)
    assert "Aucune prestation" in text
    assert " ".join(text.split()).count(str(YEAR)) >= 1


def test_it_verifies_the_qr_token_showing_only_name_type_year_and_date(
    member_client: Client, card_member: Member, family_dossiers: list[Dossier]
) -> None:
    response = member_client.get(f"/card/statement/{YEAR}/")
    _pages, text = pdf_text(response.content)
    match = re.search(r"/verify/attestation/([^/\s]+)/", "".join(text.split()))
    assert match is not None
    page = Client().get(f"/verify/attestation/{match.group(1)}/")  # a stranger, not signed in
    assert page.status_code == 200
    body = page.content.decode()
    attestation = AttestationIssued.objects.get(member=card_member)
    assert card_member.first_name in body
    assert f"Relevé annuel des prestations {YEAR}" in body
    assert f"{timezone.localdate(attestation.issued_at):%d/%m/%Y}" in body
    for secret in (
        card_member.matricule,
        "1290,45",
        "1290.45",
        "1000,10",
        "Yassine",
        "Salma",
        "Aide à la",
    ):
        assert secret not in body
    for dossier in family_dossiers:
        assert dossier.number
        assert dossier.number not in body
