"""An internal note is for the Foundation's staff: never on the sender's page, in the API or in
an email, whatever happens to the letter afterwards."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from correspondence import services
from correspondence.models import Letter
from tests.correspondence.factories import VISITOR_CODE, LetterFactory, VisitorLetterFactory
from tests.correspondence.helpers import follow, html_of
from tests.helpers import api_token

pytestmark = pytest.mark.django_db
NOTE = "NOTE-INTERNE-7f3a : dossier litigieux"


def everything_after_a_note(letter: Letter, agent: User, run_on_commit: Any) -> None:
    run_on_commit(services.add_internal_note, letter=letter, body=NOTE, actor=agent)
    run_on_commit(services.answer_letter, letter=letter, body="Réponse publique", actor=agent)
    run_on_commit(services.close_letter, letter=letter, actor=agent)


def test_a_member_never_sees_the_note(
    member_client: Client,
    ready_member: User,
    agent_user: User,
    agent_client: Client,
    run_on_commit: Any,
) -> None:
    assert ready_member.member is not None
    letter = LetterFactory.create(member=ready_member.member)
    everything_after_a_note(letter, agent_user, run_on_commit)

    staff_page = agent_client.get(reverse("backoffice_mail_letter", args=[letter.pk]))
    assert NOTE in staff_page.content.decode()  # it was written, and staff read it

    page = member_client.get(reverse("mail_detail", args=[letter.pk])).content.decode()
    assert "Réponse publique" in page and NOTE not in page

    token = api_token(ready_member)
    api = Client().get(
        reverse("api_mail_letter", args=[letter.pk]),
        headers={"Authorization": f"Token {token}"},
    )
    assert api.status_code == 200
    assert "Réponse publique" in api.content.decode()
    assert NOTE not in api.content.decode()
    assert len(api.json()["messages"]) == 1

    assert len(mail.outbox) == 2  # the answer and the closing
    for message in mail.outbox:
        assert NOTE not in str(message.body)
        assert NOTE not in html_of(message)


def test_a_visitor_never_sees_the_note(
    client: Client, agent_user: User, run_on_commit: Any
) -> None:
    letter = VisitorLetterFactory.create()
    everything_after_a_note(letter, agent_user, run_on_commit)
    follow(client, letter.reference, VISITOR_CODE)
    page = client.get(reverse("mail_visitor_letter", args=[letter.reference])).content.decode()
    assert "Réponse publique" in page and NOTE not in page
    for message in mail.outbox:
        assert NOTE not in str(message.body)


def test_the_sender_email_refuses_a_note_outright(agent_user: User) -> None:
    from correspondence.models import LetterEvent
    from correspondence.tasks import queue_sender_email
    from notifications.models import OutboundEmail

    letter = LetterFactory.create()
    note = services.add_internal_note(letter=letter, body=NOTE, actor=agent_user)
    event = LetterEvent.objects.get(message=note)
    assert queue_sender_email(letter=letter, event=event) is None
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []
