"""Originals: the study waits for them, then goes on once the agent marks them received."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from backoffice.models import AuditEntry
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from tests.backoffice.helpers import act

pytestmark = pytest.mark.django_db


def test_it_waits_for_the_originals_then_marks_them_received(
    agent_client: Client,
    ready_member: User,
    dossier: Dossier,
    run_on_commit: Callable[..., Any],
) -> None:
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.IN_REVIEW)
    dossier.refresh_from_db()
    run_on_commit(act, agent_client, dossier, "await_originals", message="Au guichet de Rabat.")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.ORIGINALS_AWAITED
    assert "Déposez les documents originaux" in str(mail.outbox[-1].body)
    assert "Au guichet de Rabat." in str(mail.outbox[-1].body)
    waiting = AuditEntry.objects.get(action="dossier.await_originals")
    assert (waiting.before["status"], waiting.after["status"]) == ("in_review", "originals_awaited")

    response = run_on_commit(act, agent_client, dossier, "originals_received")
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_REVIEW
    assert dossier.originals_received_at is not None
    assert [m.to for m in mail.outbox] == [[ready_member.email]] * 2
    entry = AuditEntry.objects.get(action="dossier.originals_received")
    assert entry.before["originals_received_at"] is None
    assert entry.after["originals_received_at"] is not None
    assert entry.after["status"] == "in_review"


def test_it_cannot_mark_originals_on_a_dossier_that_does_not_wait_for_them(
    agent_client: Client, dossier: Dossier
) -> None:
    act(agent_client, dossier, "originals_received")
    dossier.refresh_from_db()
    assert dossier.originals_received_at is None
    assert dossier.status == DossierStatus.SUBMITTED
