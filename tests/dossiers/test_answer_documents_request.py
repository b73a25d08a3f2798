"""The member answers a request for documents: back to review, the agent who asked is told."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import User
from dossiers.constants import AttachmentRole, DossierStatus
from dossiers.errors import TransitionError
from dossiers.models import Dossier, DossierEvent
from dossiers.services import answer_documents_request, transition
from tests.dossiers.factories import SentDossierFactory, member_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(alice: User, agent: User) -> Dossier:
    dossier = SentDossierFactory.create(member=alice.member, status=DossierStatus.IN_REVIEW)
    return transition(
        dossier=dossier,
        to=DossierStatus.DOCUMENTS_REQUESTED,
        actor=agent,
        reason="Joignez la facture détaillée.",
    )


def test_it_goes_back_to_review_and_alerts_the_agent_who_asked(
    alice: User, agent: User, asked: Dossier, run_on_commit: Callable[..., Any]
) -> None:
    assert alice.member is not None
    document = member_document(alice.member)
    answered = run_on_commit(
        answer_documents_request,
        dossier=asked,
        user=alice,
        documents=[document],
        message="Voici la facture.",
    )
    assert answered.status == DossierStatus.IN_REVIEW
    assert answered.member_answered_at is not None
    attachment = answered.attachments.get()
    assert (attachment.document, attachment.role) == (document, AttachmentRole.ANSWER)
    event = DossierEvent.objects.filter(dossier=asked).latest("at", "pk")
    assert event.reason == "Voici la facture."
    assert event.details["requested_by"] == agent.pk
    assert event.details["documents"] == [document.pk]
    recipients = {tuple(message.to) for message in mail.outbox}
    assert (agent.email,) in recipients
    assert (alice.email,) in recipients
    alert = next(m for m in mail.outbox if m.to == [agent.email])
    assert str(asked.number) in str(alert.subject)
    assert "Voici la facture." in str(alert.body)


def test_it_needs_at_least_one_document(alice: User, asked: Dossier) -> None:
    with pytest.raises(ValidationError):
        answer_documents_request(dossier=asked, user=alice, documents=[])


def test_it_refuses_a_document_of_someone_else(alice: User, bob: User, asked: Dossier) -> None:
    assert bob.member is not None
    with pytest.raises(ValidationError):
        answer_documents_request(dossier=asked, user=alice, documents=[member_document(bob.member)])


def test_it_refuses_when_nothing_was_asked(alice: User) -> None:
    assert alice.member is not None
    dossier = SentDossierFactory.create(member=alice.member, status=DossierStatus.IN_REVIEW)
    with pytest.raises(TransitionError, match="n'attend pas"):
        answer_documents_request(
            dossier=dossier, user=alice, documents=[member_document(alice.member)]
        )
