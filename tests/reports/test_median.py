"""The median processing time, from sending to the first decision, in days to the tenth:
the middle value of an odd count, the mean of the two middle values of an even count."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.models import Service
from dossiers.constants import DossierStatus as S
from reports.selectors import Period, Statistics, median_days, statistics
from tests.catalog.factories import ServiceFactory
from tests.reports.conftest import KnownSet
from tests.reports.factories import days, local, sent

pytestmark = pytest.mark.django_db


def median_of(stats: Statistics, service: Service) -> Decimal | None:
    return next(row for row in stats.services if row.service == service).median_days


def test_it_averages_the_two_middle_values_of_an_even_count(known: KnownSet) -> None:
    stats = statistics(Period.year(2025))

    assert median_of(stats, known.aid) == Decimal("5.0")  # 2, 4, 6, 10 days
    assert stats.total.median_days == Decimal("5.0")


def test_it_takes_the_middle_value_of_an_odd_count(db: None) -> None:
    service = ServiceFactory.create()
    for delay in (8, 1, 3):
        sent(
            service, at=local(2025, 5, 1), status=S.APPROVED, amount="1", decided_after=days(delay)
        )

    stats = statistics(Period.year(2025))

    assert median_of(stats, service) == Decimal("3.0")


def test_it_keeps_fractions_of_a_day(db: None) -> None:
    service = ServiceFactory.create()
    sent(service, at=local(2025, 5, 1), status=S.APPROVED, amount="1", decided_after=days(1))
    sent(service, at=local(2025, 5, 1), status=S.APPROVED, amount="1", decided_after=days(2))
    other = ServiceFactory.create()
    sent(other, at=local(2025, 5, 1), status=S.APPROVED, amount="1", decided_after=days(0.25))

    stats = statistics(Period.year(2025))

    assert median_of(stats, service) == Decimal("1.5")
    assert median_of(stats, other) == Decimal("0.3")
    assert stats.total.median_days == Decimal("1.0")  # 0.25, 1, 2


def test_it_counts_from_the_first_decision(db: None) -> None:
    service = ServiceFactory.create()
    dossier = sent(
        service, at=local(2025, 5, 1), status=S.APPROVED, amount="1", decided_after=days(2),
        decision=S.REJECTED,
    )  # fmt: skip
    dossier.events.create(
        from_status=S.IN_REVIEW, to_status=S.APPROVED, actor_role="supervisor",
        at=local(2025, 5, 20),
    )  # fmt: skip

    assert median_of(statistics(Period.year(2025)), service) == Decimal("2.0")


def test_it_has_no_median_before_any_decision(db: None) -> None:
    service = ServiceFactory.create()
    sent(service, at=local(2025, 5, 1), status=S.IN_REVIEW)

    stats = statistics(Period.year(2025))

    assert median_of(stats, service) is None
    assert stats.total.median_days is None
    assert median_days([]) is None
