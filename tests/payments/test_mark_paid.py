"""Marking a batch paid: every dossier becomes PAID through the states table, each member gets
one email, the audit trail and the dossiers' history say who and when; nothing is paid twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import User
from backoffice.models import AuditEntry
from catalog.models import Service
from dossiers.constants import Actor, DossierStatus
from dossiers.errors import TransitionError
from dossiers.models import Dossier, DossierEvent
from dossiers.services import transition
from payments import services
from payments.constants import BatchStatus
from payments.errors import PaymentError
from payments.models import PaymentBatch
from tests.payments.factories import approved_dossier, batch_of, exported

pytestmark = pytest.mark.django_db
Run = Callable[..., Any]


@pytest.fixture
def dossiers(service: Service) -> list[Dossier]:
    return [approved_dossier(service, amount=a) for a in ("100.00", "200.50", "300.25")]


@pytest.fixture
def batch(agent_user: User, dossiers: list[Dossier]) -> PaymentBatch:
    return exported(batch_of(agent_user, *dossiers), agent_user)


def test_it_pays_every_dossier_and_tells_each_member_once(
    run_on_commit: Run, supervisor_user: User, batch: PaymentBatch, dossiers: list[Dossier]
) -> None:
    today = timezone.localdate()

    paid = run_on_commit(
        services.mark_batch_paid, batch=batch, actor=supervisor_user, paid_on=today
    )

    assert (paid.status, paid.paid_on, paid.paid_by) == (BatchStatus.PAID, today, supervisor_user)
    for dossier in dossiers:
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.PAID
        event = dossier.events.get(to_status=DossierStatus.PAID)
        assert (event.actor, event.actor_role) == (supervisor_user, Actor.SUPERVISOR)
        assert event.details["batch"] == batch.reference
    addresses = sorted(message.to[0] for message in mail.outbox)
    expected = sorted(d.member.user.email for d in dossiers)
    assert addresses == expected


def test_it_writes_the_audit_trail(
    supervisor_user: User, batch: PaymentBatch, dossiers: list[Dossier]
) -> None:
    services.mark_batch_paid(batch=batch, actor=supervisor_user, paid_on=timezone.localdate())

    entry = AuditEntry.objects.get(action="payment_batch.paid")
    assert entry.actor == supervisor_user
    assert (entry.before["status"], entry.after["status"]) == ("exported", "paid")
    assert entry.after["total"] == "600.75" and entry.after["count"] == 3
    paid = AuditEntry.objects.filter(action="dossier.paid", actor=supervisor_user)
    assert sorted(paid.values_list("target_id", flat=True)) == sorted(str(d.pk) for d in dossiers)


def test_it_refuses_to_mark_a_paid_batch_again(
    run_on_commit: Run, supervisor_user: User, batch: PaymentBatch
) -> None:
    today = timezone.localdate()
    run_on_commit(services.mark_batch_paid, batch=batch, actor=supervisor_user, paid_on=today)
    sent = len(mail.outbox)

    with pytest.raises(PaymentError, match="déjà payé"):
        run_on_commit(services.mark_batch_paid, batch=batch, actor=supervisor_user, paid_on=today)

    assert len(mail.outbox) == sent
    assert DossierEvent.objects.filter(to_status=DossierStatus.PAID).count() == 3


def test_a_paid_dossier_is_never_paid_twice(
    supervisor_user: User, agent_user: User, batch: PaymentBatch, dossiers: list[Dossier]
) -> None:
    services.mark_batch_paid(batch=batch, actor=supervisor_user, paid_on=timezone.localdate())

    with pytest.raises(TransitionError):
        transition(dossier=dossiers[0], to=DossierStatus.PAID, actor=supervisor_user)
    with pytest.raises(PaymentError):
        services.create_batch(actor=agent_user, dossiers=[dossiers[0]])


def test_a_paid_batch_does_not_change(
    supervisor_user: User, agent_user: User, batch: PaymentBatch
) -> None:
    services.mark_batch_paid(batch=batch, actor=supervisor_user, paid_on=timezone.localdate())

    with pytest.raises(PaymentError):
        services.cancel_batch(batch=batch, actor=supervisor_user, reason="non")
    with pytest.raises(PaymentError):
        services.remove_line(actor=agent_user, line=batch.lines.first() or 0)
    batch.refresh_from_db()
    assert (batch.status, batch.count) == (BatchStatus.PAID, 3)
    assert batch.lines.filter(holds_dossier=True).count() == 3


def test_it_pays_only_an_exported_batch(
    supervisor_user: User, agent_user: User, service: Service
) -> None:
    draft = batch_of(agent_user, approved_dossier(service))

    with pytest.raises(PaymentError, match="Exportez"):
        services.mark_batch_paid(batch=draft, actor=supervisor_user, paid_on=timezone.localdate())


def test_it_refuses_a_transfer_date_in_the_future(
    supervisor_user: User, batch: PaymentBatch
) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(PaymentError, match="futur"):
        services.mark_batch_paid(batch=batch, actor=supervisor_user, paid_on=tomorrow)
