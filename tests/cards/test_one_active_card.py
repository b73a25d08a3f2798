"""The database itself refuses a second active card for a member."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from cards.constants import CardStatus
from tests.cards.factories import MemberCardFactory
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_two_active_cards_for_one_member() -> None:
    member = MemberFactory.create()
    MemberCardFactory.create(member=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberCardFactory.create(member=member)


def test_it_keeps_any_number_of_ended_cards() -> None:
    from django.utils import timezone

    member = MemberFactory.create()
    for status in (CardStatus.REPLACED, CardStatus.REVOKED, CardStatus.REPLACED):
        MemberCardFactory.create(member=member, status=status, revoked_at=timezone.now())
    MemberCardFactory.create(member=member)
    assert member.cards.count() == 4


def test_it_refuses_an_ended_card_without_its_date() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberCardFactory.create(status=CardStatus.REVOKED, revoked_at=None)
