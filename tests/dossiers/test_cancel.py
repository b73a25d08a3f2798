"""The member cancels a sent dossier only before review; a draft is discarded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from accounts.models import User
from dossiers.constants import DossierStatus
from dossiers.errors import ConflictError, TransitionError
from dossiers.models import DossierEvent
from dossiers.services import cancel_dossier, discard_draft, transition
from tests.dossiers.factories import DossierFactory, SentDossierFactory

pytestmark = pytest.mark.django_db


def test_the_member_cancels_a_sent_dossier_with_a_reason(
    alice: User, run_on_commit: Callable[..., Any]
) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    cancelled = run_on_commit(cancel_dossier, dossier=dossier, user=alice, reason="Erreur")
    assert cancelled.status == DossierStatus.CANCELLED
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.actor, event.actor_role, event.reason) == (alice, "member", "Erreur")
    assert mail.outbox[0].subject == f"Dossier {dossier.number} : Annulée"


@pytest.mark.parametrize(
    "status", [s for s in DossierStatus if s not in (DossierStatus.SUBMITTED, DossierStatus.DRAFT)]
)
def test_it_refuses_once_review_has_begun(alice: User, status: DossierStatus) -> None:
    dossier = SentDossierFactory.create(member=alice.member, status=status)
    with pytest.raises(TransitionError, match="ne peut plus être annulé"):
        cancel_dossier(dossier=dossier, user=alice)
    dossier.refresh_from_db()
    assert dossier.status == status


def test_an_agent_taking_it_first_wins(alice: User, agent: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    shown = dossier.version
    transition(dossier=dossier, to=DossierStatus.IN_REVIEW, actor=agent)
    with pytest.raises(ConflictError):
        cancel_dossier(dossier=dossier, user=alice, expected_version=shown)


def test_another_member_cannot_cancel(alice: User, bob: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    with pytest.raises(TransitionError):
        cancel_dossier(dossier=dossier, user=bob)


def test_a_draft_is_discarded_without_email(alice: User, run_on_commit: Callable[..., Any]) -> None:
    draft = DossierFactory.create(member=alice.member)
    discarded = run_on_commit(discard_draft, dossier=draft, user=alice)
    assert discarded.status == DossierStatus.CANCELLED
    assert discarded.number is None
    assert mail.outbox == []
    with pytest.raises(TransitionError):
        cancel_dossier(dossier=draft, user=alice)
