"""Mail-desk emails: the sender hears of the receipt and of every answer, closing and reopening;
the agent in charge hears of a letter given to them and of the sender's follow-ups.

Called by ``correspondence.services`` inside the change's own transaction: each email is
rendered in the recipient's language (plain text and HTML) and written to the outbox
(``notifications.services.queue_email``), which delivers it once the change commits and keeps
trying while the mail server is down. A change never fails because of the mail server, and
nothing is sent for a change that rolls back. An internal note is never put in an email.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse

from accounts.models import User
from correspondence.constants import SENDER_NOTICES, EventKind, SenderKind
from correspondence.models import Letter, LetterEvent
from notifications.models import OutboundEmail
from notifications.services import queue_email


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


def queue_sender_email(
    *, letter: Letter, event: LetterEvent, access_code: str = "", site_url: str = ""
) -> OutboundEmail | None:
    """The sender's email about ``event``: the receipt for a new letter (with a visitor's
    access code), else the news of the letter (with the message and its attachments' names)."""
    recipient = sender_recipient(letter)
    message = event.message
    if recipient is None or (message is not None and message.is_internal):
        return None  # an internal note is never the sender's business
    context: dict[str, Any] = {
        "recipient": recipient,
        "letter": letter,
        "event": event,
        "link": sender_link(letter, site_url=site_url),
    }
    if event.kind == EventKind.SENT:
        template = "letter_received"
        context["attachments"] = [a.original_name for a in letter.attachments.all()]
        context["access_code"] = access_code
    else:
        template = "letter_update"
        context["notice"] = SENDER_NOTICES.get(EventKind(event.kind), "")
        context["message"] = message
        context["attachments"] = (
            [a.original_name for a in message.attachments.all()] if message is not None else []
        )
    return queue_email(
        template=f"correspondence/email/{template}",
        to=recipient.email,
        language=recipient.language,
        context=context,
    )


def queue_agent_email(
    *, letter: Letter, event: LetterEvent, agent: User, site_url: str = ""
) -> OutboundEmail | None:
    """The agent's email: a letter given to them, or the sender wrote again."""
    if not agent.is_active or not agent.email:
        return None
    recipient = Recipient(agent.email, agent.preferred_language, str(agent))
    link = absolute_link(reverse("backoffice_mail_letter", args=[letter.pk]), site_url=site_url)
    return queue_email(
        template="correspondence/email/agent_notice",
        to=recipient.email,
        language=recipient.language,
        context={"recipient": recipient, "letter": letter, "event": event, "link": link},
    )
