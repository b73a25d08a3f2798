"""The member withdraws a pending request; a decided one stays as it was."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from membership.constants import ChangeStatus
from membership.models import ChangeRequestEvent
from membership.services import approve_change
from registry.models import Member
from tests.membership.factories import RibChangeFactory

pytestmark = pytest.mark.django_db


def test_it_withdraws_a_pending_request(
    member_client: Client, ready_member: User, me: Member
) -> None:
    change = RibChangeFactory.create(member=me)
    response = member_client.post(reverse("member_change_withdraw", args=[change.pk]))
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == ChangeStatus.WITHDRAWN
    assert change.decided_by == ready_member
    event = ChangeRequestEvent.objects.get(request=change)
    assert (event.from_status, event.to_status) == (ChangeStatus.PENDING, ChangeStatus.WITHDRAWN)
    assert "Retirée" in member_client.get(reverse("member_info")).content.decode()


def test_it_cannot_withdraw_a_decided_request(
    member_client: Client, agent_user: User, me: Member
) -> None:
    change = RibChangeFactory.create(member=me)
    approve_change(agent=agent_user, request_id=change.pk)
    response = member_client.post(reverse("member_change_withdraw", args=[change.pk]), follow=True)
    assert "Cette demande a déjà été traitée : elle ne peut plus être retirée." in (
        response.content.decode().replace("&#x27;", "'")
    )
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED


def test_withdrawing_needs_a_post(member_client: Client, me: Member) -> None:
    change = RibChangeFactory.create(member=me)
    assert member_client.get(reverse("member_change_withdraw", args=[change.pk])).status_code == 405
