"""A batch's total is the Decimal sum of its lines and its count their number, kept right when
a line leaves; references are VIR-YYYY-NNNN without a gap."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from backoffice.models import AuditEntry
from catalog.models import Service
from payments import services
from payments.errors import NothingToPay, PaymentError
from payments.selectors import line_totals
from tests.payments.factories import approved_dossier, batch_of, exported

pytestmark = pytest.mark.django_db


def test_it_adds_the_amounts_to_the_centime(agent_user: User, service: Service) -> None:
    dossiers = [approved_dossier(service, amount=a) for a in ("1000.10", "250.00", "0.35")]

    batch = batch_of(agent_user, *dossiers)

    batch.refresh_from_db()
    assert batch.total == Decimal("1250.45")
    assert isinstance(batch.total, Decimal)
    assert batch.count == 3
    assert line_totals(batch) == (3, Decimal("1250.45"))
    assert sorted(line.amount for line in batch.lines.all()) == [
        Decimal("0.35"),
        Decimal("250.00"),
        Decimal("1000.10"),
    ]


def test_it_numbers_batches_per_year_without_a_gap(agent_user: User, service: Service) -> None:
    year = timezone.localdate().year
    first = batch_of(agent_user, approved_dossier(service))
    with pytest.raises(NothingToPay):
        services.create_batch(actor=agent_user, dossiers=[first.lines.get().dossier_id])
    second = batch_of(agent_user, approved_dossier(service))

    assert (first.reference, second.reference) == (f"VIR-{year}-0001", f"VIR-{year}-0002")


def test_it_recounts_the_batch_when_a_line_leaves(agent_user: User, service: Service) -> None:
    keep, drop = approved_dossier(service, amount="10.10"), approved_dossier(service, amount="5.05")
    batch = batch_of(agent_user, keep, drop)

    services.remove_line(
        actor=agent_user, line=batch.lines.get(dossier=drop), reason="RIB à vérifier"
    )

    batch.refresh_from_db()
    assert (batch.count, batch.total) == (1, Decimal("10.10"))
    entry = AuditEntry.objects.get(action="payment_batch.line_removed")
    assert entry.before["total"] == "15.15" and entry.after["total"] == "10.10"
    assert entry.reason == "RIB à vérifier"
    again = batch_of(agent_user, drop)
    assert again.count == 1


def test_it_keeps_an_exported_batch_as_it_was_sent(agent_user: User, service: Service) -> None:
    batch = exported(batch_of(agent_user, approved_dossier(service)), agent_user)

    with pytest.raises(PaymentError, match="ne se modifient plus"):
        services.remove_line(actor=agent_user, line=batch.lines.get())

    assert batch.lines.count() == 1
