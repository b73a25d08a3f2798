"""Back office "Cartes d'adhérent": staff find cards; agents issue, only supervisors revoke."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from cards.constants import CardStatus
from cards.models import MemberCard
from cards.services import issue_card
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
LIST = "/backoffice/cards/"


@pytest.fixture
def card(admin_user: User) -> MemberCard:
    return issue_card(
        member=MemberFactory.create(last_name="Berrada", last_name_ar="برادة"), actor=admin_user
    )


def test_it_refuses_members(member_client: Client, card: MemberCard) -> None:
    assert member_client.get(LIST).status_code == 403
    assert member_client.post(f"{LIST}issue/", {"matricule": "100000"}).status_code == 403
    assert member_client.post(f"{LIST}{card.pk}/revoke/", {"reason": "x"}).status_code == 403


def test_it_sends_anonymous_visitors_to_the_login(client: Client) -> None:
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_lists_cards_for_an_agent(agent_client: Client, card: MemberCard) -> None:
    response = agent_client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert card.number in page
    assert card.member.matricule in page
    assert "Révoquer" not in page.split("<tbody>")[1]


@pytest.mark.parametrize("query", ["{number}", "{matricule}", "Berrada", "برادة", "berr"])
def test_it_finds_a_card(
    agent_client: Client, card: MemberCard, admin_user: User, query: str
) -> None:
    issue_card(member=MemberFactory.create(last_name="Zemmouri"), actor=admin_user)
    q = query.format(number=card.number, matricule=card.member.matricule)
    page = agent_client.get(LIST, {"q": q}).content.decode()
    assert card.number in page
    assert "Zemmouri" not in page


def test_it_filters_by_status(agent_client: Client, card: MemberCard, admin_user: User) -> None:
    new = issue_card(member=card.member, actor=admin_user)
    replaced = agent_client.get(LIST, {"status": "replaced"}).content.decode()
    assert card.number in replaced and new.number not in replaced
    active = agent_client.get(LIST, {"status": "active"}).content.decode()
    assert new.number in active and card.number not in active


def test_it_pages_in_a_fixed_number_of_queries(agent_client: Client, admin_user: User) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert agent_client.get(LIST).status_code == 200
        return len(captured)

    issue_card(member=MemberFactory.create(), actor=admin_user)
    few = queries()
    for _ in range(30):
        issue_card(member=MemberFactory.create(), actor=admin_user)
    assert queries() == few
    second = agent_client.get(LIST, {"page": 2}).content.decode()
    assert "Page 2 sur 2" in second


def test_an_agent_issues_a_card(agent_client: Client, agent_user: User) -> None:
    member = MemberFactory.create()
    response = agent_client.post(f"{LIST}issue/", {"matricule": member.matricule})
    assert response.status_code == 302
    card = MemberCard.objects.get(member=member)
    assert card.status == CardStatus.ACTIVE
    assert card.events.get().actor == agent_user


def test_issuing_to_an_unknown_matricule_says_so(agent_client: Client) -> None:
    response = agent_client.post(f"{LIST}issue/", {"matricule": "999999"}, follow=True)
    assert "Aucun adhérent n&#x27;a ce matricule" in response.content.decode()
    assert not MemberCard.objects.exists()


def test_an_agent_cannot_revoke(agent_client: Client, card: MemberCard) -> None:
    assert agent_client.get(f"{LIST}{card.pk}/revoke/").status_code == 403
    assert agent_client.post(f"{LIST}{card.pk}/revoke/", {"reason": "Perdue"}).status_code == 403
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE


def test_a_supervisor_revokes_with_a_reason(
    supervisor_client: Client, supervisor_user: User, card: MemberCard
) -> None:
    assert "Révoquer" in supervisor_client.get(LIST).content.decode()
    assert supervisor_client.get(f"{LIST}{card.pk}/revoke/").status_code == 200
    response = supervisor_client.post(f"{LIST}{card.pk}/revoke/", {"reason": "Carte perdue"})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == CardStatus.REVOKED
    assert card.revocation_reason == "Carte perdue"
    assert card.events.last().actor == supervisor_user  # type: ignore[union-attr]


def test_a_revocation_needs_a_reason(supervisor_client: Client, card: MemberCard) -> None:
    response = supervisor_client.post(f"{LIST}{card.pk}/revoke/", {"reason": "  "})
    assert response.status_code == 200
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE


def test_the_section_is_on_the_back_office_home(agent_client: Client) -> None:
    assert 'href="/backoffice/cards/"' in agent_client.get("/backoffice/").content.decode()
