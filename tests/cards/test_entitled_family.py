"""The family members shown on the card are those the partners' own beneficiary rules accept on
the day (the default catalogue: CTM for the spouse and children aged 4 to 21, ANAPEC for
children of 18 and more, Renault and inwi for the member only)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cards.selectors import card_page, entitled_family, member_with_family
from registry.validators import add_years
from tests.factories import ChildFactory, MemberFactory, SpouseFactory

pytestmark = pytest.mark.django_db


def _partners_by_name(member_id: int) -> dict[str, list[str]]:
    member = member_with_family(member_id)
    return {
        row.person.first_name: [service.code for service in row.partners]
        for row in entitled_family(member)
    }


def _born_years_ago(years: int, *, days_later: int = 0) -> dt.date:
    return add_years(timezone.localdate(), -years) + dt.timedelta(days=days_later)


# The birth dates are computed in the test, on the test's day: at collection they would be
# taken on another day when the run crosses midnight or the clock is set (FOS_TEST_CLOCK).
@pytest.mark.parametrize(
    ("years", "days_later", "has_ctm"),
    [
        pytest.param(4, 1, False, id="3-tomorrow-4"),
        pytest.param(4, 0, True, id="4-today"),
        pytest.param(22, 1, True, id="21-tomorrow-22"),
        pytest.param(22, 0, False, id="22-today"),
    ],
)
def test_it_counts_the_child_s_age_on_today_for_ctm(
    years: int, days_later: int, has_ctm: bool
) -> None:
    member = MemberFactory.create(birth_date=dt.date(1970, 1, 1))
    birth_date = _born_years_ago(years, days_later=days_later)
    ChildFactory.create(member=member, first_name="Nour", birth_date=birth_date)
    assert ("CTM" in _partners_by_name(member.pk).get("Nour", [])) is has_ctm


def test_it_lists_the_spouse_for_ctm() -> None:
    member = MemberFactory.create()
    SpouseFactory.create(member=member, first_name="Salma")
    assert _partners_by_name(member.pk)["Salma"] == ["CTM"]


def test_it_says_which_partner_each_child_has() -> None:
    member = MemberFactory.create(birth_date=dt.date(1970, 1, 1))
    ChildFactory.create(member=member, first_name="Adam", birth_date=_born_years_ago(10))
    ChildFactory.create(member=member, first_name="Imane", birth_date=_born_years_ago(19))
    ChildFactory.create(member=member, first_name="Omar", birth_date=_born_years_ago(25))
    ChildFactory.create(member=member, first_name="Rayan", birth_date=_born_years_ago(2))
    assert _partners_by_name(member.pk) == {
        "Adam": ["CTM"],
        "Imane": ["CTM", "ANAPEC"],
        "Omar": ["ANAPEC"],
    }


def test_it_reads_the_page_in_a_fixed_number_of_queries() -> None:
    def queries_for(children: int) -> int:
        member = MemberFactory.create(birth_date=dt.date(1970, 1, 1))
        SpouseFactory.create(member=member)
        for index in range(children):
            ChildFactory.create(member=member, birth_date=_born_years_ago(5 + index))
        with CaptureQueriesContext(connection) as captured:
            card_page(member.pk)
        return len(captured)

    # member, spouses, children, partner services, their rules, the card, the photo
    assert queries_for(1) == queries_for(6) == 7
