"""Two agents decide the same request: the second is told, and nothing is overwritten."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from membership.constants import ChangeStatus
from registry.models import Member
from tests.membership.factories import MembershipApplicationFactory, RibChangeFactory

pytestmark = pytest.mark.django_db
CONFLICT = "Cette demande a déjà été traitée"


def test_the_second_agent_gets_the_conflict_message(
    agent_client: Client,
    second_agent_client: Client,
    agent_user: User,
    me: Member,
    run_on_commit: Any,
) -> None:
    change = RibChangeFactory.create(member=me)
    url = reverse("backoffice_change", args=[change.pk])
    run_on_commit(agent_client.post, url, {"action": "approve"})
    me.refresh_from_db()
    assert me.rib == change.proposed["rib"]
    response = run_on_commit(
        second_agent_client.post, url, {"action": "reject", "reason": "Illisible"}, follow=True
    )
    html = response.content.decode()
    assert CONFLICT in html
    assert "acceptée par agent.one" in html
    change.refresh_from_db()
    assert (change.status, change.reason, change.decided_by) == (
        ChangeStatus.APPROVED,
        "",
        agent_user,
    )
    assert len(mail.outbox) == 1  # the member hears of one decision only


def test_approving_twice_does_not_apply_twice(
    agent_client: Client, second_agent_client: Client, me: Member
) -> None:
    change = RibChangeFactory.create(member=me)
    url = reverse("backoffice_change", args=[change.pk])
    agent_client.post(url, {"action": "approve"})
    response = second_agent_client.post(url, {"action": "approve"}, follow=True)
    assert CONFLICT in response.content.decode()
    assert change.events.filter(to_status=ChangeStatus.APPROVED).count() == 1
    assert me.data_changes.count() == 1


def test_a_membership_application_decided_twice_gets_the_conflict_message(
    agent_client: Client, second_agent_client: Client
) -> None:
    application = MembershipApplicationFactory.create()
    url = reverse("backoffice_application", args=[application.pk])
    agent_client.post(url, {"action": "reject", "reason": "Pièces illisibles"})
    response = second_agent_client.post(url, {"action": "approve"}, follow=True)
    assert CONFLICT in response.content.decode()
    application.refresh_from_db()
    assert application.status == "rejected"
    assert application.member is None
