"""A member reaches only their own card: the card pages take no identifier at all, and what a
request sends cannot choose another member."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern

from accounts.models import User
from cards import urls as card_urls
from cards.models import MemberCard
from cards.services import issue_card
from registry.models import Member
from tests.cards.helpers import pdf_text
from tests.factories import MemberUserFactory

pytestmark = pytest.mark.django_db


def test_no_card_page_takes_an_identifier() -> None:
    patterns = [p for p in card_urls.urlpatterns if isinstance(p, URLPattern)]
    assert patterns
    # The only parameter any of them takes is the year of a yearly statement: never a person.
    assert all(set(p.pattern.converters) <= {"year"} for p in patterns)
    assert all(str(p.pattern).replace("<int:year>", "").count("<") == 0 for p in patterns)


def test_a_member_sees_only_their_own_card(
    member_client: Client, card_member: Member, admin_user: User
) -> None:
    other = MemberUserFactory.create().member
    assert other is not None
    other_card = issue_card(member=other, actor=admin_user)
    page = member_client.get("/card/").content.decode()
    assert other_card.number not in page
    assert other.matricule not in page
    assert member_client.get("/card/pdf/").status_code == 302  # no card of their own yet


def test_a_member_cannot_issue_a_card_to_someone_else(
    member_client: Client, card_member: Member
) -> None:
    other = MemberUserFactory.create().member
    assert other is not None
    member_client.post("/card/issue/", {"member": other.pk, "member_id": other.pk})
    assert MemberCard.objects.filter(member=card_member).count() == 1
    assert not MemberCard.objects.filter(member=other).exists()


def test_query_parameters_do_not_choose_the_pdf(
    member_client: Client, card_member: Member, admin_user: User
) -> None:
    other = MemberUserFactory.create().member
    assert other is not None
    other_card = issue_card(member=other, actor=admin_user)
    member_client.post("/card/issue/")
    response = member_client.get(f"/card/pdf/?member={other.pk}&card={other_card.pk}")
    assert response.status_code == 200
    _pages, text = pdf_text(response.content)
    assert other_card.number not in text
    assert MemberCard.objects.get(member=card_member).number in text
    assert f"carte-{other_card.number}" not in response["Content-Disposition"]


def test_anonymous_visitors_are_sent_to_the_login(client: Client) -> None:
    for path in ("/card/", "/card/pdf/", "/card/attestation/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
