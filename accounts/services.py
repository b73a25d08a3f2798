"""Every change to an account: one keyword-only function, one transaction, one audit row.

Views, the API, signals and the admin call these functions; none repeats their rules.
Emails are queued on commit and sent by a background task.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.settings import knox_settings

from accounts.constants import EventKind, LinkPurpose, RequestOutcome
from accounts.models import (
    PUBLIC_ID_LENGTH,
    AccountEvent,
    AccountLink,
    ApiToken,
    TermsAcceptance,
    TermsVersion,
    User,
)
from accounts.requests import RequestInfo
from accounts.roles import is_staff_user
from accounts.validators import (
    validate_new_password_differs,
    validate_pension_given,
    validate_registration_email,
)
from notifications.services import queue_email
from registry.models import Member, Position


class InvalidLinkError(Exception):
    """The link is unknown, expired or already used."""


# Audit ---------------------------------------------------------------------------------------


def record_event(
    *,
    kind: EventKind,
    info: RequestInfo,
    user: User | None = None,
    matricule: str = "",
    details: dict[str, Any] | None = None,
) -> AccountEvent:
    return AccountEvent.objects.create(
        user=user,
        matricule=(matricule or (user.username if user else ""))[:150],
        kind=kind,
        ip_address=info.ip_address,
        user_agent=info.user_agent,
        details=details or {},
    )


def _queue_email(*, template: str, user: User, to: str, context: dict[str, Any]) -> None:
    queue_email(
        template=f"accounts/email/{template}",
        to=to,
        language=user.preferred_language,
        context={"user": user, **context},
    )


# Single-use links ----------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def link_url(*, site_url: str, token: str) -> str:
    return site_url.rstrip("/") + reverse("account_link", kwargs={"token": token})


def _issue_link(
    *,
    user: User,
    purpose: LinkPurpose,
    email: str,
    token: str,
    token_hash: str,
    site_url: str,
    info: RequestInfo,
    template: str = "",
    context: dict[str, Any] | None = None,
) -> None:
    hours = settings.ACCOUNT_LINK_VALIDITY_HOURS
    AccountLink.objects.create(
        user=user,
        purpose=purpose,
        token_hash=token_hash,
        email=email,
        expires_at=timezone.now() + timedelta(hours=hours),
    )
    _queue_email(
        template=template or LINK_TEMPLATES[purpose],
        user=user,
        to=email,
        context={
            "url": link_url(site_url=site_url, token=token),
            "validity_hours": hours,
            **(context or {}),
        },
    )
    # The address is in the member's account history: a link to an address they do not know
    # is how they notice that someone is at work on their account.
    record_event(
        kind=EventKind.LINK_SENT,
        info=info,
        user=user,
        details={"purpose": str(purpose), "email": email},
    )


LINK_TEMPLATES = {
    LinkPurpose.ACTIVATION: "activation",
    LinkPurpose.RESET: "password_reset",
    LinkPurpose.EMAIL_CHANGE: "email_change_confirm",
}


def links_left(*, user: User) -> bool:
    """Whether the account may be sent one more link now (ACCOUNT_LINKS_PER_HOUR).

    Counted per account, not per address: whoever asks, from however many addresses, cannot
    flood a member's mailbox. The per-address API throttle is a separate, earlier limit.
    """
    since = timezone.now() - timedelta(hours=1)
    sent = AccountLink.objects.filter(user=user, created_at__gte=since).count()
    return sent < settings.ACCOUNT_LINKS_PER_HOUR


def _record_link_limited(*, user: User, info: RequestInfo, asked: str) -> None:
    record_event(kind=EventKind.LINK_LIMITED, info=info, user=user, details={"asked": asked})


def registry_addresses(member: Member) -> list[str]:
    """The addresses the registry holds for the member, lower-cased (HR and pension files)."""
    return [
        address.strip().lower()
        for address in (member.professional_email, member.private_email)
        if address and address.strip()
    ]


def _link_address(*, member: Member, user: User | None, typed: str) -> tuple[str, RequestOutcome]:
    """Where a registration link may go, and why (docs/decisions/account-links-not-passwords.md).

    An account that has a password or an address is never pointed at a new address: the link
    goes to the address on file, whatever was typed. A new account takes the registry's address
    when the registry has one (the typed one must be it); only without one is a typed private
    address trusted.
    """
    if user is not None and (user.has_usable_password() or user.email):
        on_file = user.email or next(iter(registry_addresses(member)), "")
        if not on_file:
            return "", RequestOutcome.NO_EMAIL
        return on_file, RequestOutcome.SENT_TO_ADDRESS_ON_FILE
    known = registry_addresses(member)
    if known and typed.strip().lower() not in known:
        return "", RequestOutcome.EMAIL_MISMATCH
    return typed.strip(), RequestOutcome.MATCH


def _registry_outcome(
    member: Member | None, *, cin: str, position: str, pension_number: str
) -> RequestOutcome:
    if member is None:
        return RequestOutcome.UNKNOWN_MATRICULE
    if member.cin.upper() != cin.strip().upper():
        return RequestOutcome.CIN_MISMATCH
    if member.position != position:
        return RequestOutcome.POSITION_MISMATCH
    if (
        member.position == Position.RETIRED
        and member.pension_number.strip().upper() != pension_number.strip().upper()
    ):
        return RequestOutcome.PENSION_MISMATCH
    if member.is_deceased:
        return RequestOutcome.DECEASED
    return RequestOutcome.MATCH


def _account_outcome(user: User | None) -> RequestOutcome:
    if user is None:
        return RequestOutcome.MATCH
    if not user.is_active:
        return RequestOutcome.ACCOUNT_DISABLED
    if is_staff_user(user):
        return RequestOutcome.STAFF_ACCOUNT
    return RequestOutcome.MATCH


SENDING_OUTCOMES = (RequestOutcome.MATCH, RequestOutcome.SENT_TO_ADDRESS_ON_FILE)


@transaction.atomic
def request_account_link(
    *,
    matricule: str,
    cin: str,
    position: str,
    email: str,
    pension_number: str = "",
    language: str = "fr",
    site_url: str,
    info: RequestInfo,
) -> None:
    """ "Créer un compte / Récupérer mot de passe": email a link when the registry agrees.

    The caller shows the same answer whatever happens; the outcome is only in the audit row.
    The same work is done on a match and a mismatch (a token is made and hashed, an audit row
    written) and the email leaves in the background, so the time does not tell either.
    The typed address reaches only a new account: an existing one is written to at the
    address on file ("someone asked to recover your account").
    """
    validate_registration_email(position=position, email=email)
    validate_pension_given(position=position, pension_number=pension_number)
    matricule = matricule.strip()
    token, token_hash = _new_token()
    member = Member.objects.select_related("user").filter(matricule=matricule).first()
    outcome = _registry_outcome(member, cin=cin, position=position, pension_number=pension_number)
    user: User | None = None
    to = ""
    if outcome == RequestOutcome.MATCH and member is not None:
        user = User.objects.filter(member=member).first()
        outcome = _account_outcome(user)
    if outcome == RequestOutcome.MATCH and member is not None:
        to, outcome = _link_address(member=member, user=user, typed=email)
    if outcome in SENDING_OUTCOMES and user is not None and not links_left(user=user):
        outcome = RequestOutcome.TOO_MANY_LINKS
    details: dict[str, Any] = {"outcome": str(outcome)}
    if to.lower() != email.strip().lower():
        details["typed_email"] = email.strip()  # for an administrator looking into an attack
    record_event(
        kind=EventKind.REGISTRATION_REQUESTED,
        info=info,
        user=user,
        matricule=matricule,
        details=details,
    )
    if outcome == RequestOutcome.TOO_MANY_LINKS and user is not None:
        _record_link_limited(user=user, info=info, asked="registration")
    if outcome not in SENDING_OUTCOMES or member is None:
        return
    if user is None:
        user = User(
            username=member.matricule,
            member=member,
            first_name=member.first_name,
            last_name=member.last_name,
            preferred_language=language,
        )
        user.set_unusable_password()
        user.save()
    purpose = LinkPurpose.RESET if user.has_usable_password() else LinkPurpose.ACTIVATION
    _issue_link(
        user=user,
        purpose=purpose,
        email=to,
        token=token,
        token_hash=token_hash,
        site_url=site_url,
        info=info,
        template="account_recovery" if outcome == RequestOutcome.SENT_TO_ADDRESS_ON_FILE else "",
    )


@transaction.atomic
def request_password_reset(*, matricule: str, cin: str, site_url: str, info: RequestInfo) -> None:
    """ "Mot de passe oublié": a link to the address already on the account, if any."""
    matricule = matricule.strip()
    token, token_hash = _new_token()
    user = (
        User.objects.select_related("member")
        .filter(username=matricule, member__isnull=False)
        .first()
    )
    if user is None or user.member is None:
        outcome = RequestOutcome.NO_ACCOUNT
    elif user.member.cin.upper() != cin.strip().upper():
        outcome = RequestOutcome.CIN_MISMATCH
    elif user.member.is_deceased:
        outcome = RequestOutcome.DECEASED
    elif not user.email:
        outcome = RequestOutcome.NO_EMAIL
    else:
        outcome = _account_outcome(user)
    if outcome == RequestOutcome.MATCH and user is not None and not links_left(user=user):
        outcome = RequestOutcome.TOO_MANY_LINKS
    record_event(
        kind=EventKind.RESET_REQUESTED,
        info=info,
        user=user,
        matricule=matricule,
        details={"outcome": str(outcome)},
    )
    if outcome == RequestOutcome.TOO_MANY_LINKS and user is not None:
        _record_link_limited(user=user, info=info, asked="password_reset")
    if outcome != RequestOutcome.MATCH or user is None:
        return
    purpose = LinkPurpose.RESET if user.has_usable_password() else LinkPurpose.ACTIVATION
    _issue_link(
        user=user,
        purpose=purpose,
        email=user.email,
        token=token,
        token_hash=token_hash,
        site_url=site_url,
        info=info,
    )


def usable_link(*, token: str) -> AccountLink | None:
    link = AccountLink.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    if link is None or not link.is_usable() or not link.user.is_active:
        return None
    return link


def _locked_link(*, token: str, purposes: tuple[LinkPurpose, ...]) -> AccountLink:
    link = (
        AccountLink.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=hash_token(token), purpose__in=purposes)
        .first()
    )
    if link is None or not link.is_usable() or not link.user.is_active:
        raise InvalidLinkError
    return link


def reject_link(*, token: str, info: RequestInfo) -> None:
    link = AccountLink.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    record_event(
        kind=EventKind.LINK_REJECTED,
        info=info,
        user=link.user if link else None,
        details={"reason": "unknown" if link is None else ("used" if link.used_at else "expired")},
    )


@transaction.atomic
def set_password_from_link(*, token: str, password: str, info: RequestInfo) -> User:
    """Follow a registration or reset link: set the password and spend the link."""
    link = _locked_link(token=token, purposes=(LinkPurpose.ACTIVATION, LinkPurpose.RESET))
    user = link.user
    validate_password(password, user)
    now = timezone.now()
    user.set_password(password)
    # Only a first activation brings an address; a password link never moves the address on
    # file (an address changes through confirm_email_change alone).
    if not user.email:
        user.email = link.email
    activation = link.purpose == LinkPurpose.ACTIVATION
    if activation:
        user.must_change_password = settings.ACCOUNT_FORCE_PASSWORD_CHANGE_AFTER_ACTIVATION
    user.save(update_fields=["password", "email", "must_change_password"])
    AccountLink.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    ApiToken.objects.filter(user=user).delete()  # every device signs in again
    record_event(
        kind=EventKind.ACTIVATED if activation else EventKind.PASSWORD_RESET,
        info=info,
        user=user,
    )
    if not activation:
        _queue_email(template="password_changed", user=user, to=user.email, context={})
    return user


# Email address ------------------------------------------------------------------------------


def _check_new_email(*, user: User, new_email: str, info: RequestInfo) -> None:
    if new_email.lower() == user.email.lower():
        raise ValidationError(_("C'est déjà l'adresse de votre compte."), code="same_email")
    if user.member is not None:
        validate_registration_email(position=user.member.position, email=new_email)
    if not links_left(user=user):
        _record_link_limited(user=user, info=info, asked="email_change")
        raise ValidationError(
            _("Trop de liens ont été envoyés à ce compte : réessayez dans une heure."),
            code="too_many_links",
        )


def request_email_change(
    *, user: User, password: str, new_email: str, site_url: str, info: RequestInfo
) -> None:
    """Send a confirmation link to the new address; the old one is told at once.

    Only from the signed-in account and with the current password: a session left open is
    not enough to move the account away from its owner's mailbox. The checks run before the
    transaction, so the audit row of a request refused by the link limit is kept.
    """
    if not user.check_password(password):
        raise ValidationError(
            {"current_password": ValidationError(_("Le mot de passe actuel est incorrect."))}
        )
    new_email = new_email.strip()
    try:
        _check_new_email(user=user, new_email=new_email, info=info)
    except ValidationError as error:
        # Each refusal names the field it is about, so the form and the API place it as is.
        raise ValidationError({"new_email": error.error_list}) from error
    _send_email_change_link(user=user, new_email=new_email, site_url=site_url, info=info)


@transaction.atomic
def _send_email_change_link(
    *, user: User, new_email: str, site_url: str, info: RequestInfo
) -> None:
    # Only the latest request can be confirmed.
    AccountLink.objects.filter(
        user=user, purpose=LinkPurpose.EMAIL_CHANGE, used_at__isnull=True
    ).update(used_at=timezone.now())
    record_event(
        kind=EventKind.EMAIL_CHANGE_REQUESTED,
        info=info,
        user=user,
        details={"old_email": user.email, "new_email": new_email},
    )
    token, token_hash = _new_token()
    _issue_link(
        user=user,
        purpose=LinkPurpose.EMAIL_CHANGE,
        email=new_email,
        token=token,
        token_hash=token_hash,
        site_url=site_url,
        info=info,
    )
    _queue_email(
        template="email_change_requested",
        user=user,
        to=user.email,
        context={"new_email": new_email},
    )


@transaction.atomic
def confirm_email_change(*, token: str, info: RequestInfo) -> User:
    """Follow the link sent to the new address: the account takes it, the old one is told."""
    link = _locked_link(token=token, purposes=(LinkPurpose.EMAIL_CHANGE,))
    user = link.user
    old_email = user.email
    user.email = link.email
    user.save(update_fields=["email"])
    # Links already sent point at the old address, or at an address just replaced.
    AccountLink.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
    record_event(
        kind=EventKind.EMAIL_CHANGED,
        info=info,
        user=user,
        details={"old_email": old_email, "new_email": user.email},
    )
    _queue_email(
        template="email_changed", user=user, to=old_email, context={"new_email": user.email}
    )
    return user


# Terms, password -----------------------------------------------------------------------------


@transaction.atomic
def accept_terms(*, user: User, version: TermsVersion, info: RequestInfo) -> TermsAcceptance:
    current = TermsVersion.current()
    if current is None or current.pk != version.pk:
        raise ValidationError(
            _("Une nouvelle version des conditions générales a été publiée : relisez-la."),
            code="terms_outdated",
        )
    acceptance, created = TermsAcceptance.objects.get_or_create(
        user=user, version=version, defaults={"ip_address": info.ip_address}
    )
    if created:
        record_event(
            kind=EventKind.TERMS_ACCEPTED,
            info=info,
            user=user,
            details={"version": version.version},
        )
    return acceptance


@transaction.atomic
def change_password(*, user: User, new_password: str, info: RequestInfo) -> None:
    """The caller has checked the current password; this checks the new one and saves it."""
    validate_new_password_differs(user=user, new_password=new_password)
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    ApiToken.objects.filter(user=user).delete()  # every device signs in again
    record_event(kind=EventKind.PASSWORD_CHANGED, info=info, user=user)
    if user.email:
        _queue_email(template="password_changed", user=user, to=user.email, context={})


# Logins --------------------------------------------------------------------------------------


def record_login(*, user: User, info: RequestInfo, channel: str = "web") -> None:
    record_event(kind=EventKind.LOGIN_SUCCEEDED, info=info, user=user, details={"channel": channel})


@transaction.atomic
def record_login_failure(*, matricule: str, info: RequestInfo, channel: str = "web") -> None:
    user = User.objects.filter(username=matricule).first() if matricule else None
    record_event(
        kind=EventKind.LOGIN_FAILED,
        info=info,
        user=user,
        matricule=matricule,
        details={"channel": channel},
    )
    if user is not None:
        _warn_of_attack(user=user, info=info)


def _warn_of_attack(*, user: User, info: RequestInfo) -> None:
    """Tell the member, once per window, that their password is being tried.

    Their account is not locked (the addresses trying are): the notice is what lets the member
    act, by choosing another password or turning the second factor on.
    """
    since = timezone.now() - timedelta(hours=settings.LOGIN_ATTACK_NOTICE_HOURS)
    recent = AccountEvent.objects.filter(user=user, created_at__gte=since)
    failures = recent.filter(kind=EventKind.LOGIN_FAILED).count()
    if failures < settings.LOGIN_ATTACK_NOTICE_FAILURES or not user.email:
        return
    # The user's row is the lock: two failures at the same moment send one notice.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if recent.filter(kind=EventKind.ATTACK_NOTICE_SENT).exists():
        return
    record_event(
        kind=EventKind.ATTACK_NOTICE_SENT, info=info, user=user, details={"failures": failures}
    )
    _queue_email(template="attack_notice", user=user, to=user.email, context={"failures": failures})


def record_lockout(*, matricule: str, info: RequestInfo) -> None:
    user = User.objects.filter(username=matricule).first() if matricule else None
    record_event(kind=EventKind.LOCKED_OUT, info=info, user=user, matricule=matricule)


def record_logout(*, user: User, info: RequestInfo) -> None:
    record_event(kind=EventKind.LOGGED_OUT, info=info, user=user)


@transaction.atomic
def unlock_account(*, actor: User, user: User, info: RequestInfo) -> int:
    """Lift a lockout on a matricule before the cool-off ends; returns the attempts removed."""
    from axes.utils import reset

    removed = reset(username=user.username)
    record_event(
        kind=EventKind.UNLOCKED,
        info=info,
        user=user,
        details={"by": actor.username, "attempts_removed": removed},
    )
    return removed


DEVICE_MAX = 120


def device_label(*, given: str, user_agent: str) -> str:
    """What "Mes appareils connectés" calls a device: the name the app gave, else its
    User-Agent, else a generic name."""
    label = " ".join((given or user_agent).split())[:DEVICE_MAX]
    return label or str(_("Appareil sans nom"))


@transaction.atomic
def issue_api_token(*, user: User, info: RequestInfo, device: str = "") -> tuple[ApiToken, str]:
    """A new token for one device; the others stay. Returns the row and the token, which is
    shown once and never stored (only its digest is)."""
    now = timezone.now()
    ApiToken.objects.filter(user=user, expiry__lt=now).delete()
    label = device_label(given=device, user_agent=info.user_agent)
    api_token, token = ApiToken.objects.create(user, device=label, last_used_at=now)
    record_event(kind=EventKind.API_TOKEN_ISSUED, info=info, user=user, details={"device": label})
    return api_token, token


@transaction.atomic
def revoke_api_token(*, user: User, public_id: str, info: RequestInfo) -> bool:
    """ "Déconnecter" one device of the account; False when the account has no such device."""
    if len(public_id) != PUBLIC_ID_LENGTH or not public_id.isalnum():
        return False
    api_token = (
        ApiToken.objects.select_for_update()
        .filter(user=user, digest__startswith=public_id.lower())
        .first()
    )
    if api_token is None:
        return False
    device = api_token.device
    api_token.delete()
    record_event(kind=EventKind.API_TOKEN_REVOKED, info=info, user=user, details={"device": device})
    return True


@transaction.atomic
def log_out_api_token(*, user: User, api_token: ApiToken, info: RequestInfo) -> None:
    """The app's "Sortir": this device's token ends; the account's other devices stay."""
    ApiToken.objects.filter(user=user, digest=api_token.digest).delete()
    record_event(
        kind=EventKind.API_TOKEN_REVOKED,
        info=info,
        user=user,
        details={"device": api_token.device, "by": "logout"},
    )
    record_logout(user=user, info=info)


