"""Every transition writes its history row (actor, time, reason, details) and tells the member."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation

from accounts.models import User
from dossiers.constants import DossierStatus
from dossiers.models import DossierEvent
from dossiers.services import transition
from tests.accounts.helpers import html_of
from tests.dossiers.factories import SentDossierFactory

pytestmark = pytest.mark.django_db


def test_it_records_who_when_why_and_the_details(alice: User, agent: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member, status=DossierStatus.IN_REVIEW)
    moment = timezone.now() - dt.timedelta(minutes=5)
    transition(
        dossier=dossier,
        to=DossierStatus.DOCUMENTS_REQUESTED,
        actor=agent,
        reason="  Joignez la facture détaillée.  ",
        details={"items": ["facture"]},
        at=moment,
    )
    event = DossierEvent.objects.get(dossier=dossier)
    assert event.actor == agent
    assert event.actor_role == "agent"
    assert event.at == moment
    assert event.reason == "Joignez la facture détaillée."
    assert event.details == {"items": ["facture"]}
    assert (event.from_status, event.to_status) == ("in_review", "documents_requested")


def test_it_saves_only_the_status_and_the_version(alice: User, agent: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    stale = type(dossier).objects.get(pk=dossier.pk)
    type(dossier).objects.filter(pk=dossier.pk).update(approved_amount=42)
    transition(dossier=stale, to=DossierStatus.IN_REVIEW, actor=agent)
    dossier.refresh_from_db()
    assert dossier.approved_amount == 42
    assert dossier.status == DossierStatus.IN_REVIEW


def test_a_system_transition_has_no_actor(alice: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member, status=DossierStatus.APPROVED)
    transition(dossier=dossier, to=DossierStatus.PAID, actor=None, reason="Lot de paiement 7")
    event = DossierEvent.objects.get(dossier=dossier)
    assert event.actor is None
    assert event.actor_role == "system"


def test_it_emails_the_member_once_the_change_is_committed(
    alice: User, agent: User, run_on_commit: Callable[..., Any]
) -> None:
    dossier = SentDossierFactory.create(member=alice.member, status=DossierStatus.IN_REVIEW)
    run_on_commit(
        transition,
        dossier=dossier,
        to=DossierStatus.REJECTED,
        actor=agent,
        reason="Hors délai",
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [alice.email]
    assert message.subject == f"Dossier {dossier.number} : Rejetée"
    assert "Votre demande a été rejetée." in str(message.body)
    assert "Hors délai" in str(message.body)
    assert "Hors délai" in html_of(message)


def test_it_writes_the_email_in_the_members_language(
    alice: User, agent: User, run_on_commit: Callable[..., Any]
) -> None:
    alice.preferred_language = "ar"
    alice.save()
    dossier = SentDossierFactory.create(member=alice.member)
    run_on_commit(transition, dossier=dossier, to=DossierStatus.IN_REVIEW, actor=agent)
    (message,) = mail.outbox
    html = html_of(message)
    assert 'lang="ar"' in html
    assert 'dir="rtl"' in html
    with translation.override("ar"):
        notice = translation.gettext("Votre dossier est à l'étude.")
        label = str(DossierStatus.IN_REVIEW.label)
    assert notice in str(message.body)
    assert label in message.subject


def test_no_email_leaves_when_the_change_is_rolled_back(
    alice: User, agent: User, django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import transaction

    dossier = SentDossierFactory.create(member=alice.member)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                transition(dossier=dossier, to=DossierStatus.IN_REVIEW, actor=agent)
                raise RuntimeError("the caller fails after the transition")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
