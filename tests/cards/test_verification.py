"""What the QR code's token answers: valid, expired, revoked (replaced too), or invalid for any
token the portal did not sign for a card, as it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from accounts.models import User
from cards.constants import ATTESTATION_TOKEN_SALT, CARD_TOKEN_SALT, Verdict
from cards.models import MemberCard
from cards.services import issue_card, revoke_card
from cards.tokens import attestation_token, card_token
from cards.verification import verify_attestation, verify_card
from tests.cards.factories import AttestationFactory, MemberCardFactory
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(admin_user: User) -> MemberCard:
    return issue_card(member=MemberFactory.create(), actor=admin_user)


def _altered(token: str) -> str:
    """The same token with one character of the payload changed."""
    index = 3
    replacement = "A" if token[index] != "A" else "B"
    return token[:index] + replacement + token[index + 1 :]


def test_it_answers_valid_for_an_active_card(card: MemberCard) -> None:
    result = verify_card(card_token(card))
    assert result.verdict == Verdict.VALID
    assert result.holder is not None
    assert result.holder.name_fr == f"{card.member.first_name} {card.member.last_name}"
    assert result.valid_until == card.valid_until


def test_it_answers_expired_after_the_validity_date() -> None:
    card = MemberCardFactory.create(valid_until=timezone.localdate() - dt.timedelta(days=1))
    assert verify_card(card_token(card)).verdict == Verdict.EXPIRED


def test_it_answers_valid_on_the_last_day() -> None:
    card = MemberCardFactory.create(valid_until=timezone.localdate())
    assert verify_card(card_token(card)).verdict == Verdict.VALID


def test_it_answers_revoked_for_a_revoked_card(card: MemberCard, supervisor_user: User) -> None:
    revoke_card(card=card, reason="Carte perdue", actor=supervisor_user)
    assert verify_card(card_token(card)).verdict == Verdict.REVOKED


def test_it_answers_revoked_for_a_replaced_card(card: MemberCard, admin_user: User) -> None:
    token = card_token(card)
    new = issue_card(member=card.member, actor=admin_user)
    assert verify_card(token).verdict == Verdict.REVOKED
    assert verify_card(card_token(new)).verdict == Verdict.VALID


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda card: "", id="empty"),
        pytest.param(lambda card: "not-a-token", id="garbage"),
        pytest.param(lambda card: card.number, id="the-card-number"),
        pytest.param(lambda card: _altered(card_token(card)), id="one-character-changed"),
        pytest.param(lambda card: card_token(card)[:-1], id="signature-cut"),
        pytest.param(lambda card: card_token(card) + "x" * 300, id="too-long"),
        pytest.param(
            lambda card: signing.Signer(salt="another.salt").sign_object([card.pk, card.number]),
            id="another-salt",
        ),
        pytest.param(
            lambda card: signing.Signer(salt=ATTESTATION_TOKEN_SALT).sign_object(
                [card.pk, card.number]
            ),
            id="the-attestation-salt",
        ),
        pytest.param(
            lambda card: signing.Signer(key="another-key", salt=CARD_TOKEN_SALT).sign_object(
                [card.pk, card.number]
            ),
            id="another-key",
        ),
        pytest.param(
            lambda card: signing.Signer(salt=CARD_TOKEN_SALT).sign_object(
                [card.pk, "FOS-1999-000001"]
            ),
            id="signed-but-wrong-number",
        ),
        pytest.param(
            lambda card: signing.Signer(salt=CARD_TOKEN_SALT).sign_object({"id": card.pk}),
            id="signed-but-wrong-shape",
        ),
        pytest.param(
            lambda card: signing.Signer(salt=CARD_TOKEN_SALT).sign_object(
                [card.pk + 1000, card.number]
            ),
            id="signed-but-unknown-card",
        ),
    ],
)
def test_it_answers_invalid_for_a_token_we_did_not_sign_for_this_card(
    card: MemberCard, forge: Any
) -> None:
    result = verify_card(forge(card))
    assert result.verdict == Verdict.INVALID
    assert result.holder is None
    assert result.valid_until is None


def test_it_answers_the_page_for_each_verdict(client: Client, card: MemberCard) -> None:
    valid = client.get(f"/verify/{card_token(card)}/")
    assert valid.status_code == 200
    assert "Carte valide" in valid.content.decode()
    forged = client.get(f"/verify/{_altered(card_token(card))}/")
    assert forged.status_code == 404
    assert "Carte non reconnue" in forged.content.decode()


def test_it_verifies_an_attestation(client: Client) -> None:
    attestation = AttestationFactory.create()
    result = verify_attestation(attestation_token(attestation))
    assert result.verdict == Verdict.VALID
    assert result.holder is not None
    assert result.issued_at == attestation.issued_at
    response = client.get(f"/verify/attestation/{attestation_token(attestation)}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Document authentique" in page
    assert "Attestation d&#x27;adhésion" in page or "Attestation d'adhésion" in page


def test_it_refuses_a_card_token_as_an_attestation(card: MemberCard, client: Client) -> None:
    AttestationFactory.create(pk=card.pk, number=card.number)
    assert verify_attestation(card_token(card)).verdict == Verdict.INVALID
    response = client.get(f"/verify/attestation/{card_token(card)}/")
    assert response.status_code == 404


def test_it_refuses_an_altered_attestation_token() -> None:
    attestation = AttestationFactory.create()
    assert verify_attestation(_altered(attestation_token(attestation))).verdict == Verdict.INVALID
