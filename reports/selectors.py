"""Statistics of the dossiers sent in a period, per service and per status, in four queries
whatever the number of dossiers: the services shown, one GROUP BY (service, status), and two
window queries that return only the middle durations from which the medians are taken.

A dossier counts in the period when it was *sent* (``submitted_at``) in it; its status is its
status today. The processing time runs from sending to the first decision (the first history
event to "Acceptée" or "Rejetée"): ``submit_dossier`` writes ``submitted_at`` and the SUBMITTED
event at the same instant.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from catalog.models import Service
from dossiers.constants import DossierStatus
from dossiers.models import Dossier, DossierEvent

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
DAY_MICROSECONDS = Decimal(86_400_000_000)
S = DossierStatus
DECIDED = (S.APPROVED, S.PAID, S.REJECTED)
GRANTED = (S.APPROVED, S.PAID)
IN_PROGRESS = (S.SUBMITTED, S.IN_REVIEW, S.DOCUMENTS_REQUESTED, S.ORIGINALS_AWAITED)
# Sent dossiers are never drafts; the statuses a statistic can meet, in the states table order.
REPORTED_STATUSES = [status for status in DossierStatus if status != S.DRAFT]


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included, in the Foundation's time zone."""

    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def is_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (
            1,
            1,
            12,
            31,
        ) and self.start.year == self.end.year

    @property
    def slug(self) -> str:
        if self.is_year:
            return str(self.start.year)
        return f"{self.start:%Y-%m-%d}_{self.end:%Y-%m-%d}"

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The first instant of the period and the first instant after it (aware)."""
        after = self.end + dt.timedelta(days=1)
        return (
            timezone.make_aware(dt.datetime.combine(self.start, dt.time.min)),
            timezone.make_aware(dt.datetime.combine(after, dt.time.min)),
        )


@dataclass
class ServiceFigures:
    """One service's line of the table (or the total line, ``service`` None)."""

    service: Service | None
    files: int = 0
    in_progress: int = 0
    granted: int = 0
    rejected: int = 0
    cancelled: int = 0
    # Approvals whose amount the agent changed from the rules' (``Dossier.amount_overridden``).
    overridden: int = 0
    approved_amount: Decimal = ZERO
    paid_amount: Decimal = ZERO
    median_days: Decimal | None = None
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def decided(self) -> int:
        return self.granted + self.rejected

    def add(self, status: str, files: int, amount: Decimal | None, overridden: int) -> None:
        self.files += files
        self.by_status[status] = self.by_status.get(status, 0) + files
        if status in IN_PROGRESS:
            self.in_progress += files
        elif status in GRANTED:
            self.granted += files
            self.overridden += overridden
            self.approved_amount += amount or ZERO
            if status == S.PAID:
                self.paid_amount += amount or ZERO
        elif status == S.REJECTED:
            self.rejected += files
        elif status == S.CANCELLED:
            self.cancelled += files


@dataclass(frozen=True)
class StatusFigures:
    status: DossierStatus
    files: int

    @property
    def label(self) -> str:
        return str(self.status.label)


@dataclass(frozen=True)
class Statistics:
    period: Period
    services: list[ServiceFigures]  # the services with files in the period
    idle: list[Service]  # the others in scope
    total: ServiceFigures
    statuses: list[StatusFigures]


def services_shown(scope: QuerySet[Service] | None) -> QuerySet[Service]:
    rows = Service.objects.all() if scope is None else scope
    return rows.select_related("category").order_by("category__order", "order", "code")


def sent_in(period: Period, scope: QuerySet[Service] | None = None) -> QuerySet[Dossier]:
    start, after = period.bounds()
    rows = Dossier.objects.filter(
        number__isnull=False, submitted_at__gte=start, submitted_at__lt=after
    )
    if scope is not None:
        rows = rows.filter(service__in=scope.values("pk"))
    return rows


def _first_decision() -> Subquery:
    return Subquery(
        DossierEvent.objects.filter(dossier=OuterRef("pk"), to_status__in=[S.APPROVED, S.REJECTED])
        .order_by("at", "pk")
        .values("at")[:1]
    )


def _middle_durations(rows: QuerySet[Dossier], *, per_service: bool) -> list[tuple[Any, Any]]:
    """(service id or None, duration) of the one or two middle durations of each group.

    ROW_NUMBER and COUNT over the group, ordered by duration, keep the rows whose position is
    within half a step of the middle: the middle one of an odd count, the two of an even count.
    """
    partition = [F("service_id")] if per_service else []
    timed = (
        rows.annotate(decided_at=_first_decision())
        .filter(decided_at__isnull=False)
        .annotate(
            duration=ExpressionWrapper(
                F("decided_at") - F("submitted_at"), output_field=DurationField()
            )
        )
        .annotate(
            position=Window(
                RowNumber(), partition_by=partition, order_by=[F("duration").asc(), F("pk").asc()]
            ),
            size=Window(Count("pk"), partition_by=partition),
        )
        .filter(position__gte=F("size") / Value(2.0), position__lte=F("size") / Value(2.0) + 1)
        .order_by()
    )
    if per_service:
        return list(timed.values_list("service_id", "duration"))
    return [(None, duration) for duration in timed.values_list("duration", flat=True)]


def median_days(durations: Iterable[dt.timedelta]) -> Decimal | None:
    """The mean of the middle durations, in days to the tenth (half up)."""
    values = list(durations)
    if not values:
        return None
    microseconds = sum(
        d.days * 86_400_000_000 + d.seconds * 1_000_000 + d.microseconds for d in values
    )
    days = Decimal(microseconds) / Decimal(len(values)) / DAY_MICROSECONDS
    return days.quantize(TENTH, rounding=ROUND_HALF_UP)


def statistics(period: Period, *, scope: QuerySet[Service] | None = None) -> Statistics:
    """The figures of the dossiers sent in ``period``, for the services of ``scope`` (all when
    None). Four queries."""
    services = list(services_shown(scope))
    rows = sent_in(period, scope)
    counts = rows.values("service_id", "status").annotate(
        files=Count("pk"),
        amount_sum=Sum("approved_amount"),
        overridden=Count("pk", filter=Q(amount_overridden=True)),
    )
    by_service = {service.pk: ServiceFigures(service) for service in services}
    total = ServiceFigures(None)
    statuses: dict[str, int] = defaultdict(int)
    for row in counts.order_by():
        figures = by_service.get(row["service_id"])
        if figures is None:  # a service outside the scope cannot appear; kept safe
            continue
        for line in (figures, total):
            line.add(row["status"], row["files"], row["amount_sum"], row["overridden"])
        statuses[row["status"]] += row["files"]
    middles: dict[int, list[dt.timedelta]] = defaultdict(list)
    for service_id, duration in _middle_durations(rows, per_service=True):
        middles[service_id].append(duration)
    for service_id, figures in by_service.items():
        figures.median_days = median_days(middles.get(service_id, []))
    total.median_days = median_days(d for _s, d in _middle_durations(rows, per_service=False))
    for figures in [*by_service.values(), total]:
        figures.approved_amount = figures.approved_amount.quantize(CENT)
        figures.paid_amount = figures.paid_amount.quantize(CENT)
    return Statistics(
        period=period,
        services=[figures for figures in by_service.values() if figures.files],
        idle=[service for service in services if not by_service[service.pk].files],
        total=total,
        statuses=[StatusFigures(status, statuses.get(status, 0)) for status in REPORTED_STATUSES],
    )
