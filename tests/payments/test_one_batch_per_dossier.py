"""A dossier is never in two batches: the service refuses it, and the database too. Cancelling
a batch frees its dossiers; paying one keeps them for good."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from accounts.models import User
from catalog.models import Service
from dossiers.models import Dossier
from payments import services
from payments.errors import NothingToPay
from payments.models import PaymentLine
from tests.payments.factories import approved_dossier, batch_of

pytestmark = pytest.mark.django_db


def _second_line(dossier: Dossier, agent: User) -> None:
    other = batch_of(agent, approved_dossier(dossier.service))
    PaymentLine.objects.create(
        batch=other,
        dossier=dossier,
        dossier_number=dossier.number or "",
        beneficiary_name="X",
        rib=dossier.member.rib,
        amount=Decimal("1.00"),
    )


def test_it_refuses_a_dossier_already_in_a_batch(agent_user: User, service: Service) -> None:
    dossier = approved_dossier(service)
    first = batch_of(agent_user, dossier)

    with pytest.raises(NothingToPay) as refused:
        services.create_batch(actor=agent_user, dossiers=[dossier])

    assert first.reference in refused.value.refusals[0].reason


def test_the_database_refuses_a_second_line_for_the_same_dossier(
    agent_user: User, service: Service
) -> None:
    dossier = approved_dossier(service)
    batch_of(agent_user, dossier)

    with pytest.raises(IntegrityError), transaction.atomic():
        _second_line(dossier, agent_user)


def test_a_cancelled_batch_frees_its_dossiers(agent_user: User, service: Service) -> None:
    dossier = approved_dossier(service)
    cancelled = batch_of(agent_user, dossier)
    services.cancel_batch(batch=cancelled, actor=agent_user, reason="erreur de sélection")

    again = batch_of(agent_user, dossier)

    assert again.lines.get().dossier == dossier
    assert cancelled.lines.get().holds_dossier is False
    with pytest.raises(IntegrityError), transaction.atomic():
        _second_line(dossier, agent_user)
