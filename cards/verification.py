"""What a partner learns from a card's or an attestation's QR code, and nothing more.

The answer carries the verdict and, for a card the portal knows, the holder's first and last
names in both scripts, the validity date and whether a photo can be shown. The model rows stay
inside: a page or an endpoint can only print what these dataclasses expose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django_stubs_ext import StrOrPromise

from cards.constants import AttestationKind, CardStatus, Verdict
from cards.models import AttestationIssued, MemberCard
from cards.photos import latest_photo
from cards.tokens import read_attestation_token, read_card_token
from documents.models import MemberDocument
from registry.membership import is_current_member
from registry.models import Member

SHOWS_PHOTO = (Verdict.VALID, Verdict.EXPIRED)


@dataclass(frozen=True)
class Holder:
    first_name: str
    last_name: str
    first_name_ar: str
    last_name_ar: str

    @property
    def name_fr(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def name_ar(self) -> str:
        return f"{self.first_name_ar} {self.last_name_ar}".strip()


@dataclass(frozen=True)
class CardVerification:
    verdict: Verdict
    holder: Holder | None = None
    valid_until: dt.date | None = None
    photo: MemberDocument | None = None


@dataclass(frozen=True)
class AttestationVerification:
    verdict: Verdict
    holder: Holder | None = None
    kind: str = ""
    issued_at: dt.datetime | None = None
    year: int | None = None  # the year a yearly statement covers

    @property
    def kind_label(self) -> StrOrPromise:
        """In the language being rendered (the page shows it in French and in Arabic)."""
        return AttestationKind(self.kind).label if self.kind else ""


INVALID_CARD = CardVerification(Verdict.INVALID)
INVALID_ATTESTATION = AttestationVerification(Verdict.INVALID)


def _card_verdict(card: MemberCard, on: dt.date) -> Verdict:
    # The member's row is read too: a card whose holder left is refused even before the
    # revocation that follows reaches it.
    if card.status != CardStatus.ACTIVE or not is_current_member(card.member):
        return Verdict.REVOKED
    if card.is_expired(on):
        return Verdict.EXPIRED
    return Verdict.VALID


def _holder(member: Member) -> Holder:
    return Holder(member.first_name, member.last_name, member.first_name_ar, member.last_name_ar)


def verify_card(token: str, *, on: dt.date | None = None) -> CardVerification:
    payload = read_card_token(token)
    if payload is None:
        return INVALID_CARD
    card = (
        MemberCard.objects.select_related("member")
        .filter(pk=payload.pk, number=payload.number)
        .first()
    )
    if card is None:
        return INVALID_CARD
    verdict = _card_verdict(card, on or timezone.localdate())
    photo = latest_photo(card.member) if verdict in SHOWS_PHOTO else None
    return CardVerification(verdict, _holder(card.member), card.valid_until, photo)


def verify_attestation(token: str) -> AttestationVerification:
    payload = read_attestation_token(token)
    if payload is None:
        return INVALID_ATTESTATION
    attestation = (
        AttestationIssued.objects.select_related("member")
        .filter(pk=payload.pk, number=payload.number)
        .first()
    )
    if attestation is None:
        return INVALID_ATTESTATION
    return AttestationVerification(
        Verdict.VALID,
        _holder(attestation.member),
        attestation.kind,
        attestation.issued_at,
        attestation.year if attestation.kind == AttestationKind.YEARLY_STATEMENT else None,
    )
