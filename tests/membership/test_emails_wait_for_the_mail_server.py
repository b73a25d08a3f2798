"""Member-data and membership emails go through the outbox (notifications.services.queue_email):
each decision and each application writes its email in its own transaction, in the recipient's
language, and succeeds while the mail server is down (it used to answer 500 once the action was
saved, where Celery runs the task at once); the email leaves once the server is back."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client, override_settings

from accounts.models import User
from accounts.requests import RequestInfo
from membership import applications, services
from membership.constants import ApplicationStatus, ChangeStatus
from membership.models import MembershipApplication
from notifications.models import OutboundEmail
from registry.models import Member
from tests.factories import MemberFactory
from tests.membership.factories import MembershipApplicationFactory, RibChangeFactory
from tests.membership.helpers import application_form
from tests.notifications.mail_server import DOWN
from tests.notifications.outbox import deliver_all_now, queued, waiting

pytestmark = pytest.mark.django_db
CHANGE = "membership/email/change_decided"
RECEIVED = "membership/email/application_received"
DECIDED = "membership/email/application_decided"


def test_an_application_is_kept_while_the_mail_server_is_down(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    with override_settings(EMAIL_BACKEND=DOWN), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/membership/apply/", application_form())
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.language == "ar"
    email = waiting(to="fatima.tazi@example.org", template=RECEIVED)
    assert email.language == "ar"
    assert application.reference in email.subject
    assert 'dir="rtl"' in email.html
    assert mail.outbox == []
    assert deliver_all_now() == 1
    assert mail.outbox[0].subject == email.subject


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_a_change_decision_succeeds_and_its_email_waits(
    decision: str, agent_user: User, arabic_member: User, run_on_commit: Any
) -> None:
    member = arabic_member.member
    assert member is not None
    change = RibChangeFactory.create(member=member)
    with override_settings(EMAIL_BACKEND=DOWN):
        if decision == "approve":
            run_on_commit(services.approve_change, agent=agent_user, request_id=change.pk)
        else:
            run_on_commit(
                services.reject_change, agent=agent_user, request_id=change.pk, reason="Illisible"
            )
    change.refresh_from_db()
    assert change.status == (
        ChangeStatus.APPROVED if decision == "approve" else ChangeStatus.REJECTED
    )
    email = waiting(to=arabic_member.email, template=CHANGE)
    assert email.language == "ar"
    assert change.reference in email.subject
    assert deliver_all_now() == 1
    assert mail.outbox[0].to == [arabic_member.email]


def test_a_member_without_an_account_hears_at_the_registry_address_in_french(
    agent_user: User, run_on_commit: Any
) -> None:
    member: Member = MemberFactory.create(private_email="sans.compte@example.org")
    change = RibChangeFactory.create(member=member)
    run_on_commit(services.reject_change, agent=agent_user, request_id=change.pk, reason="Non")
    email = queued(to="sans.compte@example.org", template=CHANGE)
    assert email.language == "fr"
    assert [m.to for m in mail.outbox] == [["sans.compte@example.org"]]


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_an_application_decision_succeeds_and_its_emails_wait(
    decision: str, agent_user: User, run_on_commit: Any
) -> None:
    application = MembershipApplicationFactory.create(language="ar")
    with override_settings(EMAIL_BACKEND=DOWN):
        if decision == "approve":
            run_on_commit(
                applications.approve_application,
                agent=agent_user,
                application_id=application.pk,
                site_url="https://portail.example.org",
                info=RequestInfo(),
            )
        else:
            run_on_commit(
                applications.reject_application,
                agent=agent_user,
                application_id=application.pk,
                reason="La décision de détachement manque.",
            )
    application.refresh_from_db()
    assert application.status == (
        ApplicationStatus.APPROVED if decision == "approve" else ApplicationStatus.REJECTED
    )
    email = waiting(to=application.email, template=DECIDED)
    assert email.language == "ar"
    assert application.reference in email.subject
    rows = OutboundEmail.objects.filter(to=application.email)
    # Approval also sends the account link, through the accounts' own outbox call.
    assert rows.count() == (2 if decision == "approve" else 1)
    assert deliver_all_now() == rows.count()


def test_a_decision_that_rolls_back_leaves_no_email(agent_user: User, ready_member: User) -> None:
    assert ready_member.member is not None
    change = RibChangeFactory.create(member=ready_member.member)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.reject_change(agent=agent_user, request_id=change.pk, reason="Illisible")
        assert OutboundEmail.objects.filter(template=CHANGE).exists()
        raise RuntimeError("the action failed after the email was written")
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []
