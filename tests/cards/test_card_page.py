"""'Ma carte': get the card, see it with its photo, names, numbers, validity, QR code and family."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cards.constants import CardStatus
from cards.models import MemberCard
from registry.models import Member
from tests.cards.factories import PhotoFactory
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_it_offers_a_card_to_a_member_who_has_none(member_client: Client) -> None:
    page = member_client.get("/card/").content.decode()
    assert "Obtenir ma carte" in page
    assert "Télécharger la carte (PDF)" not in page


def test_it_issues_the_card_on_request(member_client: Client, card_member: Member) -> None:
    response = member_client.post("/card/issue/")
    assert response.status_code == 302
    assert response["Location"] == "/card/"
    card = MemberCard.objects.get(member=card_member)
    assert card.status == CardStatus.ACTIVE


def test_it_refuses_a_get_on_the_issue_url(member_client: Client, card_member: Member) -> None:
    assert member_client.get("/card/issue/").status_code == 405
    assert not MemberCard.objects.filter(member=card_member).exists()


def test_it_shows_the_card(member_client: Client, card_member: Member) -> None:
    member_client.post("/card/issue/")
    card = MemberCard.objects.get(member=card_member)
    page = member_client.get("/card/").content.decode()
    for text in (
        card.number,
        card_member.matricule,
        card_member.first_name,
        card_member.last_name,
        card_member.first_name_ar,
        card_member.last_name_ar,
        card.valid_until.strftime("%d/%m/%Y"),
        "Télécharger la carte (PDF)",
    ):
        assert text in page, text
    assert "<svg" in page
    assert "http://testserver/verify/" in page


def test_it_shows_the_latest_photo_through_the_documents_view(
    member_client: Client, card_member: Member
) -> None:
    PhotoFactory.create(member=card_member)
    latest = PhotoFactory.create(member=card_member)
    member_client.post("/card/issue/")
    page = member_client.get("/card/").content.decode()
    assert f'src="/documents/{latest.pk}/"' in page
    assert member_client.get(f"/documents/{latest.pk}/").status_code == 200


def test_it_shows_a_silhouette_without_a_photo(member_client: Client) -> None:
    member_client.post("/card/issue/")
    assert "cards/silhouette.svg" in member_client.get("/card/").content.decode()


def test_it_lists_the_entitled_family(member_client: Client, card_member: Member) -> None:
    ChildFactory.create(member=card_member, first_name="Yassine")
    page = member_client.get("/card/").content.decode()
    assert "Yassine" in page
    assert "Réduction CTM" in page


def test_it_builds_the_verify_link_on_portal_url(
    member_client: Client, settings: Any, card_member: Member
) -> None:
    settings.PORTAL_URL = "https://portail.fos.example/"
    member_client.post("/card/issue/")
    assert "https://portail.fos.example/verify/" in member_client.get("/card/").content.decode()


def test_the_user_menu_leads_to_the_card(member_client: Client) -> None:
    assert 'href="/card/"' in member_client.get("/card/").content.decode()


def test_staff_get_no_member_card_page(agent_client: Client) -> None:
    assert agent_client.get("/card/").status_code == 403


def test_it_prefers_the_photo_chosen_on_my_information(
    member_client: Client, card_member: Member
) -> None:
    chosen = PhotoFactory.create(member=card_member)
    PhotoFactory.create(member=card_member)
    Member.objects.filter(pk=card_member.pk).update(photo=chosen)
    member_client.post("/card/issue/")
    assert f'src="/documents/{chosen.pk}/"' in member_client.get("/card/").content.decode()
