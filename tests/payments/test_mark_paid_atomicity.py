"""If one dossier of a batch cannot become PAID, none does: the batch stays exported, no email
leaves, no audit row says "paid"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import User
from backoffice.models import AuditEntry
from catalog.models import Service
from dossiers.constants import DossierStatus
from dossiers.errors import TransitionError
from dossiers.models import Dossier
from payments import services
from payments.constants import BatchStatus
from payments.errors import PaymentError
from payments.models import PaymentBatch
from tests.payments.factories import approved_dossier, batch_of, exported

pytestmark = pytest.mark.django_db
Run = Callable[..., Any]


@pytest.fixture
def dossiers(service: Service) -> list[Dossier]:
    return [approved_dossier(service, amount=a) for a in ("10.00", "20.00", "30.00")]


@pytest.fixture
def batch(agent_user: User, dossiers: list[Dossier]) -> PaymentBatch:
    return exported(batch_of(agent_user, *dossiers), agent_user)


def _nothing_paid(batch: PaymentBatch, dossiers: list[Dossier]) -> None:
    batch.refresh_from_db()
    assert batch.status == BatchStatus.EXPORTED
    assert batch.paid_on is None
    for dossier in dossiers:
        dossier.refresh_from_db()
    assert DossierStatus.PAID not in {d.status for d in dossiers}
    assert not AuditEntry.objects.filter(action__in=["payment_batch.paid", "dossier.paid"])
    assert mail.outbox == []


def test_a_dossier_reopened_since_the_export_stops_the_whole_batch(
    run_on_commit: Run, supervisor_user: User, batch: PaymentBatch, dossiers: list[Dossier]
) -> None:
    Dossier.objects.filter(pk=dossiers[2].pk).update(status=DossierStatus.IN_REVIEW)

    with pytest.raises(PaymentError, match=str(dossiers[2].number)) as refused:
        run_on_commit(
            services.mark_batch_paid,
            batch=batch,
            actor=supervisor_user,
            paid_on=timezone.localdate(),
        )

    assert "Aucun dossier du lot" in refused.value.message
    _nothing_paid(batch, dossiers)


def test_a_transition_failing_midway_undoes_the_dossiers_already_paid(
    run_on_commit: Run,
    monkeypatch: pytest.MonkeyPatch,
    supervisor_user: User,
    batch: PaymentBatch,
    dossiers: list[Dossier],
) -> None:
    real = services.transition
    last = dossiers[-1].pk

    def failing(**kwargs: Any) -> Dossier:
        if kwargs["dossier"] == last:
            raise TransitionError("panne simulée")
        return real(**kwargs)

    monkeypatch.setattr(services, "transition", failing)

    with pytest.raises(PaymentError, match="panne simulée"):
        run_on_commit(
            services.mark_batch_paid,
            batch=batch,
            actor=supervisor_user,
            paid_on=timezone.localdate(),
        )

    _nothing_paid(batch, dossiers)


def test_an_amount_changed_since_the_export_stops_the_whole_batch(
    supervisor_user: User, batch: PaymentBatch, dossiers: list[Dossier]
) -> None:
    Dossier.objects.filter(pk=dossiers[0].pk).update(approved_amount="11.00")

    with pytest.raises(PaymentError, match="n'est plus celui du fichier"):
        services.mark_batch_paid(batch=batch, actor=supervisor_user, paid_on=timezone.localdate())

    _nothing_paid(batch, dossiers)
