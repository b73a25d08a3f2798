"""Dossier emails: the member hears of each change of status, the agent of each answer.

Asked for by ``dossiers.services`` once the change commits, rendered in the recipient's language
(plain text and HTML) and written to the outbox like the account emails (notifications): a
mail server that is down never fails the change, and the email leaves once it is back.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from dossiers.constants import MEMBER_NOTICES, DossierStatus
from notifications.services import queue_email

EMAIL_TEMPLATES = ("status_changed", "documents_answered")


def portal_link(path: str) -> str:
    """An absolute link when the portal's address is configured (PORTAL_URL), else empty."""
    return settings.PORTAL_URL.rstrip("/") + path if settings.PORTAL_URL else ""


def render_dossier_email(
    *, template: str, user: User, context: dict[str, Any]
) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one of the EMAIL_TEMPLATES, in the user's language."""
    if template not in EMAIL_TEMPLATES:
        raise ValueError(f"unknown dossier email template {template!r}")
    with translation.override(user.preferred_language):
        full_context = {
            "user": user,
            "portal_name": settings.FOS_SHORT_NAME,
            "foundation_name": settings.FOS_NAME,
            "LANGUAGE_CODE": user.preferred_language,
            "LANGUAGE_BIDI": translation.get_language_bidi(),
            **context,
        }
        base = f"dossiers/email/{template}"
        subject = render_to_string(f"{base}_subject.txt", full_context).strip()
        text = render_to_string(f"{base}.txt", full_context)
        html = render_to_string(f"{base}.html", full_context)
    return " ".join(subject.split()), text, html


def _queue(*, template: str, user: User, context: dict[str, Any]) -> None:
    """Rendered and kept in the outbox (notifications.services.queue_email), which delivers it
    and, while the mail server is down, keeps it and tries again for hours."""
    if not user.email:
        return
    queue_email(
        template=f"dossiers/email/{template}",
        to=user.email,
        language=user.preferred_language,
        context={"user": user, **context},
    )


def _dossier_context(dossier_id: int, event_id: int) -> tuple[Any, Any]:
    from dossiers.models import Dossier, DossierEvent

    dossier = Dossier.objects.select_related(
        "service", "campaign", "member", "spouse", "child", "motive"
    ).get(pk=dossier_id)
    event = DossierEvent.objects.select_related("actor").get(pk=event_id, dossier=dossier)
    return dossier, event


@shared_task(ignore_result=True)
def send_member_notice(*, dossier_id: int, event_id: int) -> None:
    """The member's email about the dossier's new status, into the outbox. Run after the
    change commits, so it shows the dossier as the whole action left it."""
    with transaction.atomic():
        dossier, event = _dossier_context(dossier_id, event_id)
        user = User.objects.filter(member_id=dossier.member_id, is_active=True).first()
        if user is None:
            return
        status = DossierStatus(event.to_status)
        _queue(
            template="status_changed",
            user=user,
            context={
                "dossier": dossier,
                "event": event,
                "status": status,
                "notice": MEMBER_NOTICES.get(status, ""),
                "originals": dossier.service.originals if status == DossierStatus.SUBMITTED else [],
                "link": portal_link(reverse("dossier_detail", args=[dossier.pk])),
            },
        )


@shared_task(ignore_result=True)
def send_agent_alert(*, dossier_id: int, agent_id: int, event_id: int) -> None:
    """The agent who asked for documents hears that the member answered, into the outbox."""
    with transaction.atomic():
        dossier, event = _dossier_context(dossier_id, event_id)
        agent = User.objects.filter(pk=agent_id, is_active=True).first()
        if agent is None:
            return
        _queue(
            template="documents_answered",
            user=agent,
            context={
                "dossier": dossier,
                "event": event,
                "documents": len(event.details.get("documents", [])),
            },
        )


def queue_member_notice(*, dossier_id: int, event_id: int) -> None:
    transaction.on_commit(
        lambda: send_member_notice.delay(dossier_id=dossier_id, event_id=event_id)
    )


def queue_agent_alert(*, dossier_id: int, agent_id: int, event_id: int) -> None:
    transaction.on_commit(
        lambda: send_agent_alert.delay(dossier_id=dossier_id, agent_id=agent_id, event_id=event_id)
    )
