"""Emails of member data and membership: decisions on change requests, the applicant's receipt
and decision.

Called by the services inside the action's own transaction, like the account emails: rendered in
the recipient's language (plain text and HTML) and written to the outbox
(``notifications.services.queue_email``), which delivers them once the action commits and keeps
trying while the mail server is down. An action never fails because of the mail server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse

from accounts.models import User
from notifications.models import OutboundEmail
from notifications.services import queue_email

if TYPE_CHECKING:
    from membership.models import ChangeRequest, MembershipApplication


def portal_link(path: str) -> str:
    """An absolute link when the portal's address is configured (PORTAL_URL), else empty."""
    return settings.PORTAL_URL.rstrip("/") + path if settings.PORTAL_URL else ""


def queue_change_decision(request: ChangeRequest) -> OutboundEmail | None:
    """The member hears that a change request was accepted or rejected (and why), in the
    language of their account; at their registry address when they have no account."""
    member = request.member
    user = User.objects.filter(member=member, is_active=True).first()
    to = (user.email if user else "") or member.private_email or member.professional_email
    return queue_email(
        template="membership/email/change_decided",
        to=to,
        language=user.preferred_language if user else settings.LANGUAGE_CODE,
        context={"request": request, "member": member, "url": portal_link(reverse("member_info"))},
    )


def queue_application_received(
    application: MembershipApplication, *, code: str
) -> OutboundEmail | None:
    """The receipt: the reference and the follow-up code, which only this email carries."""
    return queue_email(
        template="membership/email/application_received",
        to=application.email,
        language=application.language,
        context={
            "application": application,
            "code": code,
            "url": portal_link(reverse("membership_follow")),
        },
    )


def queue_application_decision(application: MembershipApplication) -> OutboundEmail | None:
    """The applicant hears of the decision, in the language of the application."""
    return queue_email(
        template="membership/email/application_decided",
        to=application.email,
        language=application.language,
        context={"application": application, "url": portal_link(reverse("membership_follow"))},
    )
