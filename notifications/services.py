"""Queue and deliver emails through the outbox (notifications.models.OutboundEmail)."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import EmailStatus, OutboundEmail

logger = logging.getLogger(__name__)
TEMPLATE_NAME = re.compile(r"^[a-z_]+/email/[a-z_]+$")
MAX_DELAY = timedelta(hours=6)


def render_email(*, template: str, language: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject, plain text and HTML of ``<app>/email/<name>`` in the given language."""
    if not TEMPLATE_NAME.match(template):
        raise ValueError(f"not an email template name: {template!r}")
    with translation.override(language):
        full_context = {
            "portal_name": settings.FOS_SHORT_NAME,
            "foundation_name": settings.FOS_NAME,
            "LANGUAGE_CODE": language,
            "LANGUAGE_BIDI": translation.get_language_bidi(),
            **context,
        }
        subject = render_to_string(f"{template}_subject.txt", full_context)
        text = render_to_string(f"{template}.txt", full_context)
        html = render_to_string(f"{template}.html", full_context)
    return " ".join(subject.split())[:255], text, html


def queue_email(
    *, template: str, to: str, language: str, context: dict[str, Any]
) -> OutboundEmail | None:
    """Render the email now, keep it in the outbox with the caller's transaction, and ask a
    background worker to deliver it once that transaction commits."""
    if not to:
        return None
    subject, text, html = render_email(template=template, language=language, context=context)
    email = OutboundEmail.objects.create(
        template=template, to=to, language=language, subject=subject, text=text, html=html
    )
    from notifications.tasks import deliver_email

    transaction.on_commit(lambda: deliver_email.delay(email.pk))
    return email


def retry_delay(attempts: int) -> timedelta:
    return min(timedelta(minutes=2**attempts), MAX_DELAY)


def deliver(email_id: int) -> bool:
    """Send one pending email; on failure keep it for a later try. Never raises."""
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update()
            .filter(pk=email_id, status=EmailStatus.PENDING)
            .first()
        )
        if email is None:
            return False
        message = EmailMultiAlternatives(email.subject, email.text, to=[email.to])
        message.attach_alternative(email.html, "text/html")
        email.attempts += 1
        try:
            message.send()
        except Exception as error:
            email.last_error = f"{type(error).__name__}: {error}"[:255]
            if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                email.status = EmailStatus.FAILED
            email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
            email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            logger.warning("email %s to the outbox's retry queue: %s", email.pk, email.last_error)
            return False
        email.status = EmailStatus.SENT
        email.sent_at = timezone.now()
        email.text = email.html = ""
        email.last_error = ""
        email.save(update_fields=["attempts", "status", "sent_at", "text", "html", "last_error"])
        return True


def deliver_due(*, limit: int = 200) -> int:
    """Send the pending emails whose next try is due; returns how many left."""
    due = OutboundEmail.objects.filter(
        status=EmailStatus.PENDING, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)[:limit]
    return sum(deliver(pk) for pk in list(due))
