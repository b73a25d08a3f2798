"""The statistics of a known data set: files per service (DOMAIN.md section 4's table), by
status, amounts approved and paid to the centime, overridden amounts; the period's edges."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dossiers.constants import DossierStatus as S
from reports.selectors import Period, statistics
from tests.reports.conftest import KnownSet

pytestmark = pytest.mark.django_db


def test_it_counts_the_files_of_each_service(known: KnownSet) -> None:
    stats = statistics(Period.year(2025))

    rows = {row.service.code: row for row in stats.services if row.service}
    assert rows["AID"].files == 4
    assert rows["LOAN"].files == 2
    assert "CAMP" not in rows and known.camp in stats.idle
    assert (rows["AID"].granted, rows["AID"].rejected, rows["AID"].in_progress) == (3, 1, 0)
    assert (rows["LOAN"].in_progress, rows["LOAN"].cancelled) == (1, 1)
    assert stats.total.files == 6


def test_it_adds_the_amounts_approved_and_paid(known: KnownSet) -> None:
    stats = statistics(Period.year(2025))

    aid = next(row for row in stats.services if row.service == known.aid)
    assert aid.approved_amount == Decimal("1250.45")
    assert aid.paid_amount == Decimal("250.35")
    assert isinstance(aid.approved_amount, Decimal) and isinstance(aid.paid_amount, Decimal)
    assert stats.total.approved_amount == Decimal("1250.45")
    assert aid.overridden == 1 and stats.total.overridden == 1


def test_it_counts_the_files_by_status(known: KnownSet) -> None:
    stats = statistics(Period.year(2025))

    counts = {row.status: row.files for row in stats.statuses}
    assert counts == {
        S.SUBMITTED: 0,
        S.IN_REVIEW: 1,
        S.DOCUMENTS_REQUESTED: 0,
        S.ORIGINALS_AWAITED: 0,
        S.APPROVED: 1,
        S.PAID: 2,
        S.REJECTED: 1,
        S.CANCELLED: 1,
    }


def test_a_range_keeps_the_days_in_the_foundations_time_zone(known: KnownSet) -> None:
    december = statistics(Period(dt.date(2025, 12, 31), dt.date(2025, 12, 31)))
    new_year = statistics(Period(dt.date(2024, 12, 31), dt.date(2025, 1, 1)))

    assert december.total.files == 1  # sent at 23:30 on 31 December, Casablanca time
    assert new_year.total.files == 1  # the 2024 aid, sent at 23:59
    assert new_year.total.paid_amount == Decimal("99.99")


def test_it_limits_an_agent_to_their_services(known: KnownSet) -> None:
    from catalog.models import Service

    stats = statistics(Period.year(2025), scope=Service.objects.filter(pk=known.loan.pk))

    assert [row.service for row in stats.services] == [known.loan]
    assert stats.total.files == 2
    assert stats.total.approved_amount == Decimal("0.00")
