"""An agent takes a sent dossier in review: the member is told once, the audit keeps the step."""

from __future__ import annotations

from collections.abc import Callable
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


def test_it_puts_the_dossier_in_review_and_tells_the_member(
    agent_client: Client,
    agent_user: User,
    ready_member: User,
    dossier: Dossier,
    run_on_commit: Callable[..., Any],
) -> None:
    response = run_on_commit(act, agent_client, dossier, "take")
    assert response.status_code == 302
    assert response["Location"] == f"/backoffice/dossiers/{dossier.pk}/"
    version = dossier.version
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_REVIEW
    assert dossier.version == version + 1
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.actor, event.to_status) == (agent_user, DossierStatus.IN_REVIEW)
    assert [m.to for m in mail.outbox] == [[ready_member.email]]
    assert "à l'étude" in str(mail.outbox[0].body)
    entry = AuditEntry.objects.get(target_type="dossiers.dossier", target_id=str(dossier.pk))
    assert (entry.actor, entry.action) == (agent_user, "dossier.take_in_review")
    assert entry.before["status"] == "submitted"
    assert entry.after["status"] == "in_review"


def test_it_refuses_a_dossier_already_in_review(
    agent_client: Client, dossier: Dossier, run_on_commit: Callable[..., Any]
) -> None:
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.IN_REVIEW)
    dossier.refresh_from_db()
    response = run_on_commit(act, agent_client, dossier, "take")
    assert response.status_code == 302
    page = agent_client.get(response["Location"]).content.decode()
    assert "pas possible" in page
    assert not mail.outbox
    assert not AuditEntry.objects.exists()
