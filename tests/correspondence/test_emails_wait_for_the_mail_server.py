"""The mail desk's emails go through the outbox (notifications.services.queue_email): each
action writes its email in its own transaction, in the recipient's language, and succeeds while
the mail server is down (it used to answer 500 once the letter was saved, where Celery runs the
task at once); the email leaves once the server is back."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from catalog.models import Service
from correspondence import services
from correspondence.constants import LetterStatus
from correspondence.models import Letter
from notifications.models import EmailStatus, OutboundEmail
from tests.correspondence.factories import LetterFactory, VisitorLetterFactory
from tests.correspondence.files import pdf, renamed_executable
from tests.correspondence.helpers import html_of, post_visitor_letter
from tests.helpers import api_token
from tests.notifications.mail_server import DOWN
from tests.notifications.outbox import deliver_all_now, queued, waiting

pytestmark = pytest.mark.django_db
RECEIVED = "correspondence/email/letter_received"
UPDATE = "correspondence/email/letter_update"
AGENT = "correspondence/email/agent_notice"


@pytest.fixture
def letter(ready_member: User) -> Letter:
    assert ready_member.member is not None
    return LetterFactory.create(member=ready_member.member, subject="Attestation")


def test_a_members_letter_is_kept_while_the_mail_server_is_down(
    member_client: Client, arabic_member: User, django_capture_on_commit_callbacks: Any
) -> None:
    with override_settings(EMAIL_BACKEND=DOWN), django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("mail_new"),
            {"subject": "Attestation", "body": "Merci.", "attachments": [pdf("a.pdf")]},
        )
    letter = Letter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mail_receipt", args=[letter.pk])
    email = waiting(to=arabic_member.email, template=RECEIVED)
    assert email.language == "ar"
    assert letter.reference in email.subject
    assert "a.pdf" in email.text
    assert mail.outbox == []
    assert deliver_all_now() == 1
    assert mail.outbox[0].to == [arabic_member.email]
    assert mail.outbox[0].subject == email.subject


def test_a_visitors_letter_is_kept_with_the_code_in_the_language_of_the_page(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    with override_settings(EMAIL_BACKEND=DOWN), django_capture_on_commit_callbacks(execute=True):
        response = post_visitor_letter(client)
    assert response.status_code == 302
    letter = Letter.objects.get()
    email = waiting(to="karima@example.org", template=RECEIVED)
    assert email.language == "ar"
    assert letter.reference in email.subject
    assert reverse("mail_follow") in email.text
    assert 'dir="rtl"' in email.html
    assert deliver_all_now() == 1


def test_the_api_answers_201_while_the_mail_server_is_down(
    ready_member: User, django_capture_on_commit_callbacks: Any
) -> None:
    token = api_token(ready_member)
    api = Client(headers={"Authorization": f"Token {token}"})
    with override_settings(EMAIL_BACKEND=DOWN), django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/mail/", {"subject": "Depuis l'application", "body": "Texte"})
    assert response.status_code == 201, response.content
    email = waiting(to=ready_member.email, template=RECEIVED)
    assert email.language == "fr"
    assert response.json()["reference"] in email.subject


def test_every_staff_action_succeeds_and_its_emails_wait(
    agent_client: Client,
    supervisor_client: Client,
    member_client: Client,
    arabic_member: User,
    agent_of_other_service: User,
    letter: Letter,
    service: Service,
    django_capture_on_commit_callbacks: Any,
) -> None:
    agent_of_other_service.preferred_language = "ar"
    agent_of_other_service.save(update_fields=["preferred_language"])
    steps: list[tuple[Client, str, dict[str, Any]]] = [
        (
            agent_client,
            "backoffice_mail_route",
            {"service": service.pk, "agent": agent_of_other_service.pk},
        ),
        (agent_client, "backoffice_mail_answer", {"body": "Votre attestation est prête."}),
        (member_client, "mail_reply", {"body": "Merci, une question encore."}),
        (agent_client, "backoffice_mail_close", {}),
        (supervisor_client, "backoffice_mail_reopen", {"reason": "Pièce reçue par la poste"}),
    ]
    with override_settings(EMAIL_BACKEND=DOWN):
        for client, name, data in steps:
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(reverse(name, args=[letter.pk]), data)
            assert response.status_code == 302, (name, response.status_code)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ROUTED
    to_sender = OutboundEmail.objects.filter(to=arabic_member.email).order_by("id")
    assert [e.template for e in to_sender] == [UPDATE] * 4  # routed, answered, closed, reopened
    assert {e.language for e in to_sender} == {"ar"}
    assert all(letter.reference in e.subject for e in to_sender)
    assert "Votre attestation est prête." in to_sender[1].text
    to_agent = OutboundEmail.objects.filter(to=agent_of_other_service.email).order_by("id")
    assert [(e.template, e.language) for e in to_agent] == [(AGENT, "ar"), (AGENT, "ar")]
    for email in [*to_sender, *to_agent]:
        assert (email.status, email.attempts) == (EmailStatus.PENDING, 1)
        assert email.last_error.startswith("ConnectionRefusedError")
    assert mail.outbox == []
    assert deliver_all_now() == 6


def test_a_french_speaking_agent_answers_a_visitor_in_the_visitors_language(
    agent_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    letter = VisitorLetterFactory.create(sender_email="karima@example.org", language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        agent_client.post(reverse("backoffice_mail_answer", args=[letter.pk]), {"body": "Oui."})
    email = queued(to="karima@example.org", template=UPDATE)
    assert (email.language, email.status) == ("ar", EmailStatus.SENT)
    (sent,) = mail.outbox
    assert sent.to == ["karima@example.org"] and sent.subject == email.subject
    assert 'dir="rtl"' in html_of(sent)


def test_a_refused_letter_queues_no_email(
    member_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("mail_new"),
            {"subject": "Objet", "body": "Texte", "attachments": [renamed_executable()]},
        )
    assert response.status_code == 200
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_an_email_is_part_of_the_action_and_rolls_back_with_it(
    agent_user: User, letter: Letter
) -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.answer_letter(letter=letter, body="Réponse", actor=agent_user)
        assert OutboundEmail.objects.filter(template=UPDATE).exists()
        raise RuntimeError("the action failed after the email was written")
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []
