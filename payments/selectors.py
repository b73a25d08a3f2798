"""Reads for the payment pages, each in a fixed number of queries.

``payable_dossiers`` is what a payment batch may take: the dossiers' own definition of a
dossier that may be paid (``dossiers.selectors.payable_dossiers``), less those a batch holds.
The services decide with it, the pages list with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from dossiers.constants import DossierStatus
from dossiers.models import Dossier, DossierEvent
from dossiers.selectors import payable_dossiers as dossiers_payable
from payments.constants import BatchStatus
from payments.models import PaymentBatch, PaymentLine

ZERO = Decimal("0.00")
# The "new batch" page lists (and a batch takes) at most this many dossiers, oldest approval
# first; the rest wait for the next batch.
MAX_BATCH_LINES = 500


def with_approval(rows: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """``approved_at``: the time of the dossier's latest approval (its history's event)."""
    latest = DossierEvent.objects.filter(
        dossier=OuterRef("pk"), to_status=DossierStatus.APPROVED
    ).order_by("-at", "-pk")
    return rows.annotate(approved_at=Subquery(latest.values("at")[:1]))


def held_by_a_batch() -> Exists:
    """The dossier has a line in a batch that is not cancelled (draft, exported or paid)."""
    return Exists(PaymentLine.objects.filter(dossier=OuterRef("pk"), holds_dossier=True))


def payable_dossiers(*, service_ids: Iterable[int] | None = None) -> QuerySet[Dossier]:
    """Dossiers that may join a payment batch: those ``dossiers.selectors.payable_dossiers``
    says may be paid (accepted, an amount above zero, the supervisor's second approval when
    the amount is above the service's threshold) that no batch holds (a draft, exported or paid
    batch: a paid dossier never comes back). ``service_ids`` limits them to an agent's
    services."""
    rows = with_approval(dossiers_payable()).exclude(held_by_a_batch())
    if service_ids is not None:
        rows = rows.filter(service_id__in=list(service_ids))
    return rows


@dataclass(frozen=True)
class PayableFilter:
    service_id: int | None = None
    campaign_id: int | None = None
    approved_from: dt.datetime | None = None  # aware, included
    approved_before: dt.datetime | None = None  # aware, excluded


def payable_matching(
    filters: PayableFilter, *, service_ids: Iterable[int] | None = None
) -> QuerySet[Dossier]:
    rows = payable_dossiers(service_ids=service_ids)
    if filters.service_id is not None:
        rows = rows.filter(service_id=filters.service_id)
    if filters.campaign_id is not None:
        rows = rows.filter(campaign_id=filters.campaign_id)
    if filters.approved_from is not None:
        rows = rows.filter(Q(approved_at__gte=filters.approved_from))
    if filters.approved_before is not None:
        rows = rows.filter(Q(approved_at__lt=filters.approved_before))
    return rows.order_by(F("approved_at").asc(), "pk")


@dataclass(frozen=True)
class PayableSelection:
    """What a new batch would take: its first ``MAX_BATCH_LINES`` dossiers, with the count and
    total of those, and how many more match."""

    dossiers: list[Dossier]
    count: int
    total: Decimal
    matching: int

    @property
    def truncated(self) -> bool:
        return self.matching > self.count


def payable_selection(
    filters: PayableFilter, *, service_ids: Iterable[int] | None = None
) -> PayableSelection:
    """At most two queries: the dossiers shown (and taken), and, when there are more than a
    batch takes, how many match in all."""
    rows = payable_matching(filters, service_ids=service_ids)
    shown = list(rows.select_related("member", "service", "campaign")[:MAX_BATCH_LINES])
    matching = len(shown) if len(shown) < MAX_BATCH_LINES else rows.count()
    total = sum((d.approved_amount or ZERO for d in shown), ZERO)
    return PayableSelection(dossiers=shown, count=len(shown), total=total, matching=matching)


# Batches -------------------------------------------------------------------------------------


def batch_rows(batches: QuerySet[PaymentBatch], status: str = "") -> QuerySet[PaymentBatch]:
    rows = batches.select_related("service", "created_by")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-pk")


def batch_counts(batches: QuerySet[PaymentBatch]) -> dict[str, int]:
    counts = dict(batches.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in BatchStatus.values}


def batch_lines(batch: PaymentBatch) -> QuerySet[PaymentLine]:
    return batch.lines.select_related("dossier__service", "dossier__member").order_by("pk")


def line_totals(batch: PaymentBatch) -> tuple[int, Decimal]:
    """The count and the sum of the batch's lines, as the database adds them."""
    figures = PaymentLine.objects.filter(batch=batch).aggregate(
        count=Count("pk"),
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=DecimalField()),
    )
    return int(figures["count"]), Decimal(figures["total"]).quantize(Decimal("0.01"))
