"""Rules on what a member types when asking for an account link."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry.models import Position


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower() if "@" in email else ""


def validate_registration_email(*, position: str, email: str) -> None:
    """Active members use a professional address; the others may use a private one."""
    domains = settings.PROFESSIONAL_EMAIL_DOMAINS
    if position == Position.ACTIVE and domains and email_domain(email) not in domains:
        raise ValidationError(
            _(
                "Un adhérent en activité doit indiquer son adresse professionnelle "
                "(se terminant par %(domains)s)."
            )
            % {"domains": ", ".join(f"@{domain}" for domain in domains)},
            code="professional_email_required",
        )


def validate_pension_given(*, position: str, pension_number: str) -> None:
    if position == Position.RETIRED and not pension_number.strip():
        raise ValidationError(
            _("Un retraité doit indiquer son numéro de pension."), code="pension_required"
        )


def validate_new_password_differs(*, user: object, new_password: str) -> None:
    check = getattr(user, "check_password", None)
    if check is not None and check(new_password):
        raise ValidationError(
            _("Le nouveau mot de passe doit être différent de l'actuel."),
            code="password_unchanged",
        )
