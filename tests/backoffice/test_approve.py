"""Approving: the amount the service's rules compute, or an override with a reason, flagged."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from backoffice.models import AuditEntry
from dossiers.constants import DossierStatus
from dossiers.models import Dossier, DossierEvent
from tests.backoffice.helpers import act

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(dossier: Dossier) -> Dossier:
    """Declared 2,000.00: the rule (30 %) computes 600.00, under the 1,000.00 threshold."""
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.IN_REVIEW)
    dossier.refresh_from_db()
    return dossier


def test_the_page_offers_the_computed_amount(agent_client: Client, in_review: Dossier) -> None:
    page = agent_client.get(f"/backoffice/dossiers/{in_review.pk}/").content.decode()
    assert 'name="approve-amount" value="600.00"' in page


def test_it_approves_with_the_computed_amount_and_tells_the_member(
    agent_client: Client,
    agent_user: User,
    ready_member: User,
    in_review: Dossier,
    run_on_commit: Callable[..., Any],
) -> None:
    response = run_on_commit(act, agent_client, in_review, "approve", amount="600.00")
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == DossierStatus.APPROVED
    assert in_review.approved_amount == Decimal("600.00")
    assert not in_review.amount_overridden
    assert not in_review.second_approval_required
    assert Dossier.objects.payable().filter(pk=in_review.pk).exists()
    (email,) = mail.outbox
    assert email.to == [ready_member.email]
    assert "acceptée" in str(email.body)
    assert "600,00 MAD" in str(email.body)  # French number format
    entry = AuditEntry.objects.get(action="dossier.approve")
    assert entry.actor == agent_user
    assert (entry.before["approved_amount"], entry.after["approved_amount"]) == (None, "600.00")
    assert entry.after["amount_overridden"] is False


def test_an_override_needs_a_reason(
    agent_client: Client, in_review: Dossier, run_on_commit: Callable[..., Any]
) -> None:
    response = run_on_commit(act, agent_client, in_review, "approve", amount="700.00")
    assert response.status_code == 400
    assert "indiquez le motif" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == DossierStatus.IN_REVIEW
    assert in_review.approved_amount is None
    assert not mail.outbox
    assert not AuditEntry.objects.exists()


def test_an_override_with_a_reason_is_flagged_for_the_reports(
    agent_client: Client, in_review: Dossier, run_on_commit: Callable[..., Any]
) -> None:
    reason = "Facture rectificative reçue : 2 333,33 MAD."
    run_on_commit(act, agent_client, in_review, "approve", amount="700.00", override_reason=reason)
    in_review.refresh_from_db()
    assert in_review.status == DossierStatus.APPROVED
    assert in_review.approved_amount == Decimal("700.00")
    assert in_review.amount_overridden
    assert Dossier.objects.filter(amount_overridden=True).count() == 1
    entry = AuditEntry.objects.get(action="dossier.approve")
    assert entry.reason == reason
    assert entry.after["amount_overridden"] is True
    event = DossierEvent.objects.get(dossier=in_review, to_status=DossierStatus.APPROVED)
    assert event.details["computed_amount"] == "600.00"
    assert event.details["override_reason"] == reason
    assert event.reason == ""  # the member reads the amount, not the agents' reasoning
    assert len(mail.outbox) == 1


def test_a_paying_service_cannot_approve_nothing(agent_client: Client, in_review: Dossier) -> None:
    response = act(agent_client, in_review, "approve", amount="0", override_reason="Plafond.")
    assert response.status_code == 400
    in_review.refresh_from_db()
    assert in_review.status == DossierStatus.IN_REVIEW


def test_an_approval_from_originals_awaited_records_the_originals(
    agent_client: Client, in_review: Dossier
) -> None:
    Dossier.objects.filter(pk=in_review.pk).update(status=DossierStatus.ORIGINALS_AWAITED)
    in_review.refresh_from_db()
    act(agent_client, in_review, "approve", amount="600.00")
    in_review.refresh_from_db()
    assert in_review.status == DossierStatus.APPROVED
    assert in_review.originals_received_at is not None
