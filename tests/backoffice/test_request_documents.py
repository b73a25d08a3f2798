"""Asking the member for documents: the message reaches the member's email and dossier page,
where they answer by uploading."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from backoffice.models import AuditEntry
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from tests.backoffice.helpers import act

pytestmark = pytest.mark.django_db
MESSAGE = "Joignez la facture détaillée de l'agence de voyage."


@pytest.fixture
def in_review(dossier: Dossier) -> Dossier:
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.IN_REVIEW)
    dossier.refresh_from_db()
    return dossier


def test_it_sends_the_message_to_the_member_who_sees_it_on_the_dossier_page(
    agent_client: Client,
    agent_user: User,
    ready_member: User,
    in_review: Dossier,
    run_on_commit: Callable[..., Any],
) -> None:
    response = run_on_commit(act, agent_client, in_review, "request_documents", message=MESSAGE)
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == DossierStatus.DOCUMENTS_REQUESTED
    (email,) = mail.outbox
    assert email.to == [ready_member.email]
    assert MESSAGE in str(email.body)
    entry = AuditEntry.objects.get(action="dossier.request_documents")
    assert (entry.actor, entry.reason) == (agent_user, MESSAGE)
    agent_client.logout()
    agent_client.force_login(ready_member)
    page = agent_client.get(f"/dossiers/{in_review.pk}/").content.decode()
    assert MESSAGE.replace("'", "&#x27;") in page
    assert f'action="/dossiers/{in_review.pk}/answer/"' in page


def test_it_needs_a_message(
    agent_client: Client, in_review: Dossier, run_on_commit: Callable[..., Any]
) -> None:
    response = run_on_commit(act, agent_client, in_review, "request_documents", message="  ")
    assert response.status_code == 400
    in_review.refresh_from_db()
    assert in_review.status == DossierStatus.IN_REVIEW
    assert not mail.outbox
    assert not AuditEntry.objects.exists()
