"""Emails of member data and membership: decisions on change requests, the applicant's receipt
and decision. Queued on commit by the services, sent in the background, rendered in the
recipient's language (plain text and HTML), like the account emails."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User

EMAIL_TEMPLATES = ("change_decided", "application_received", "application_decided")


def portal_link(path: str) -> str:
    """An absolute link when the portal's address is configured (PORTAL_URL), else empty."""
    return settings.PORTAL_URL.rstrip("/") + path if settings.PORTAL_URL else ""


def render_membership_email(
    *, template: str, language: str, context: dict[str, Any]
) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one of the EMAIL_TEMPLATES, in ``language``."""
    if template not in EMAIL_TEMPLATES:
        raise ValueError(f"unknown membership email template {template!r}")
    with translation.override(language):
        full_context = {
            "portal_name": settings.FOS_SHORT_NAME,
            "foundation_name": settings.FOS_NAME,
            "LANGUAGE_CODE": language,
            "LANGUAGE_BIDI": translation.get_language_bidi(),
            **context,
        }
        base = f"membership/email/{template}"
        subject = render_to_string(f"{base}_subject.txt", full_context).strip()
        text = render_to_string(f"{base}.txt", full_context)
        html = render_to_string(f"{base}.html", full_context)
    return " ".join(subject.split()), text, html


def _send(*, template: str, language: str, to: str, context: dict[str, Any]) -> None:
    subject, text, html = render_membership_email(
        template=template, language=language, context=context
    )
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_change_decision(*, request_id: int) -> None:
    from membership.models import ChangeRequest

    request = ChangeRequest.objects.select_related("member").get(pk=request_id)
    member = request.member
    user = User.objects.filter(member=member, is_active=True).first()
    to = (user.email if user else "") or member.private_email or member.professional_email
    if not to:
        return
    language = user.preferred_language if user else settings.LANGUAGE_CODE
    _send(
        template="change_decided",
        language=language,
        to=to,
        context={
            "request": request,
            "member": member,
            "url": portal_link(reverse("member_info")),
        },
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_application_received(*, application_id: int, code: str) -> None:
    """The receipt: the reference and the follow-up code, which only this email carries."""
    from membership.models import MembershipApplication

    application = MembershipApplication.objects.get(pk=application_id)
    _send(
        template="application_received",
        language=application.language,
        to=application.email,
        context={
            "application": application,
            "code": code,
            "url": portal_link(reverse("membership_follow")),
        },
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_application_decision(*, application_id: int) -> None:
    from membership.models import MembershipApplication

    application = MembershipApplication.objects.get(pk=application_id)
    _send(
        template="application_decided",
        language=application.language,
        to=application.email,
        context={"application": application, "url": portal_link(reverse("membership_follow"))},
    )
