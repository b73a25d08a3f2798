"""A dossier's emails go through the outbox: a change never fails because the mail server is
down (it used to answer 500 after committing, where Celery runs the task at once), and the
email leaves once the server is back, instead of being dropped after a few quick retries."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from dossiers.services import transition
from notifications.models import EmailStatus, OutboundEmail
from notifications.services import deliver_due
from tests.catalog.factories import ServiceFactory
from tests.dossiers.factories import SentDossierFactory, open_campaign
from tests.helpers import api_token
from tests.notifications.mail_server import DOWN

pytestmark = pytest.mark.django_db


def _waiting(user: User) -> OutboundEmail:
    (email,) = OutboundEmail.objects.filter(to=user.email)
    assert email.template == "dossiers/email/status_changed"
    assert email.status == EmailStatus.PENDING
    assert email.last_error.startswith("ConnectionRefusedError")
    return email


def _back_up(email: OutboundEmail) -> None:
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert deliver_due() == 1
    assert deliver_due() == 0
    (sent,) = mail.outbox
    assert sent.to == [email.to]


def test_a_status_change_succeeds_and_its_email_waits(
    alice: User, agent: User, run_on_commit: Any
) -> None:
    dossier = SentDossierFactory.create(member=alice.member, status=DossierStatus.SUBMITTED)
    with override_settings(EMAIL_BACKEND=DOWN):
        run_on_commit(transition, dossier=dossier, to=DossierStatus.IN_REVIEW, actor=agent)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_REVIEW
    assert mail.outbox == []
    _back_up(_waiting(alice))


def test_an_api_submission_answers_201_while_the_mail_server_is_down(
    alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    campaign = open_campaign(
        ServiceFactory.create(code="MAILDOWN", steps=["personal_data", "review"], pays_money=False)
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(alice)}")
    with override_settings(EMAIL_BACKEND=DOWN), django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            reverse("api_dossiers"),
            {"campaign": campaign.pk},
            format="json",
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        )
    assert response.status_code == 201
    assert Dossier.objects.get(pk=response.json()["id"]).status == DossierStatus.SUBMITTED
    _back_up(_waiting(alice))
