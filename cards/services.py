"""Every change to a card, and the issuing of attestations: one function each, one transaction,
its permission check and its history row (STYLE.md point 1). Views, the back office, the API and
the registry's signals call these; none of them writes a card itself."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_staff_user
from backoffice.access import is_supervisor
from cards.constants import (
    ATTESTATION_NUMBER_PREFIX,
    CARD_NUMBER_PREFIX,
    REASON_DECEASED,
    REASON_MEMBERSHIP_ENDED,
    REASON_REPLACED,
    AttestationKind,
    CardEventKind,
    CardStatus,
)
from cards.models import AttestationIssued, CardEvent, MemberCard, NumberSequence
from fos import sequences
from registry.membership import is_current_member, member_is_current
from registry.models import Member
from registry.validators import add_years

REASON_MAX_LENGTH = MemberCard._meta.get_field("revocation_reason").max_length or 200
DECEASED_REFUSAL = _("Aucune carte ni attestation ne peut être délivrée : l'adhérent est décédé.")
NOT_MEMBER_REFUSAL = _(
    "Aucune carte ni attestation ne peut être délivrée : le registre n'indique pas d'adhésion en "
    "cours."
)


def _acts_for(actor: User, member: Member) -> bool:
    """The member themselves, or the Foundation's staff."""
    return actor.member_id == member.pk or is_staff_user(actor)


def _check_current_member(member: Member) -> None:
    """Cards and attestations are for current members only (registry.membership)."""
    if member.is_deceased:
        raise ValidationError(DECEASED_REFUSAL, code="deceased")
    if not is_current_member(member):
        raise ValidationError(NOT_MEMBER_REFUSAL, code="not_member")


def next_number(prefix: str, year: int) -> str:
    """``PREFIX-YEAR-000123``: the year's sequence row is locked until the caller's transaction
    ends, so two issues queue and a rolled-back one leaves no gap. Call inside ``atomic``."""
    return f"{prefix}-{year}-{sequences.next_number(NumberSequence, year, prefix=prefix):06d}"


def _end(card: MemberCard, *, status: CardStatus, reason: str, actor: User | None) -> None:
    card.status = status
    card.revoked_at = timezone.now()
    card.revocation_reason = reason
    card.save(update_fields=["status", "revoked_at", "revocation_reason"])
    kind = CardEventKind.REPLACED if status == CardStatus.REPLACED else CardEventKind.REVOKED
    CardEvent.objects.create(card=card, kind=kind, actor=actor, reason=reason)


def issue_card(*, member: Member, actor: User) -> MemberCard:
    """A new active card for the member; the card they had is marked replaced.

    Raises PermissionDenied when ``actor`` is neither the member nor staff, and ValidationError
    when the registry says the member has died or is not (or no longer) a member.
    """
    if not _acts_for(actor, member):
        raise PermissionDenied
    with transaction.atomic():
        # One member's issues queue here: never two active cards, even for a moment.
        locked = Member.objects.select_for_update().get(pk=member.pk)
        _check_current_member(locked)
        now = timezone.now()
        previous = (
            MemberCard.objects.select_for_update()
            .filter(member=locked, status=CardStatus.ACTIVE)
            .first()
        )
        if previous is not None:
            _end(previous, status=CardStatus.REPLACED, reason=REASON_REPLACED, actor=actor)
        today = timezone.localdate(now)
        card = MemberCard.objects.create(
            member=locked,
            number=next_number(CARD_NUMBER_PREFIX, today.year),
            issued_at=now,
            valid_until=add_years(today, settings.CARD_VALIDITY_YEARS),
            replaces=previous,
        )
        CardEvent.objects.create(card=card, kind=CardEventKind.ISSUED, actor=actor)
    return card


def revoke_card(*, card: MemberCard, reason: str, actor: User | None) -> MemberCard:
    """End an active card for good. Supervisors (and administrators) only; ``actor=None`` is
    the portal itself (a death or the end of membership received from the registry)."""
    if actor is not None and not is_supervisor(actor):
        raise PermissionDenied
    reason = " ".join(reason.split())[:REASON_MAX_LENGTH]
    if not reason:
        raise ValidationError(_("Indiquez le motif de la révocation."), code="reason_required")
    with transaction.atomic():
        locked = MemberCard.objects.select_for_update().get(pk=card.pk)
        if locked.status != CardStatus.ACTIVE:
            raise ValidationError(
                _("La carte %(number)s n'est plus active.") % {"number": locked.number},
                code="not_active",
            )
        _end(locked, status=CardStatus.REVOKED, reason=reason, actor=actor)
    return locked


def revoke_cards_of_departed_members(*, member_ids: Iterable[int] | None = None) -> int:
    """Revoke the active card of every member who left: dead, or whose membership the registry
    says has ended (registry.membership). Returns how many cards were revoked.

    Called for one member when their registry row is saved (cards.signals) and for everyone
    after a registry import, whose bulk writes send no save signal.
    """
    cards = (
        MemberCard.objects.filter(status=CardStatus.ACTIVE)
        .exclude(member_is_current("member"))
        .select_related("member")
    )
    if member_ids is not None:
        cards = cards.filter(member_id__in=list(member_ids))
    revoked = 0
    for card in cards:
        reason = REASON_DECEASED if card.member.is_deceased else REASON_MEMBERSHIP_ENDED
        try:
            revoke_card(card=card, reason=reason, actor=None)
        except ValidationError:
            continue  # ended meanwhile by someone else
        revoked += 1
    return revoked


def issue_attestation(
    *,
    member: Member,
    actor: User,
    kind: str = AttestationKind.MEMBERSHIP,
    year: int | None = None,
) -> AttestationIssued:
    """Number and record an attestation; its PDF and QR code refer to this row. ``year`` is
    the year a yearly statement covers."""
    if not _acts_for(actor, member):
        raise PermissionDenied
    _check_current_member(member)
    with transaction.atomic():
        now = timezone.now()
        return AttestationIssued.objects.create(
            member=member,
            kind=kind,
            year=year,
            number=next_number(ATTESTATION_NUMBER_PREFIX, timezone.localdate(now).year),
            issued_at=now,
            issued_by=actor,
        )
