"""Emails leave through an outbox: an action never fails because of the mail server, and no
email is lost while it is down."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from notifications.models import EmailStatus, OutboundEmail
from notifications.services import deliver_due, queue_email, render_email, retry_delay
from tests.factories import MemberFactory, MemberUserFactory
from tests.helpers import CAPTCHA
from tests.notifications.mail_server import DOWN

pytestmark = pytest.mark.django_db


def queue(run_on_commit: Any, to: str = "member@example.org", language: str = "fr") -> Any:
    user = MemberUserFactory.create()
    return run_on_commit(
        queue_email,
        template="accounts/email/password_changed",
        to=to,
        language=language,
        context={"user": user},
    )


def test_it_sends_once_the_transaction_commits_and_forgets_the_body(run_on_commit: Any) -> None:
    email = queue(run_on_commit)
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.sent_at is not None
    assert (email.text, email.html) == ("", "")
    sent = mail.outbox[0]
    assert isinstance(sent, mail.EmailMultiAlternatives)
    assert sent.alternatives[0][1] == "text/html"


def test_it_sends_nothing_when_the_action_rolls_back() -> None:
    user = MemberUserFactory.create()
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(
            template="accounts/email/password_changed",
            to="x@example.org",
            language="fr",
            context={"user": user},
        )
        raise RuntimeError("the action failed")
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


@override_settings(EMAIL_BACKEND=DOWN)
def test_it_keeps_the_email_while_the_mail_server_is_down(run_on_commit: Any) -> None:
    email = queue(run_on_commit)
    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING
    assert email.attempts == 1
    assert email.last_error.startswith("ConnectionRefusedError")
    assert email.next_attempt_at > timezone.now()
    assert email.text


def test_it_sends_the_waiting_emails_once_the_server_is_back(run_on_commit: Any) -> None:
    with override_settings(EMAIL_BACKEND=DOWN):
        email = queue(run_on_commit)
    assert deliver_due() == 0  # not due yet
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert deliver_due() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 1


@override_settings(EMAIL_BACKEND=DOWN, EMAIL_MAX_ATTEMPTS=3)
def test_it_gives_up_after_the_last_attempt(run_on_commit: Any) -> None:
    email = queue(run_on_commit)
    for _ in range(2):
        OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
        deliver_due()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 3)


def test_it_waits_longer_after_each_failure_up_to_six_hours() -> None:
    delays = [retry_delay(n) for n in (1, 2, 3, 10, 20)]
    assert delays[:3] == [timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]
    assert delays[-1] == timedelta(hours=6)


@override_settings(EMAIL_BACKEND=DOWN)
def test_registration_succeeds_while_the_mail_server_is_down(
    client: Client, run_on_commit: Any
) -> None:
    member = MemberFactory.create()
    data = {
        "matricule": member.matricule,
        "cin": member.cin,
        "position": member.position,
        "pension_number": "",
        "email": member.professional_email,
        **CAPTCHA,
    }
    response = run_on_commit(client.post, reverse("register"), data)
    assert response.status_code == 302
    assert OutboundEmail.objects.get().status == EmailStatus.PENDING


def test_the_command_sends_what_is_due(run_on_commit: Any) -> None:
    with override_settings(EMAIL_BACKEND=DOWN):
        queue(run_on_commit)
    OutboundEmail.objects.update(next_attempt_at=timezone.now())
    call_command("send_pending_emails")
    assert len(mail.outbox) == 1


def test_it_renders_in_the_requested_language(run_on_commit: Any) -> None:
    queue(run_on_commit, language="ar")
    message = mail.outbox[0]
    assert "كلمة المرور" in str(message.subject) + str(message.body)


@pytest.mark.parametrize("name", ["../../etc/passwd", "accounts/email/../../x", "base"])
def test_it_refuses_a_template_name_outside_the_email_folders(name: str) -> None:
    with pytest.raises(ValueError, match="not an email template"):
        render_email(template=name, language="fr", context={})


def test_the_outbox_is_read_only_in_the_admin(admin_client: Client, run_on_commit: Any) -> None:
    with override_settings(EMAIL_BACKEND=DOWN):
        email = queue(run_on_commit)
    listing = admin_client.get("/admin/notifications/outboundemail/")
    assert listing.status_code == 200
    assert admin_client.get("/admin/notifications/outboundemail/add/").status_code == 403
    response = admin_client.post(
        "/admin/notifications/outboundemail/",
        {"action": "retry_now", "_selected_action": [email.pk]},
    )
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
