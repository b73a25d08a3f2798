"""Mail-desk emails: the sender hears of the receipt and of every answer, closing and reopening;
the agent in charge hears of a letter given to them and of the sender's follow-ups.

Queued on commit by ``correspondence.services`` and sent in the background, rendered in the
recipient's language (plain text and HTML). An internal note is never put in an email.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from correspondence.constants import SENDER_NOTICES, EventKind, SenderKind
from correspondence.models import Letter, LetterEvent

EMAIL_TEMPLATES = ("letter_received", "letter_update", "agent_notice")


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    name: str


def absolute_link(path: str, *, site_url: str = "") -> str:
    """The portal's address (PORTAL_URL, else the one the request used) and the path."""
    base = settings.PORTAL_URL or site_url
    return base.rstrip("/") + path if base else ""


def sender_recipient(letter: Letter) -> Recipient | None:
    """Where the sender's emails go: the member's account address, or the visitor's."""
    if letter.sender_kind == SenderKind.VISITOR:
        return Recipient(letter.sender_email, letter.language, letter.sender_name)
    if letter.member_id is None:
        return None
    user = User.objects.filter(member_id=letter.member_id, is_active=True).first()
    if user is None or not user.email:
        return None
    return Recipient(user.email, user.preferred_language, str(user))


def sender_link(letter: Letter, *, site_url: str = "") -> str:
    if letter.sender_kind == SenderKind.VISITOR:
        return absolute_link(reverse("mail_follow"), site_url=site_url)
    return absolute_link(reverse("mail_detail", args=[letter.pk]), site_url=site_url)


def render_mail_email(
    *, template: str, recipient: Recipient, context: dict[str, Any]
) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one of the EMAIL_TEMPLATES, in the recipient's language."""
    if template not in EMAIL_TEMPLATES:
        raise ValueError(f"unknown mail-desk email template {template!r}")
    with translation.override(recipient.language):
        full_context = {
            "recipient": recipient,
            "portal_name": settings.FOS_SHORT_NAME,
            "foundation_name": settings.FOS_NAME,
            "LANGUAGE_CODE": recipient.language,
            "LANGUAGE_BIDI": translation.get_language_bidi(),
            **context,
        }
        base = f"correspondence/email/{template}"
        subject = render_to_string(f"{base}_subject.txt", full_context).strip()
        text = render_to_string(f"{base}.txt", full_context)
        html = render_to_string(f"{base}.html", full_context)
    return " ".join(subject.split()), text, html


def _send(*, template: str, recipient: Recipient, context: dict[str, Any]) -> None:
    subject, text, html = render_mail_email(template=template, recipient=recipient, context=context)
    message = EmailMultiAlternatives(subject, text, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    message.send()


def _letter_and_event(letter_id: int, event_id: int) -> tuple[Letter, LetterEvent]:
    letter = Letter.objects.select_related("service").get(pk=letter_id)
    event = LetterEvent.objects.select_related("message").get(pk=event_id, letter=letter)
    return letter, event


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_sender_email(
    *, letter_id: int, event_id: int, access_code: str = "", site_url: str = ""
) -> None:
    letter, event = _letter_and_event(letter_id, event_id)
    recipient = sender_recipient(letter)
    if recipient is None:
        return
    message = event.message if event.message is not None else None
    if message is not None and message.is_internal:
        return  # never: an internal note is not the sender's business
    context: dict[str, Any] = {
        "letter": letter,
        "event": event,
        "link": sender_link(letter, site_url=site_url),
    }
    if event.kind == EventKind.SENT:
        context["attachments"] = [a.original_name for a in letter.attachments.all()]
        context["access_code"] = access_code
        _send(template="letter_received", recipient=recipient, context=context)
        return
    context["notice"] = SENDER_NOTICES.get(EventKind(event.kind), "")
    context["message"] = message
    context["attachments"] = (
        [a.original_name for a in message.attachments.all()] if message is not None else []
    )
    _send(template="letter_update", recipient=recipient, context=context)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_agent_email(*, letter_id: int, event_id: int, agent_id: int, site_url: str = "") -> None:
    letter, event = _letter_and_event(letter_id, event_id)
    agent = User.objects.filter(pk=agent_id, is_active=True).first()
    if agent is None or not agent.email:
        return
    _send(
        template="agent_notice",
        recipient=Recipient(agent.email, agent.preferred_language, str(agent)),
        context={
            "letter": letter,
            "event": event,
            "link": absolute_link(
                reverse("backoffice_mail_letter", args=[letter.pk]), site_url=site_url
            ),
        },
    )


def queue_sender_email(
    *, letter: Letter, event: LetterEvent, access_code: str = "", site_url: str = ""
) -> None:
    letter_id, event_id = letter.pk, event.pk
    transaction.on_commit(
        lambda: send_sender_email.delay(
            letter_id=letter_id, event_id=event_id, access_code=access_code, site_url=site_url
        )
    )


def queue_agent_email(
    *, letter: Letter, event: LetterEvent, agent: User, site_url: str = ""
) -> None:
    letter_id, event_id, agent_id = letter.pk, event.pk, agent.pk
    transaction.on_commit(
        lambda: send_agent_email.delay(
            letter_id=letter_id, event_id=event_id, agent_id=agent_id, site_url=site_url
        )
    )
