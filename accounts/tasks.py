"""Account emails, rendered in the member's language and sent in the background."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import User

EMAIL_TEMPLATES = ("activation", "password_reset", "password_changed")


def render_account_email(
    *, template: str, user: User, context: dict[str, Any]
) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one of the EMAIL_TEMPLATES, in the user's language."""
    if template not in EMAIL_TEMPLATES:
        raise ValueError(f"unknown account email template {template!r}")
    with translation.override(user.preferred_language):
        full_context = {
            "user": user,
            "portal_name": settings.FOS_SHORT_NAME,
            "foundation_name": settings.FOS_NAME,
            "LANGUAGE_CODE": user.preferred_language,
            "LANGUAGE_BIDI": translation.get_language_bidi(),
            **context,
        }
        base = f"accounts/email/{template}"
        subject = render_to_string(f"{base}_subject.txt", full_context).strip()
        text = render_to_string(f"{base}.txt", full_context)
        html = render_to_string(f"{base}.html", full_context)
    return " ".join(subject.split()), text, html


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_account_email(*, template: str, user_id: int, to: str, context: dict[str, Any]) -> None:
    user = User.objects.select_related("member").get(pk=user_id)
    subject, text, html = render_account_email(template=template, user=user, context=context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
