"""The queue and the dossier page read a fixed, small number of queries, whatever the number
of dossiers, documents, events or audit rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from backoffice.models import AgentAssignment
from backoffice.services import request_documents, take_in_review
from catalog.models import Service
from dossiers.constants import AttachmentRole
from dossiers.models import Dossier, DossierAttachment
from dossiers.services import answer_documents_request
from tests.backoffice.helpers import sent_dossier
from tests.dossiers.factories import SentDossierFactory, member_document, open_campaign
from tests.factories import ChildFactory, MemberFactory, SpouseFactory

pytestmark = pytest.mark.django_db
MAX_QUEUE_QUERIES = 16
MAX_DOSSIER_QUERIES = 20


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _fill(service: Service, count: int) -> None:
    campaign = open_campaign(service, key=f"fill{count}")
    for _n in range(count):
        SentDossierFactory.create(member=MemberFactory.create(), service=service, campaign=campaign)


def test_the_queue_reads_as_many_queries_for_1_and_100_dossiers(
    agent_client: Client, agent_user: User, service: Service, other_service: Service
) -> None:
    for handled in (service, other_service):
        AgentAssignment.objects.create(user=agent_user, service=handled)
    _fill(service, 1)
    _fill(other_service, 100)
    url_one = f"/backoffice/dossiers/queue/{service.code}/"
    url_hundred = f"/backoffice/dossiers/queue/{other_service.code}/"
    agent_client.get(url_one)  # warm the caches (content types, session)
    one = _count(agent_client, url_one)
    hundred = _count(agent_client, url_hundred)
    assert one == hundred
    assert one <= MAX_QUEUE_QUERIES


def test_a_filtered_and_searched_queue_stays_fixed(
    agent_client: Client, service: Service, assigned: None
) -> None:
    _fill(service, 30)
    params = "?q=Alaoui&status=all&amount_min=1&submitted_from=2000-01-01&page=1"
    url = f"/backoffice/dossiers/queue/{service.code}/{params}"
    agent_client.get(url)
    first = _count(agent_client, url)
    page = agent_client.get(url).context["page"]
    second = _count(agent_client, f"{url}&after={page.next_cursor}&page=2")
    # The first page reads the answered dossiers, then the others; the next pages, the others.
    assert second in (first, first - 1)
    assert first <= MAX_QUEUE_QUERIES


def test_the_dossier_page_reads_a_fixed_number_of_queries(
    agent_client: Client, agent_user: User, ready_member: User, service: Service, assigned: None
) -> None:
    member = ready_member.member
    assert member is not None
    plain = sent_dossier(ready_member, service)
    plain = take_in_review(dossier=plain, user=agent_user, expected_version=plain.version)
    busy = sent_dossier(ready_member, service)
    for _n in range(3):
        SpouseFactory.create(member=member)
        ChildFactory.create(member=member)
    for _n in range(5):
        DossierAttachment.objects.create(
            dossier=busy, role=AttachmentRole.REQUIRED_DOCUMENT, document=member_document(member)
        )
    busy = take_in_review(dossier=busy, user=agent_user, expected_version=busy.version)
    for _round in range(3):
        busy = request_documents(
            dossier=busy, user=agent_user, expected_version=busy.version, message="Encore."
        )
        busy = answer_documents_request(
            dossier=busy, user=ready_member, documents=[member_document(member)]
        )
    agent_client.get(f"/backoffice/dossiers/{plain.pk}/")
    few = _count(agent_client, f"/backoffice/dossiers/{plain.pk}/")
    many = _count(agent_client, f"/backoffice/dossiers/{busy.pk}/")
    assert Dossier.objects.get(pk=busy.pk).events.count() == 7
    assert few == many
    assert few <= MAX_DOSSIER_QUERIES
