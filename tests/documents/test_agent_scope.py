"""An agent reads the documents of the dossiers of the services they handle, and the supporting
documents of member-data change requests; nothing else. Supervisors read everything."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from backoffice.models import AgentAssignment
from documents.access import document_for_user
from documents.models import MemberDocument
from dossiers.constants import DossierStatus
from dossiers.models import Dossier, DossierAttachment
from membership.constants import ChangeStatus
from membership.models import ChangeRequest
from registry.models import Member
from tests.documents.factories import MemberDocumentFactory
from tests.dossiers.factories import DossierFactory, SentDossierFactory
from tests.helpers import login_staff
from tests.membership.factories import RibChangeFactory

pytestmark = pytest.mark.django_db


def attached_to_dossier(member: Member) -> tuple[DossierAttachment, int]:
    dossier = SentDossierFactory.create(member=member)
    document = MemberDocumentFactory.create(member=member)
    attachment = DossierAttachment.objects.create(dossier=dossier, document=document)
    return attachment, dossier.service_id


def test_it_lets_an_agent_read_a_document_of_their_service(
    agent_user: User, other_member: Member
) -> None:
    attachment, service_id = attached_to_dossier(other_member)
    AgentAssignment.objects.create(user=agent_user, service_id=service_id)
    assert document_for_user(agent_user, attachment.document_id) == attachment.document


def test_it_hides_a_document_of_another_service_from_an_agent(
    agent_user: User, other_member: Member
) -> None:
    attachment, _ = attached_to_dossier(other_member)
    with pytest.raises(Http404):
        document_for_user(agent_user, attachment.document_id)


def test_it_hides_an_unattached_document_from_an_agent(
    agent_user: User, other_member: Member
) -> None:
    document = MemberDocumentFactory.create(member=other_member)
    with pytest.raises(Http404):
        document_for_user(agent_user, document.pk)


def test_it_lets_an_agent_read_a_change_request_document(
    agent_user: User, other_member: Member
) -> None:
    change = RibChangeFactory.create(member=other_member)
    document = change.attachments.get().document
    assert document_for_user(agent_user, document.pk) == document


def test_it_lets_a_supervisor_read_any_document(
    supervisor_user: User, other_member: Member
) -> None:
    document = MemberDocumentFactory.create(member=other_member)
    assert document_for_user(supervisor_user, document.pk) == document


# What an agent's work needs, and nothing more (issue 12, item 4) -------------------------------


def test_it_hides_a_document_of_an_unsent_draft_of_the_agents_service(
    agent_user: User, other_member: Member
) -> None:
    draft = DossierFactory.create(member=other_member)
    AgentAssignment.objects.create(user=agent_user, service_id=draft.service_id)
    document = MemberDocumentFactory.create(member=other_member)
    DossierAttachment.objects.create(dossier=draft, document=document)
    with pytest.raises(Http404):
        document_for_user(agent_user, document.pk)


def test_it_hides_a_document_of_a_discarded_draft(agent_user: User, other_member: Member) -> None:
    draft = DossierFactory.create(member=other_member, status=DossierStatus.CANCELLED)
    AgentAssignment.objects.create(user=agent_user, service_id=draft.service_id)
    document = MemberDocumentFactory.create(member=other_member)
    DossierAttachment.objects.create(dossier=draft, document=document)
    with pytest.raises(Http404):
        document_for_user(agent_user, document.pk)


def test_it_keeps_a_decided_dossiers_documents_readable_to_its_agent(
    agent_user: User, other_member: Member
) -> None:
    attachment, service_id = attached_to_dossier(other_member)
    Dossier.objects.filter(pk=attachment.dossier_id).update(status=DossierStatus.PAID)
    AgentAssignment.objects.create(user=agent_user, service_id=service_id)
    assert document_for_user(agent_user, attachment.document_id) == attachment.document


@pytest.mark.parametrize("status", [ChangeStatus.WITHDRAWN, ChangeStatus.APPROVED])
def test_it_hides_the_documents_of_a_change_request_no_longer_pending(
    agent_user: User, supervisor_user: User, other_member: Member, status: str
) -> None:
    change = RibChangeFactory.create(member=other_member)
    ChangeRequest.objects.filter(pk=change.pk).update(status=status, decided_at=timezone.now())
    document = change.attachments.get().document
    with pytest.raises(Http404):
        document_for_user(agent_user, document.pk)
    assert document_for_user(supervisor_user, document.pk) == document


def test_a_draft_of_the_agents_service_opens_no_file_sent_to_another_service(
    agent_user: User, other_member: Member
) -> None:
    """The same file in a sent dossier of another service and in a draft of the agent's:
    the two halves of the rule must hold on one attachment, not on two."""
    elsewhere, _ = attached_to_dossier(other_member)
    draft = DossierFactory.create(member=other_member)
    assert draft.service_id != elsewhere.dossier.service_id
    AgentAssignment.objects.create(user=agent_user, service_id=draft.service_id)
    DossierAttachment.objects.create(dossier=draft, document=elsewhere.document)
    with pytest.raises(Http404):
        document_for_user(agent_user, elsewhere.document_id)


def test_a_file_also_sent_to_another_service_stays_readable_through_the_agents_dossier(
    agent_user: User, other_member: Member
) -> None:
    elsewhere, _ = attached_to_dossier(other_member)
    mine = SentDossierFactory.create(member=other_member)
    AgentAssignment.objects.create(user=agent_user, service_id=mine.service_id)
    DossierAttachment.objects.create(dossier=mine, document=elsewhere.document)
    assert document_for_user(agent_user, elsewhere.document_id) == elsewhere.document


@pytest.mark.parametrize("pk", ["-1", "abc", str(2**63), str(2**64 + 5), "\uff11\uff12"])
def test_it_answers_404_for_any_odd_id(agent_user: User, pk: str) -> None:
    with pytest.raises(Http404):
        document_for_user(agent_user, pk)


def same_for_every_id(response: Any) -> str:
    """The answer without what any page holds of its own request: the address asked (the
    login link's ``next``) and the form token."""
    path = response.wsgi_request.path
    body = response.content.decode().replace(path, "PATH").replace(quote(path, safe=""), "PATH")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


def test_walking_sequential_ids_shows_an_agent_only_their_work(
    client: Client, agent_user: User, other_member: Member
) -> None:
    """Every id from below the first document to past the last, through the page and the API:
    the agent reads exactly the documents of their work, and every other id answers as an id
    that does not exist, so nothing tells which documents exist."""
    mine, service_id = attached_to_dossier(other_member)
    AgentAssignment.objects.create(user=agent_user, service_id=service_id)
    withdrawn = RibChangeFactory.create(member=other_member)
    ChangeRequest.objects.filter(pk=withdrawn.pk).update(
        status=ChangeStatus.WITHDRAWN, decided_at=timezone.now()
    )
    pending = RibChangeFactory.create(member=other_member).attachments.get().document
    other_service, _ = attached_to_dossier(other_member)
    draft = DossierFactory.create(member=other_member, service_id=service_id)
    DossierAttachment.objects.create(
        dossier=draft, document=MemberDocumentFactory.create(member=other_member)
    )
    MemberDocumentFactory.create(member=other_member)  # in no dossier at all
    assert other_service.dossier.service_id != service_id
    ids = list(MemberDocument.objects.order_by("pk").values_list("pk", flat=True))
    login_staff(client, agent_user)
    walked = range(max(ids[0] - 3, 1), ids[-1] + 4)

    def readable(route: str) -> set[int]:
        found, refusals = set(), set()
        for pk in walked:
            response = client.get(reverse(route, args=[pk]))
            if response.status_code == 200:
                found.add(pk)
                # The file only: response.close() would send request_finished, which closes
                # the database connection in the middle of the test's transaction.
                stream = getattr(response, "file_to_stream", None)
                if stream is not None:
                    stream.close()
            else:
                refusals.add((response.status_code, same_for_every_id(response)))
        assert len(refusals) == 1, "a refused id must answer like an id that does not exist"
        assert next(iter(refusals))[0] == 404
        return found

    expected = {mine.document_id, pending.pk}
    assert readable("document_file") == expected
    assert readable("api_document_file") == expected
