"""The card and the attestation as PDFs: the right pages, the right text, Arabic included."""

from __future__ import annotations

import pytest
from django.test import Client

from cards.models import AttestationIssued, MemberCard
from registry.models import Member
from tests.cards.factories import PhotoFactory
from tests.cards.helpers import pdf_text
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_it_makes_the_card_pdf(member_client: Client, card_member: Member) -> None:
    PhotoFactory.create(member=card_member)
    ChildFactory.create(member=card_member, first_name="Yassine", first_name_ar="ياسين")
    member_client.post("/card/issue/")
    card = MemberCard.objects.get(member=card_member)
    response = member_client.get("/card/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    pages, text = pdf_text(response.content)
    assert pages in (1, 2)
    assert card.number in text
    assert card_member.matricule in text
    assert card_member.last_name_ar in text
    assert "Yassine" in text


def test_it_sends_a_member_without_a_card_to_the_card_page(member_client: Client) -> None:
    response = member_client.get("/card/pdf/")
    assert response.status_code == 302
    assert response["Location"] == "/card/"


def test_it_makes_an_attestation_and_keeps_a_row_of_it(
    member_client: Client, card_member: Member
) -> None:
    member_client.post("/card/issue/")
    response = member_client.get("/card/attestation/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    attestation = AttestationIssued.objects.get(member=card_member)
    pages, text = pdf_text(response.content)
    assert pages == 1
    assert "Attestation d'adhésion" in text
    assert attestation.number in text
    assert card_member.matricule in text
    assert MemberCard.objects.get(member=card_member).number in text
    assert card_member.last_name_ar in text


def test_it_makes_an_attestation_in_arabic_first(
    member_client: Client, card_member: Member
) -> None:
    member_client.cookies["fos_language"] = "ar"
    response = member_client.get("/card/attestation/")
    assert response.status_code == 200
    _pages, text = pdf_text(response.content)
    assert text.index(card_member.last_name_ar) < text.index(card_member.last_name)
