"""A supervisor cannot reopen a dossier that a payment batch holds: the transfer file must never
pay a dossier that is being studied again."""

from __future__ import annotations

import pytest

from accounts.models import User
from backoffice import services as backoffice
from catalog.models import Service
from dossiers.constants import DossierStatus
from dossiers.errors import TransitionError
from payments import services
from tests.payments.factories import approved_dossier, batch_of

pytestmark = pytest.mark.django_db


def test_it_refuses_to_reopen_a_dossier_held_by_a_batch(
    service: Service, agent_user: User, supervisor_user: User
) -> None:
    dossier = approved_dossier(service)
    batch_of(agent_user, dossier)
    with pytest.raises(TransitionError, match="lot de paiement"):
        backoffice.reopen(
            dossier=dossier,
            user=supervisor_user,
            expected_version=dossier.version,
            reason="Montant à revoir",
        )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.APPROVED


def test_it_reopens_once_the_batch_is_cancelled(
    service: Service, agent_user: User, supervisor_user: User
) -> None:
    dossier = approved_dossier(service)
    batch = batch_of(agent_user, dossier)
    services.cancel_batch(batch=batch, actor=agent_user, reason="Erreur de saisie")
    dossier.refresh_from_db()
    reopened = backoffice.reopen(
        dossier=dossier,
        user=supervisor_user,
        expected_version=dossier.version,
        reason="Montant à revoir",
    )
    assert reopened.status == DossierStatus.IN_REVIEW
