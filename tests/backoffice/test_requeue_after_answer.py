"""When the member answers a request for documents, the dossier goes back to the top of its
queue and the agent who asked finds an alert on the back office's home page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from backoffice.models import AgentAlert
from backoffice.services import request_documents, take_in_review
from catalog.models import Service
from dossiers.models import Dossier
from dossiers.services import answer_documents_request
from tests.backoffice.helpers import days_ago, sent_dossier
from tests.dossiers.factories import member_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(
    agent_user: User, ready_member: User, service: Service, assigned: None,
    run_on_commit: Callable[..., Any],
) -> Dossier:  # fmt: skip
    """The newest dossier of the queue, whose member answered the agent's request."""
    assert ready_member.member is not None
    for age in (30, 20, 10):
        sent_dossier(ready_member, service, submitted_at=days_ago(age))
    newest = sent_dossier(ready_member, service, submitted_at=days_ago(1))
    newest = take_in_review(dossier=newest, user=agent_user, expected_version=newest.version)
    newest = request_documents(
        dossier=newest, user=agent_user, expected_version=newest.version, message="Le RIB."
    )
    mail.outbox.clear()
    document = member_document(ready_member.member)
    return run_on_commit(
        answer_documents_request,
        dossier=newest,
        user=ready_member,
        documents=[document],
        message="Voici l'attestation de RIB.",
    )


def _queue_numbers(client: Client, service: Service) -> list[str]:
    page = client.get(f"/backoffice/dossiers/queue/{service.code}/")
    return [d.number for d in page.context["page"].rows]


def test_the_answered_dossier_goes_to_the_top_of_the_queue(
    agent_client: Client, service: Service, answered: Dossier
) -> None:
    assert answered.needs_attention
    numbers = _queue_numbers(agent_client, service)
    assert numbers[0] == answered.number
    assert len(numbers) == 4
    queue = agent_client.get(f"/backoffice/dossiers/queue/{service.code}/")
    assert "Réponse reçue" in queue.content.decode()


def test_the_agent_who_asked_is_alerted_in_the_back_office_and_by_email(
    agent_client: Client, agent_user: User, answered: Dossier
) -> None:
    alert = AgentAlert.objects.get()
    assert (alert.agent, alert.dossier, alert.read_at) == (agent_user, answered, None)
    assert str(answered.number) in alert.message
    home = agent_client.get("/backoffice/").content.decode()
    assert alert.message.replace("'", "&#x27;") in home
    assert 'data-count="1"' in home
    assert agent_user.email in [m.to[0] for m in mail.outbox]


def test_opening_the_dossier_reads_the_alert(agent_client: Client, answered: Dossier) -> None:
    agent_client.get(f"/backoffice/dossiers/{answered.pk}/")
    assert AgentAlert.objects.get().read_at is not None
    assert 'data-count="0"' in agent_client.get("/backoffice/").content.decode()


def test_the_next_decision_takes_it_back_to_its_place(
    agent_client: Client, agent_user: User, service: Service, answered: Dossier
) -> None:
    request_documents(
        dossier=answered, user=agent_user, expected_version=answered.version, message="Encore."
    )
    answered.refresh_from_db()
    assert not answered.needs_attention
    agent_client.get(f"/backoffice/dossiers/queue/{service.code}/")
    assert _queue_numbers(agent_client, service)[-1] == answered.number


def test_no_alert_when_nobody_asked(ready_member: User, service: Service, assigned: None) -> None:
    from dossiers.constants import DossierStatus

    assert ready_member.member is not None
    dossier = sent_dossier(ready_member, service, status=DossierStatus.DOCUMENTS_REQUESTED)
    answer_documents_request(
        dossier=dossier, user=ready_member, documents=[member_document(ready_member.member)]
    )
    dossier.refresh_from_db()
    assert dossier.needs_attention
    assert not AgentAlert.objects.exists()
