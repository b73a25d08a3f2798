"""A new card replaces the old one, which is then refused; every change is in the history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import User
from cards.constants import REASON_REPLACED, CardEventKind, CardStatus
from cards.models import CardEvent
from cards.services import issue_card
from tests.factories import MemberFactory, MemberUserFactory

pytestmark = pytest.mark.django_db


def test_it_replaces_and_revokes_the_previous_card(ready_member: User) -> None:
    assert ready_member.member is not None
    old = issue_card(member=ready_member.member, actor=ready_member)
    new = issue_card(member=ready_member.member, actor=ready_member)
    old.refresh_from_db()
    assert old.status == CardStatus.REPLACED
    assert old.revoked_at is not None
    assert old.revocation_reason == REASON_REPLACED
    assert new.status == CardStatus.ACTIVE
    assert new.replaces == old
    assert new.number != old.number


def test_it_records_who_issued_and_replaced(ready_member: User) -> None:
    assert ready_member.member is not None
    old = issue_card(member=ready_member.member, actor=ready_member)
    new = issue_card(member=ready_member.member, actor=ready_member)
    assert list(CardEvent.objects.filter(card=old).values_list("kind", "actor", "reason")) == [
        (CardEventKind.ISSUED, ready_member.pk, ""),
        (CardEventKind.REPLACED, ready_member.pk, REASON_REPLACED),
    ]
    assert list(CardEvent.objects.filter(card=new).values_list("kind", flat=True)) == [
        CardEventKind.ISSUED
    ]


def test_it_refuses_a_member_issuing_a_card_for_someone_else(ready_member: User) -> None:
    other = MemberFactory.create()
    with pytest.raises(PermissionDenied):
        issue_card(member=other, actor=ready_member)


def test_it_lets_staff_issue_for_any_member(agent_user: User) -> None:
    member = MemberUserFactory.create().member
    assert member is not None
    card = issue_card(member=member, actor=agent_user)
    assert card.status == CardStatus.ACTIVE
