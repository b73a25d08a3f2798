"""Membership on the registry: active staff are members by law; is_current_member is the one
test every member service asks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from registry.membership import (
    CURRENT_MEMBERS,
    is_current_member,
    member_is_current,
    user_is_current_member,
)
from registry.models import Member, MembershipStatus, Position
from tests.factories import MemberFactory, MemberUserFactory

pytestmark = pytest.mark.django_db


def test_a_new_row_is_a_member_by_default() -> None:
    assert MemberFactory.create().membership_status == MembershipStatus.MEMBER


def test_active_staff_cannot_be_anything_but_members() -> None:
    member = MemberFactory.build(membership_status=MembershipStatus.NOT_MEMBER)
    with pytest.raises(ValidationError, match="adhérent de droit"):
        member.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save()


def test_a_retiree_may_not_be_a_member() -> None:
    retiree = MemberFactory.create(
        position=Position.RETIRED,
        pension_number="P1",
        membership_status=MembershipStatus.NOT_MEMBER,
    )
    retiree.full_clean()
    assert not is_current_member(retiree)


@pytest.mark.parametrize(
    ("status", "deceased", "expected"),
    [
        (MembershipStatus.MEMBER, False, True),
        (MembershipStatus.MEMBER, True, False),
        (MembershipStatus.NOT_MEMBER, False, False),
        (MembershipStatus.ENDED, False, False),
    ],
)
def test_is_current_member(status: str, deceased: bool, expected: bool) -> None:
    member = MemberFactory.create(
        position=Position.SECONDED,
        membership_status=status,
        is_deceased=deceased,
        death_date=dt.date(2024, 1, 1) if deceased else None,
    )
    assert is_current_member(member) is expected
    assert Member.objects.filter(CURRENT_MEMBERS, pk=member.pk).exists() is expected
    assert (
        User.objects.filter(
            member_is_current("member"), pk=MemberUserFactory.create(member=member).pk
        ).exists()
        is expected
    )


def test_is_current_member_of_no_one_is_false() -> None:
    assert not is_current_member(None)


def test_user_is_current_member(member_user: User, agent_user: User) -> None:
    assert user_is_current_member(member_user)
    assert not user_is_current_member(agent_user)
