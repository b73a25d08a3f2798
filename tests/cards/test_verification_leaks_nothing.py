"""The public verification shows the holder's names, photo and validity date, and nothing else:
not on the page, not in the API, not to anyone signed in or not; and it is never cached or
indexed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from cards.models import MemberCard
from cards.services import issue_card
from cards.tokens import attestation_token, card_token
from tests.cards.factories import AttestationFactory, PhotoFactory
from tests.factories import ChildFactory, MemberFactory, MemberUserFactory, SpouseFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(admin_user: User) -> MemberCard:
    member = MemberFactory.create(
        phone="0611223344",
        professional_email="s.secret@finances.gov.ma",
        pension_number="",
        posting_entity="Direction Confidentielle",
    )
    SpouseFactory.create(member=member, first_name="Zineb", cin="ZZ998877")
    ChildFactory.create(member=member, first_name="Rachida", first_name_ar="رشيدة")
    PhotoFactory.create(member=member)
    return issue_card(member=member, actor=admin_user)


def _secrets(card: MemberCard) -> list[str]:
    member = card.member
    return [
        member.matricule,
        member.cin,
        member.rib,
        member.phone,
        member.professional_email,
        member.posting_entity,
        member.birth_date.isoformat(),
        member.birth_date.strftime("%d/%m/%Y"),
        "Zineb",
        "ZZ998877",
        "Rachida",
        "رشيدة",
        card.number,
    ]


def _assert_no_secret(body: str, card: MemberCard) -> None:
    leaked = [secret for secret in _secrets(card) if secret and secret in body]
    assert leaked == []


def test_the_page_shows_only_the_names_photo_and_validity(client: Client, card: MemberCard) -> None:
    token = card_token(card)
    body = client.get(f"/verify/{token}/").content.decode()
    _assert_no_secret(body, card)
    assert card.member.first_name in body
    assert card.member.last_name_ar in body
    assert card.valid_until.strftime("%d/%m/%Y") in body
    assert f"/verify/{token}/photo/" in body


def test_the_api_answers_only_the_names_photo_and_validity(
    client: Client, card: MemberCard
) -> None:
    token = card_token(card)
    response = client.get(f"/api/v1/verify/{token}/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "status",
        "first_name",
        "last_name",
        "first_name_ar",
        "last_name_ar",
        "name_fr",
        "name_ar",
        "valid_until",
        "photo_url",
    }
    assert data["status"] == "valid"
    assert data["valid_until"] == card.valid_until.isoformat()
    assert data["photo_url"] == f"http://testserver/verify/{token}/photo/"
    _assert_no_secret(response.content.decode(), card)


def test_the_attestation_page_shows_only_the_name_date_and_kind(client: Client) -> None:
    member = MemberFactory.create(phone="0611223344")
    ChildFactory.create(member=member, first_name="Rachida")
    attestation = AttestationFactory.create(member=member)
    body = client.get(f"/verify/attestation/{attestation_token(attestation)}/").content.decode()
    for secret in (member.matricule, member.cin, member.rib, member.phone, "Rachida"):
        assert secret not in body
    assert member.first_name in body
    assert f"{timezone.localdate(attestation.issued_at):%d/%m/%Y}" in body


def test_the_photo_is_served_for_a_good_token_without_its_metadata(
    client: Client, card: MemberCard
) -> None:
    response = client.get(f"/verify/{card_token(card)}/photo/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "no-store"
    assert b"Exif" not in response.content[:200]


@pytest.mark.parametrize("token", ["forged", "WzEsIkZPUy0yMDI2LTAwMDAwMSJd:bad"])
def test_the_photo_view_refuses_a_bad_token(client: Client, card: MemberCard, token: str) -> None:
    assert client.get(f"/verify/{token}/photo/").status_code == 404


def test_the_photo_view_refuses_an_attestation_token(client: Client, card: MemberCard) -> None:
    attestation = AttestationFactory.create(pk=card.pk, number=card.number, member=card.member)
    assert client.get(f"/verify/{attestation_token(attestation)}/photo/").status_code == 404


def test_the_photo_of_a_revoked_card_is_not_shown(
    client: Client, card: MemberCard, admin_user: User
) -> None:
    token = card_token(card)
    issue_card(member=card.member, actor=admin_user)
    assert client.get(f"/verify/{token}/photo/").status_code == 404
    assert client.get(f"/api/v1/verify/{token}/").json()["photo_url"] is None


@pytest.mark.parametrize(
    "path", ["/verify/{token}/", "/verify/{token}/photo/", "/api/v1/verify/{token}/"]
)
def test_it_is_never_cached_nor_indexed(client: Client, card: MemberCard, path: str) -> None:
    response = client.get(path.format(token=card_token(card)))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_the_api_answers_invalid_with_nothing_else(client: Client, card: MemberCard) -> None:
    data = client.get("/api/v1/verify/forged/").json()
    assert data["status"] == "invalid"
    assert {key for key, value in data.items() if value is not None} == {"status"}


def test_a_member_with_a_closed_gate_still_sees_the_page(client: Client, card: MemberCard) -> None:
    newcomer = MemberUserFactory.create(must_change_password=True)  # terms not accepted either
    client.force_login(newcomer)
    assert client.get(f"/verify/{card_token(card)}/").status_code == 200


def test_staff_without_their_second_factor_still_see_the_page(
    client: Client, card: MemberCard, agent_user: User
) -> None:
    client.force_login(agent_user)
    assert client.get(f"/verify/{card_token(card)}/").status_code == 200
    login_staff(client, agent_user)
    assert client.get(f"/verify/{card_token(card)}/").status_code == 200


def test_an_expired_card_still_shows_its_holder(client: Client, card: MemberCard) -> None:
    MemberCard.objects.filter(pk=card.pk).update(valid_until=dt.date(2020, 1, 1))
    body = client.get(f"/verify/{card_token(card)}/").content.decode()
    assert "Carte expirée" in body
    assert "01/01/2020" in body
