"""A batch takes only dossiers that may be paid, and says why it leaves the others out."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import User
from catalog.models import Service
from dossiers.constants import DossierStatus
from payments import services
from payments.errors import NothingToPay
from payments.selectors import PayableFilter, payable_dossiers
from tests.payments.factories import approved_dossier, service_of

pytestmark = pytest.mark.django_db


def test_it_takes_approved_dossiers_and_refuses_the_others_with_their_reason(
    agent_user: User, supervisor_user: User, service: Service
) -> None:
    payable = approved_dossier(service, amount="900.00")
    confirmed = approved_dossier(
        service,
        amount="12000.00",
        second_approval_required=True,
        second_approved_by=supervisor_user,
    )
    in_review = approved_dossier(service, status=DossierStatus.IN_REVIEW)
    awaiting = approved_dossier(service, amount="12000.00", second_approval_required=True)

    created = services.create_batch(
        actor=agent_user, dossiers=[payable, confirmed, in_review, awaiting]
    )

    assert {line.dossier_id for line in created.batch.lines.all()} == {payable.pk, confirmed.pk}
    reasons = {refusal.dossier_id: refusal.reason for refusal in created.refusals}
    assert set(reasons) == {in_review.pk, awaiting.pk}
    assert "En cours d'étude" in reasons[in_review.pk]
    assert "seconde validation" in reasons[awaiting.pk]


def test_it_creates_nothing_when_no_dossier_may_be_paid(agent_user: User, service: Service) -> None:
    rejected = approved_dossier(service, status=DossierStatus.REJECTED)
    no_amount = approved_dossier(service, amount="0.00")

    with pytest.raises(NothingToPay) as refused:
        services.create_batch(actor=agent_user, dossiers=[rejected, no_amount])

    assert len(refused.value.refusals) == 2
    assert "aucun montant" in refused.value.refusals[1].reason


def test_it_uses_the_dossiers_definition_of_payable(
    supervisor_user: User, service: Service
) -> None:
    payable = approved_dossier(service)
    approved_dossier(service, amount="15000.00", second_approval_required=True)
    approved_dossier(service, status=DossierStatus.PAID)

    assert list(payable_dossiers().values_list("pk", flat=True)) == [payable.pk]


def test_it_refuses_an_agent_the_dossiers_of_a_service_not_assigned_to_them(
    agent_user: User, service: Service
) -> None:
    foreign = approved_dossier(service_of(None))
    mine = approved_dossier(service)

    created = services.create_batch(actor=agent_user, dossiers=[foreign, mine])

    assert [line.dossier_id for line in created.batch.lines.all()] == [mine.pk]
    assert "ne vous est pas confiée" in created.refusals[0].reason


def test_it_takes_what_a_filter_matches(agent_user: User, service: Service) -> None:
    other = service_of(agent_user)
    wanted = approved_dossier(service, amount="10.00")
    approved_dossier(other, amount="20.00")

    created = services.create_batch(
        actor=agent_user, filters=PayableFilter(service_id=service.pk), service=service
    )

    assert [line.dossier_id for line in created.batch.lines.all()] == [wanted.pk]
    assert created.batch.total == Decimal("10.00")
    assert created.batch.service == service
