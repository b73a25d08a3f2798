"""Reading the outbox (notifications.OutboundEmail) in the apps' tests."""

from __future__ import annotations

from django.core import mail
from django.utils import timezone

from notifications.models import EmailStatus, OutboundEmail
from notifications.services import deliver_due


def queued(*, to: str, template: str) -> OutboundEmail:
    """The one outbox row of this template to this address (fails if none or several)."""
    rows = list(OutboundEmail.objects.filter(to=to, template=template))
    assert len(rows) == 1, (to, template, list(OutboundEmail.objects.values("to", "template")))
    return rows[0]


def waiting(*, to: str, template: str) -> OutboundEmail:
    """The row kept while the mail server was down: pending, with the refused connection."""
    email = queued(to=to, template=template)
    assert email.status == EmailStatus.PENDING
    assert email.attempts == 1
    assert email.last_error.startswith("ConnectionRefusedError")
    return email


def deliver_all_now() -> int:
    """The server is back: every waiting row is due now and leaves; how many left."""
    OutboundEmail.objects.filter(status=EmailStatus.PENDING).update(next_attempt_at=timezone.now())
    sent = deliver_due()
    assert not OutboundEmail.objects.filter(status=EmailStatus.PENDING).exists()
    assert len(mail.outbox) == sent
    return sent
