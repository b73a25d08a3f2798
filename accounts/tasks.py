"""Account emails, rendered in the member's language; they leave through the outbox
(notifications.services.queue_email)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from notifications.services import render_email

EMAIL_TEMPLATES = (
    "activation",
    "password_reset",
    "password_changed",
    "account_recovery",
    "email_change_confirm",
    "email_change_requested",
    "email_changed",
    "attack_notice",
)


def render_account_email(
    *, template: str, user: User, context: dict[str, Any]
) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one of the EMAIL_TEMPLATES, in the user's language."""
    if template not in EMAIL_TEMPLATES:
        raise ValueError(f"unknown account email template {template!r}")
    return render_email(
        template=f"accounts/email/{template}",
        language=user.preferred_language,
        context={"user": user, **context},
    )
