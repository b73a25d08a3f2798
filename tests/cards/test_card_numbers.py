"""Card and attestation numbers: PREFIX-YEAR-000001 upwards, one sequence a year, no gap."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cards.models import NumberSequence
from cards.services import issue_attestation, issue_card
from registry.models import Member
from registry.validators import add_years
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_it_numbers_cards_one_after_the_other(admin_user: User) -> None:
    year = timezone.localdate().year
    numbers = [issue_card(member=MemberFactory.create(), actor=admin_user).number for _ in range(3)]
    assert numbers == [f"FOS-{year}-000001", f"FOS-{year}-000002", f"FOS-{year}-000003"]


def test_it_gives_back_the_number_of_an_issue_that_rolled_back(admin_user: User) -> None:
    year = timezone.localdate().year
    first = issue_card(member=MemberFactory.create(), actor=admin_user)
    with pytest.raises(RuntimeError), transaction.atomic():
        issue_card(member=MemberFactory.create(), actor=admin_user)
        raise RuntimeError("the caller's transaction fails after the issue")
    after = issue_card(member=MemberFactory.create(), actor=admin_user)
    assert first.number == f"FOS-{year}-000001"
    assert after.number == f"FOS-{year}-000002"


def test_it_starts_again_at_one_each_year(admin_user: User) -> None:
    member = MemberFactory.create()
    issue_card(member=member, actor=admin_user)
    # New Year's morning in Morocco (the year of a number is the local one, never UTC's).
    local = timezone.localtime()
    next_year = local.replace(year=local.year + 1, month=1, day=1, hour=0, minute=30)
    with mock.patch("cards.services.timezone.now", return_value=next_year):
        card = issue_card(member=member, actor=admin_user)
    assert card.number == f"FOS-{local.year + 1}-000001"
    assert NumberSequence.objects.filter(prefix="FOS").count() == 2


def test_it_numbers_attestations_on_their_own_sequence(ready_member: User) -> None:
    member = ready_member.member
    assert isinstance(member, Member)
    issue_card(member=member, actor=ready_member)
    first = issue_attestation(member=member, actor=ready_member)
    second = issue_attestation(member=member, actor=ready_member)
    year = timezone.localdate().year
    assert (first.number, second.number) == (f"ATT-{year}-000001", f"ATT-{year}-000002")


def test_it_makes_a_card_valid_for_the_configured_years(admin_user: User, settings: Any) -> None:
    settings.CARD_VALIDITY_YEARS = 3
    card = issue_card(member=MemberFactory.create(), actor=admin_user)
    assert card.valid_until == add_years(timezone.localdate(), 3)
