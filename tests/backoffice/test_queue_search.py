"""Search in a queue: dossier number, matricule, CIN, or the member's name in either script."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from catalog.models import Service
from dossiers.models import Dossier
from tests.dossiers.factories import SentDossierFactory, open_campaign
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(service: Service, assigned: None) -> dict[str, Dossier]:
    campaign = open_campaign(service)
    people = {
        "bennani": MemberFactory.create(
            matricule="1043210", cin="AB123456", last_name="Bennani", first_name="Youssef",
            last_name_ar="بناني", first_name_ar="يوسف",
        ),
        "berrada": MemberFactory.create(
            matricule="1050927", cin="BE654321", last_name="Berrada", first_name="Fatima Zahra",
            last_name_ar="برادة", first_name_ar="فاطمة الزهراء",
        ),
    }  # fmt: skip
    return {
        key: SentDossierFactory.create(member=member, service=service, campaign=campaign)
        for key, member in people.items()
    }


def _found(client: Client, service: Service, query: str, **extra: Any) -> list[str]:
    response = client.get(f"/backoffice/dossiers/queue/{service.code}/", {"q": query, **extra})
    assert response.status_code == 200
    return [d.member.last_name for d in response.context["page"].rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("1043210", ["Bennani"]),
        ("ab123456", ["Bennani"]),
        ("BE 654321", ["Berrada"]),
        ("bennani", ["Bennani"]),
        ("fatima zahra", ["Berrada"]),
        ("ZAHRA berrada", ["Berrada"]),
        ("برادة", ["Berrada"]),
        ("يوسف بناني", ["Bennani"]),
        ("Be", ["Bennani", "Berrada"]),
        ("Tazi", []),
        ("9999999", []),
    ],
)
def test_it_finds_the_member(
    agent_client: Client, service: Service, dossiers: dict[str, Dossier], query: str,
    expected: list[str],
) -> None:  # fmt: skip
    assert sorted(_found(agent_client, service, query)) == expected


def test_it_finds_a_dossier_by_its_number_in_any_case(
    agent_client: Client, service: Service, dossiers: dict[str, Dossier]
) -> None:
    number = dossiers["berrada"].number
    assert number is not None
    assert _found(agent_client, service, number) == ["Berrada"]
    assert _found(agent_client, service, number.lower().replace("/", " / ")) == ["Berrada"]


def test_a_number_of_another_service_finds_nothing_here(
    agent_client: Client, service: Service, dossiers: dict[str, Dossier]
) -> None:
    number = dossiers["berrada"].number
    assert number is not None
    sequence, _code, year = number.split("/")
    assert _found(agent_client, service, f"{sequence}/OTHER/{year}") == []


def test_search_looks_in_every_status_unless_one_is_chosen(
    agent_client: Client, service: Service, dossiers: dict[str, Dossier]
) -> None:
    Dossier.objects.filter(pk=dossiers["bennani"].pk).update(status="paid")
    assert _found(agent_client, service, "Bennani") == ["Bennani"]
    assert _found(agent_client, service, "Bennani", status="open") == []
    assert _found(agent_client, service, "Bennani", status="rejected") == []
    assert _found(agent_client, service, "Bennani", status="paid") == ["Bennani"]
    unsearched = agent_client.get(f"/backoffice/dossiers/queue/{service.code}/")
    assert unsearched.context["filters"].status == "open"
