"""What the account pages read, in a fixed, small number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import EventKind, LinkPurpose
from accounts.models import PUBLIC_ID_LENGTH, AccountEvent, ApiToken, User

HISTORY_SHOWN = 30

# What the member's "Historique du compte" shows: every link sent and every change of address,
# password, second factor or device, so that a member sees what was done with the account.
HISTORY_KINDS = (
    EventKind.LINK_SENT,
    EventKind.LINK_LIMITED,
    EventKind.ACTIVATED,
    EventKind.PASSWORD_CHANGED,
    EventKind.PASSWORD_RESET,
    EventKind.EMAIL_CHANGE_REQUESTED,
    EventKind.EMAIL_CHANGED,
    EventKind.LOCKED_OUT,
    EventKind.ATTACK_NOTICE_SENT,
    EventKind.OTP_ENABLED,
    EventKind.OTP_DISABLED,
    EventKind.API_TOKEN_ISSUED,
    EventKind.API_TOKEN_REVOKED,
    EventKind.UNLOCKED,
)


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    sentence: str
    ip_address: str | None


def _link_sentence(event: AccountEvent) -> str:
    email = str(event.details.get("email", "")) or "—"
    purpose = event.details.get("purpose")
    if purpose == LinkPurpose.ACTIVATION:
        return _("Lien d'activation du compte envoyé à %(email)s.") % {"email": email}
    if purpose == LinkPurpose.EMAIL_CHANGE:
        return _("Lien de confirmation de la nouvelle adresse envoyé à %(email)s.") % {
            "email": email
        }
    return _("Lien pour choisir un nouveau mot de passe envoyé à %(email)s.") % {"email": email}


def describe(event: AccountEvent) -> str:
    """One event of the account as a sentence the member reads."""
    details = event.details or {}
    kind = event.kind
    if kind == EventKind.LINK_SENT:
        return _link_sentence(event)
    if kind == EventKind.EMAIL_CHANGE_REQUESTED:
        return _(
            "Changement d'adresse demandé vers %(email)s ; l'ancienne adresse a été prévenue."
        ) % {"email": details.get("new_email", "—")}
    if kind == EventKind.EMAIL_CHANGED:
        return _("Adresse du compte changée de %(old)s à %(new)s.") % {
            "old": details.get("old_email") or "—",
            "new": details.get("new_email") or "—",
        }
    if kind == EventKind.LINK_LIMITED:
        return _("Demande de lien refusée : trop de liens envoyés à ce compte en une heure.")
    if kind == EventKind.LOCKED_OUT:
        return _("Connexions bloquées depuis une adresse après des échecs répétés.")
    if kind == EventKind.ATTACK_NOTICE_SENT:
        return _("Échecs de connexion répétés : un avertissement vous a été envoyé par courriel.")
    if kind == EventKind.API_TOKEN_ISSUED:
        return _("Appareil connecté : %(device)s.") % {"device": details.get("device") or "—"}
    if kind == EventKind.API_TOKEN_REVOKED:
        return _("Appareil déconnecté : %(device)s.") % {"device": details.get("device") or "—"}
    return str(event.get_kind_display())


def account_history(user: User) -> list[HistoryLine]:
    """The account's latest history lines, newest first, in one query."""
    events = AccountEvent.objects.filter(user=user, kind__in=HISTORY_KINDS).order_by(
        "-created_at", "-id"
    )[:HISTORY_SHOWN]
    return [HistoryLine(event.created_at, describe(event), event.ip_address) for event in events]


def connected_devices(user: User) -> QuerySet[ApiToken]:
    """The account's API tokens still in force, most recently used first (one query)."""
    return ApiToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by(
        "-last_used_at", "-created"
    )


def connected_device(user: User, public_id: str) -> ApiToken | None:
    """One device of the account by its public id; None for another account's or none."""
    if len(public_id) != PUBLIC_ID_LENGTH or not public_id.isalnum():
        return None
    return connected_devices(user).filter(digest__startswith=public_id.lower()).first()
