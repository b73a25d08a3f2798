"""Above the service's threshold an approval waits for a supervisor's second approval: an
agent cannot give it, nor the supervisor who approved; the dossier is payable only after."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from backoffice.models import AuditEntry
from backoffice.services import approve, give_second_approval
from catalog.models import Service
from dossiers.constants import DossierStatus
from dossiers.errors import TransitionError
from dossiers.models import Dossier
from dossiers.selectors import payable_dossiers
from tests.backoffice.helpers import act, sent_dossier
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def big(ready_member: User, service: Service, assigned: None) -> Dossier:
    """Declared 5,000.00: the rule computes 1,500.00, above the 1,000.00 threshold."""
    return sent_dossier(ready_member, service, status=DossierStatus.IN_REVIEW, declared="5000.00")


def test_an_approval_above_the_threshold_waits_for_a_supervisor(
    agent_client: Client,
    supervisor_user: User,
    big: Dossier,
    run_on_commit: Callable[..., Any],
) -> None:
    run_on_commit(act, agent_client, big, "approve", amount="1500.00")
    big.refresh_from_db()
    assert big.status == DossierStatus.APPROVED
    assert big.approved_amount == Decimal("1500.00")
    assert big.second_approval_required
    assert big.second_approved_by is None
    assert not payable_dossiers().filter(pk=big.pk).exists()
    assert len(mail.outbox) == 1  # the member hears of the approval once

    supervisor = login_staff(Client(), supervisor_user)
    assert "Seconde validation attendue" in supervisor.get("/backoffice/").content.decode()
    response = run_on_commit(act, supervisor, big, "second_approval")
    assert response.status_code == 302
    big.refresh_from_db()
    assert big.second_approved_by == supervisor_user
    assert big.second_approved_at is not None
    assert big.status == DossierStatus.APPROVED
    assert list(payable_dossiers().filter(pk=big.pk)) == [big]
    assert len(mail.outbox) == 1  # nothing new for the member
    entry = AuditEntry.objects.get(action="dossier.second_approval")
    assert entry.actor == supervisor_user
    assert entry.before["second_approved_by"] is None
    assert entry.after["second_approved_by"] == supervisor_user.pk


def test_an_agent_cannot_give_the_second_approval(
    agent_client: Client, agent_user: User, big: Dossier
) -> None:
    approve(dossier=big, user=agent_user, expected_version=big.version)
    big.refresh_from_db()
    page = agent_client.get(f"/backoffice/dossiers/{big.pk}/").content.decode()
    assert "second_approval-version" not in page
    response = act(agent_client, big, "second_approval")
    assert response.status_code == 302
    assert "Seul un superviseur" in agent_client.get(response["Location"]).content.decode()
    big.refresh_from_db()
    assert big.second_approved_by is None
    assert not payable_dossiers().filter(pk=big.pk).exists()
    with pytest.raises(TransitionError):
        give_second_approval(dossier=big, user=agent_user, expected_version=big.version)


def test_the_supervisor_who_approved_cannot_confirm_it(supervisor_user: User, big: Dossier) -> None:
    approved = approve(dossier=big, user=supervisor_user, expected_version=big.version)
    with pytest.raises(TransitionError, match="autre superviseur"):
        give_second_approval(
            dossier=approved, user=supervisor_user, expected_version=approved.version
        )


def test_under_the_threshold_no_second_approval_is_asked(
    agent_user: User, supervisor_user: User, ready_member: User, service: Service, assigned: None
) -> None:
    small = sent_dossier(ready_member, service, status=DossierStatus.IN_REVIEW, declared="1000")
    approved = approve(dossier=small, user=agent_user, expected_version=small.version)
    assert approved.approved_amount == Decimal("300.00")
    assert not approved.second_approval_required
    assert payable_dossiers().filter(pk=small.pk).exists()
    with pytest.raises(TransitionError, match="n'attend pas"):
        give_second_approval(
            dossier=approved, user=supervisor_user, expected_version=approved.version
        )
