"""Reopening a decision: supervisors only, with a reason the member reads."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from backoffice.models import AuditEntry
from catalog.models import Service
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from tests.backoffice.helpers import act, sent_dossier
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(ready_member: User, service: Service, assigned: None) -> Dossier:
    return sent_dossier(
        ready_member,
        service,
        status=DossierStatus.APPROVED,
        declared="5000.00",
        approved_amount=Decimal("1500.00"),
        second_approval_required=True,
    )


def test_a_supervisor_reopens_an_approved_dossier(
    supervisor_client: Client,
    supervisor_user: User,
    ready_member: User,
    approved: Dossier,
    run_on_commit: Callable[..., Any],
) -> None:
    response = run_on_commit(
        act, supervisor_client, approved, "reopen", reason="Erreur sur le montant déclaré."
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == DossierStatus.IN_REVIEW
    assert approved.approved_amount is None
    assert not approved.second_approval_required
    (email,) = mail.outbox
    assert email.to == [ready_member.email]
    assert "Erreur sur le montant déclaré." in str(email.body)
    entry = AuditEntry.objects.get(action="dossier.reopen")
    assert entry.actor == supervisor_user
    assert entry.before["approved_amount"] == "1500.00"
    assert entry.after["approved_amount"] is None


def test_a_supervisor_reopens_a_rejected_dossier(
    supervisor_user: User, ready_member: User, service: Service, assigned: None
) -> None:
    client = login_staff(Client(), supervisor_user)
    rejected = sent_dossier(ready_member, service, status=DossierStatus.REJECTED)
    act(client, rejected, "reopen", reason="Pièce retrouvée au bureau d'ordre.")
    rejected.refresh_from_db()
    assert rejected.status == DossierStatus.IN_REVIEW


def test_an_agent_cannot_reopen(agent_client: Client, approved: Dossier) -> None:
    page = agent_client.get(f"/backoffice/dossiers/{approved.pk}/").content.decode()
    assert "reopen-reason" not in page
    response = act(agent_client, approved, "reopen", reason="Je me suis trompé.")
    assert "Seul un superviseur" in agent_client.get(response["Location"]).content.decode()
    approved.refresh_from_db()
    assert approved.status == DossierStatus.APPROVED
    assert not AuditEntry.objects.exists()


def test_reopening_needs_a_reason(supervisor_client: Client, approved: Dossier) -> None:
    assert act(supervisor_client, approved, "reopen", reason="").status_code == 400
    approved.refresh_from_db()
    assert approved.status == DossierStatus.APPROVED
