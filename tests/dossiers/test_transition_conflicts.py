"""Two people acting on one dossier at once: the second is told, nothing is overwritten."""

from __future__ import annotations

import pytest

from accounts.models import User
from dossiers.constants import DossierStatus
from dossiers.errors import ConflictError
from dossiers.models import DossierEvent
from dossiers.services import transition
from tests.dossiers.factories import SentDossierFactory

pytestmark = pytest.mark.django_db


def test_the_second_agent_gets_a_conflict(alice: User, agent: User, supervisor: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member, status=DossierStatus.IN_REVIEW)
    seen_by_both = dossier.version
    transition(
        dossier=dossier,
        to=DossierStatus.APPROVED,
        actor=agent,
        expected_version=seen_by_both,
    )
    with pytest.raises(ConflictError, match="modifié par quelqu'un d'autre") as raised:
        transition(
            dossier=dossier,
            to=DossierStatus.REJECTED,
            actor=supervisor,
            reason="Incomplet",
            expected_version=seen_by_both,
        )
    assert "Acceptée" in raised.value.message
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.APPROVED
    assert dossier.version == seen_by_both + 1
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1


def test_the_version_grows_by_one_at_each_transition(alice: User, agent: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    first = transition(dossier=dossier, to=DossierStatus.IN_REVIEW, actor=agent)
    second = transition(
        dossier=dossier,
        to=DossierStatus.ORIGINALS_AWAITED,
        actor=agent,
        expected_version=first.version,
    )
    assert (first.version, second.version) == (dossier.version + 1, dossier.version + 2)
