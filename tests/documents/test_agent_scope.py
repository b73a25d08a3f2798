"""An agent reads the documents of the dossiers of the services they handle, and the supporting
documents of member-data change requests; nothing else. Supervisors read everything."""

from __future__ import annotations

import pytest
from django.http import Http404

from accounts.models import User
from backoffice.models import AgentAssignment
from documents.access import document_for_user
from dossiers.models import DossierAttachment
from registry.models import Member
from tests.documents.factories import MemberDocumentFactory
from tests.dossiers.factories import SentDossierFactory
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
