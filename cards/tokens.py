"""The signed tokens of the QR codes (docs/decisions/card-verification-tokens.md).

A token is ``Signer(salt=...).sign_object([id, number])``, with a salt of its own per kind: it
proves that the portal made it and names one row. It carries no timestamp and expires with
nothing: the row says whether the card is still valid. Anything that does not unsign is simply
not ours.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from cards.constants import ATTESTATION_TOKEN_SALT, CARD_TOKEN_SALT
from cards.models import AttestationIssued, MemberCard

# A real token is about 60 characters; anything much longer is refused before unsigning.
MAX_TOKEN_LENGTH = 200


@dataclass(frozen=True)
class TokenPayload:
    pk: int
    number: str


def _sign(pk: int, number: str, salt: str) -> str:
    return signing.Signer(salt=salt).sign_object([pk, number])


def _read(token: str, salt: str) -> TokenPayload | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        payload = signing.Signer(salt=salt).unsign_object(token)
    except (signing.BadSignature, ValueError, UnicodeError):
        return None
    if (
        not isinstance(payload, list)
        or len(payload) != 2
        or not isinstance(payload[0], int)
        or isinstance(payload[0], bool)
        or not isinstance(payload[1], str)
    ):
        return None
    return TokenPayload(payload[0], payload[1])


def card_token(card: MemberCard) -> str:
    return _sign(card.pk, card.number, CARD_TOKEN_SALT)


def read_card_token(token: str) -> TokenPayload | None:
    """The card the token names, if the portal signed it for a card; else None."""
    return _read(token, CARD_TOKEN_SALT)


def attestation_token(attestation: AttestationIssued) -> str:
    return _sign(attestation.pk, attestation.number, ATTESTATION_TOKEN_SALT)


def read_attestation_token(token: str) -> TokenPayload | None:
    return _read(token, ATTESTATION_TOKEN_SALT)
