"""Agents making batches at the same time on PostgreSQL: 8 threads all want the same 5 dossiers;
each dossier ends in exactly one batch, and the references run 0001, 0002… without a gap.

The dossiers' rows and the year's sequence row are locked (SELECT ... FOR UPDATE) in each
batch's transaction; SQLite has no row locks, so this runs only on PostgreSQL.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from accounts.models import User
from payments import services
from payments.errors import NothingToPay
from payments.models import PaymentBatch, PaymentLine
from tests.helpers import POSTGRES_RACE, run_together
from tests.payments.factories import approved_dossier, service_of

THREADS = 8
pytestmark = POSTGRES_RACE


def test_it_is_skipped_only_off_postgresql() -> None:
    assert connection.vendor == "postgresql"


def test_each_dossier_lands_in_one_batch_and_references_have_no_gap(agent_user: User) -> None:
    service = service_of(agent_user)
    wanted = [approved_dossier(service).pk for _ in range(5)]
    refused: list[int] = []

    def make_batch(index: int) -> None:
        try:
            services.create_batch(actor=agent_user, dossiers=list(reversed(wanted)))
        except NothingToPay:
            refused.append(index)

    assert run_together(THREADS, make_batch) == []
    holding = PaymentLine.objects.filter(holds_dossier=True)
    assert sorted(holding.values_list("dossier_id", flat=True)) == sorted(wanted)
    batches = PaymentBatch.objects.order_by("sequence")
    year = timezone.localdate().year
    assert [b.reference for b in batches] == [
        f"VIR-{year}-{n:04d}" for n in range(1, batches.count() + 1)
    ]
    assert batches.count() + len(refused) == THREADS
