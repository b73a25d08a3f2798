"""Dossier and document pages show what a member wrote isolated (issue 12, item 8): a child's
name, a document's title and file name, a message to the agent, reverse nothing around them on
the member's pages and the agent's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from backoffice.models import AgentAssignment
from catalog.constants import BeneficiaryType
from documents.models import MemberDocument
from dossiers.constants import Actor, AttachmentRole, DossierStatus
from dossiers.models import Dossier, DossierAttachment, DossierEvent
from tests.backoffice.helpers import paying_service, sent_dossier
from tests.dossiers.factories import member_document
from tests.factories import ChildFactory
from tests.helpers import login_staff
from tests.security.bidi import assert_isolated, spoof

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dossier(ready_member: User, agent_user: User) -> Dossier:
    member = ready_member.member
    assert member is not None
    service = paying_service()
    AgentAssignment.objects.create(user=agent_user, service=service)
    child = ChildFactory.create(member=member, first_name=spoof("child"))
    sent = sent_dossier(ready_member, service, beneficiary_type=BeneficiaryType.CHILD, child=child)
    document = member_document(member, title=spoof("title"))
    MemberDocument.objects.filter(pk=document.pk).update(original_name=f"{spoof('file')}.pdf")
    DossierAttachment.objects.create(dossier=sent, role=AttachmentRole.ANSWER, document=document)
    DossierEvent.objects.create(
        dossier=sent,
        from_status=DossierStatus.SUBMITTED,
        to_status=DossierStatus.SUBMITTED,
        actor=ready_member,
        actor_role=Actor.MEMBER,
        reason=spoof("message"),
    )
    return sent


def test_the_member_s_dossier_page_isolates_what_the_member_wrote(
    client: Client, ready_member: User, dossier: Dossier
) -> None:
    client.force_login(ready_member)
    page = client.get(reverse("dossier_detail", args=[dossier.pk]))
    assert page.status_code == 200
    assert_isolated(page.content.decode(), "child", "file", "message")


def test_the_agent_s_dossier_page_isolates_what_the_member_wrote(
    agent_user: User, dossier: Dossier
) -> None:
    agent = login_staff(Client(), agent_user)
    page = agent.get(reverse("backoffice:dossier", args=[dossier.pk]))
    assert page.status_code == 200
    assert_isolated(page.content.decode(), "child", "file", "message")


def test_the_documents_page_isolates_titles_and_file_names(
    client: Client, ready_member: User, dossier: Dossier
) -> None:
    client.force_login(ready_member)
    page = client.get(reverse("documents"))
    assert page.status_code == 200
    assert_isolated(page.content.decode(), "title", "file")
