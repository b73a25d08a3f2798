"""Which payment batches a member of staff sees and acts on.

Supervisors and administrators see every batch. An agent sees the batches whose every line is
a dossier of a service assigned to them (``backoffice.models.AgentAssignment``), and may put
only such dossiers in a batch: a batch never shows an agent the RIB of a member whose service
they do not handle. Anyone else sees nothing (404, never 403: nothing leaks of what exists).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from backoffice.access import assigned_service_ids
from payments.models import PaymentBatch, PaymentLine


def batches_for(user: Any) -> QuerySet[PaymentBatch]:
    allowed = assigned_service_ids(user)
    rows = PaymentBatch.objects.all()
    if allowed is None:
        return rows
    foreign = PaymentLine.objects.filter(batch=OuterRef("pk")).exclude(
        dossier__service_id__in=list(allowed)
    )
    return rows.exclude(Exists(foreign))


def may_handle_batch(user: Any, batch: PaymentBatch) -> bool:
    return assigned_service_ids(user) is None or batches_for(user).filter(pk=batch.pk).exists()


def batch_for_staff(user: Any, pk: Any) -> PaymentBatch:
    """The batch ``pk`` with what its page shows, if ``user`` may see it; else Http404."""
    try:
        return (
            batches_for(user)
            .select_related("service", "created_by", "exported_by", "paid_by", "cancelled_by")
            .get(pk=int(pk))
        )
    except (PaymentBatch.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