def token_lifetimes() -> tuple[int, int]:
    """The idle and absolute lifetimes of a token, in hours (REST_KNOX)."""
    idle = int(knox_settings.TOKEN_TTL.total_seconds() // 3600)
    absolute = knox_settings.AUTO_REFRESH_MAX_TTL
    return idle, int(absolute.total_seconds() // 3600) if absolute else 0


# Second factor -------------------------------------------------------------------------------


def needs_second_factor(user: User) -> bool:
    """Staff always; members who turned it on."""
    return is_staff_user(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp_device(*, user: User) -> TOTPDevice:
    """The unconfirmed device being set up (made once, so reloading keeps the same key)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


@transaction.atomic
def confirm_totp_device(*, user: User, device: TOTPDevice, info: RequestInfo) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    record_event(kind=EventKind.OTP_ENABLED, info=info, user=user)


@transaction.atomic
def disable_totp(*, user: User, info: RequestInfo) -> None:
    if is_staff_user(user):
        raise ValidationError(
            _("La double authentification est obligatoire pour le personnel."),
            code="otp_required_for_staff",
        )
    TOTPDevice.objects.filter(user=user).delete()
    record_event(kind=EventKind.OTP_DISABLED, info=info, user=user)


def record_otp_failure(*, user: User, info: RequestInfo) -> None:
    record_event(kind=EventKind.OTP_FAILED, info=info, user=user)
