"""The member's answer puts the dossier at the top of the back office's queue
(``needs_attention``) and tells other apps (``documents_answered``); a staff decision takes it
back to its place."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from dossiers.services import answer_documents_request, transition
from dossiers.signals import documents_answered
from tests.dossiers.factories import SentDossierFactory, member_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(alice: User, agent: User) -> Dossier:
    dossier = SentDossierFactory.create(member=alice.member, status=DossierStatus.IN_REVIEW)
    return transition(dossier=dossier, to=DossierStatus.DOCUMENTS_REQUESTED, actor=agent)


def test_the_answer_flags_the_dossier_and_sends_the_signal(
    alice: User, agent: User, asked: Dossier
) -> None:
    assert alice.member is not None
    heard: list[dict[str, Any]] = []

    def receiver(**kwargs: Any) -> None:
        heard.append(kwargs)

    documents_answered.connect(receiver)
    try:
        answered = answer_documents_request(
            dossier=asked, user=alice, documents=[member_document(alice.member)]
        )
    finally:
        documents_answered.disconnect(receiver)
    assert answered.needs_attention
    assert Dossier.objects.get(pk=asked.pk).needs_attention
    (call,) = heard
    assert call["dossier"].pk == asked.pk
    assert call["asked_by"] == agent.pk
    assert call["event"].to_status == DossierStatus.IN_REVIEW


def test_a_staff_decision_clears_the_flag(alice: User, agent: User, asked: Dossier) -> None:
    assert alice.member is not None
    answered = answer_documents_request(
        dossier=asked, user=alice, documents=[member_document(alice.member)]
    )
    decided = transition(dossier=answered, to=DossierStatus.APPROVED, actor=agent)
    assert not decided.needs_attention
    assert not Dossier.objects.get(pk=asked.pk).needs_attention
