"""Each back-office action writes its history row, and emails the sender where it should."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from catalog.models import Service
from correspondence.constants import EventKind, LetterStatus
from correspondence.models import Letter, LetterEvent
from notifications.models import OutboundEmail
from tests.correspondence.factories import LetterFactory, VisitorLetterFactory
from tests.correspondence.files import pdf
from tests.correspondence.helpers import html_of
from tests.notifications.outbox import queued

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(ready_member: User) -> Letter:
    assert ready_member.member is not None
    return LetterFactory.create(member=ready_member.member, subject="Attestation")


def act(client: Client, capture: Any, name: str, letter: Letter, data: dict[str, Any]) -> Any:
    with capture(execute=True):
        return client.post(reverse(name, args=[letter.pk]), data)


def last_event(letter: Letter) -> LetterEvent:
    event = LetterEvent.objects.filter(letter=letter).order_by("-id").first()
    assert event is not None
    return event


def test_the_letter_page_shows_the_sender_and_the_actions(
    agent_client: Client, letter: Letter
) -> None:
    page = agent_client.get(reverse("backoffice_mail_letter", args=[letter.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert letter.sender_name in text and letter.sender_cin in text
    for name in ("backoffice_mail_route", "backoffice_mail_answer", "backoffice_mail_note"):
        assert reverse(name, args=[letter.pk]) in text


def test_routing_records_the_service_and_agent_and_tells_both(
    agent_client: Client,
    agent_user: User,
    agent_of_other_service: User,
    ready_member: User,
    letter: Letter,
    service: Service,
    django_capture_on_commit_callbacks: Any,
) -> None:
    response = act(
        agent_client,
        django_capture_on_commit_callbacks,
        "backoffice_mail_route",
        letter,
        {"service": service.pk, "agent": agent_of_other_service.pk},
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.service, letter.assigned_to) == (
        LetterStatus.ROUTED,
        service,
        agent_of_other_service,
    )
    event = last_event(letter)
    assert (event.kind, event.actor, event.from_status, event.to_status) == (
        EventKind.ROUTED,
        agent_user,
        LetterStatus.RECEIVED,
        LetterStatus.ROUTED,
    )
    assert event.details["service"] == service.code
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [ready_member.email, agent_of_other_service.email]
    )
    to_sender = queued(to=ready_member.email, template="correspondence/email/letter_update")
    to_agent = queued(to=agent_of_other_service.email, template="correspondence/email/agent_notice")
    assert to_sender.language == ready_member.preferred_language
    assert to_agent.language == agent_of_other_service.preferred_language
    assert letter.reference in to_sender.subject and letter.reference in to_agent.subject


def test_routing_again_does_not_email_the_sender_again(
    agent_client: Client,
    letter: Letter,
    service: Service,
    other_service: Service,
    django_capture_on_commit_callbacks: Any,
) -> None:
    act(
        agent_client,
        django_capture_on_commit_callbacks,
        "backoffice_mail_route",
        letter,
        {"service": service.pk},
    )
    mail.outbox.clear()
    act(
        agent_client,
        django_capture_on_commit_callbacks,
        "backoffice_mail_route",
        letter,
        {"service": other_service.pk},
    )
    assert mail.outbox == []
    assert last_event(letter).details["before"]["service"] == service.code


def test_answering_sends_the_message_to_the_sender(
    agent_client: Client,
    agent_user: User,
    ready_member: User,
    letter: Letter,
    django_capture_on_commit_callbacks: Any,
) -> None:
    response = act(
        agent_client,
        django_capture_on_commit_callbacks,
        "backoffice_mail_answer",
        letter,
        {"body": "Votre attestation est jointe.", "attachments": [pdf("attestation.pdf")]},
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ANSWERED
    assert letter.answered_at is not None
    assert letter.assigned_to == agent_user  # who answers an unassigned letter takes it
    event = last_event(letter)
    assert event.kind == EventKind.ANSWERED and event.message is not None
    email = queued(to=ready_member.email, template="correspondence/email/letter_update")
    assert letter.reference in email.subject
    (message,) = mail.outbox
    assert message.to == [ready_member.email]
    assert "Votre attestation est jointe." in str(message.body)
    assert "attestation.pdf" in str(message.body)
    assert letter.reference in message.subject


def test_a_visitor_gets_the_answer_at_their_address(
    agent_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    letter = VisitorLetterFactory.create(sender_email="karima@example.org", language="ar")
    act(
        agent_client,
        django_capture_on_commit_callbacks,
        "backoffice_mail_answer",
        letter,
        {"body": "Réponse."},
    )
    assert (
        queued(to="karima@example.org", template="correspondence/email/letter_update").language
        == "ar"
    )
    (message,) = mail.outbox
    assert message.to == ["karima@example.org"]
    assert 'dir="rtl"' in html_of(message)


def test_a_note_is_recorded_without_any_email(
    agent_client: Client, letter: Letter, django_capture_on_commit_callbacks: Any
) -> None:
    act(
        agent_client,
        django_capture_on_commit_callbacks,
        "backoffice_mail_note",
        letter,
        {"body": "Appeler le service RH."},
    )
    event = last_event(letter)
    assert event.kind == EventKind.INTERNAL_NOTE
    assert event.from_status == event.to_status == LetterStatus.RECEIVED
    assert event.message is not None and event.message.is_internal
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_closing_tells_the_sender_and_stops_replies(
    agent_client: Client,
    member_client: Client,
    ready_member: User,
    letter: Letter,
    django_capture_on_commit_callbacks: Any,
) -> None:
    act(agent_client, django_capture_on_commit_callbacks, "backoffice_mail_close", letter, {})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CLOSED and letter.closed_at is not None
    event = last_event(letter)
    assert (event.kind, event.to_status) == (EventKind.CLOSED, LetterStatus.CLOSED)
    assert [m.to for m in mail.outbox] == [[ready_member.email]]
    assert "clos" in str(mail.outbox[0].body)
    answer = agent_client.post(
        reverse("backoffice_mail_answer", args=[letter.pk]), {"body": "Trop tard"}
    )
    assert answer.status_code == 200
    assert "Ce courrier est clos" in answer.content.decode()


def test_only_a_supervisor_reopens(
    agent_client: Client,
    supervisor_client: Client,
    supervisor_user: User,
    ready_member: User,
    service: Service,
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert ready_member.member is not None
    letter = LetterFactory.create(
        member=ready_member.member, status=LetterStatus.CLOSED, service=service
    )
    url = reverse("backoffice_mail_reopen", args=[letter.pk])
    assert agent_client.post(url, {"reason": "Erreur"}).status_code == 403
    page = agent_client.get(reverse("backoffice_mail_letter", args=[letter.pk])).content.decode()
    assert url not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post(url, {"reason": "Pièce manquante reçue par voie postale"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ROUTED and letter.closed_at is None
    event = last_event(letter)
    assert (event.kind, event.actor, event.from_status) == (
        EventKind.REOPENED,
        supervisor_user,
        LetterStatus.CLOSED,
    )
    assert event.details["reason"] == "Pièce manquante reçue par voie postale"
    assert [m.to for m in mail.outbox] == [[ready_member.email]]
    assert "Pièce manquante" not in str(mail.outbox[0].body)  # the reason stays in-house


def test_the_agent_in_charge_hears_of_the_senders_follow_up(
    member_client: Client,
    ready_member: User,
    agent_of_other_service: User,
    service: Service,
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert ready_member.member is not None
    letter = LetterFactory.create(
        member=ready_member.member,
        status=LetterStatus.ANSWERED,
        service=service,
        assigned_to=agent_of_other_service,
    )
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("mail_reply", args=[letter.pk]), {"body": "Une question"})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ROUTED  # back to its service's queue
    assert [m.to for m in mail.outbox] == [[agent_of_other_service.email]]
    queued(to=agent_of_other_service.email, template="correspondence/email/agent_notice")
    assert last_event(letter).kind == EventKind.SENDER_MESSAGE


def test_a_refused_answer_keeps_the_typed_text(agent_client: Client, letter: Letter) -> None:
    from tests.correspondence.files import renamed_executable

    response = agent_client.post(
        reverse("backoffice_mail_answer", args=[letter.pk]),
        {"body": "Voici la réponse détaillée", "attachments": [renamed_executable()]},
    )
    assert response.status_code == 200
    assert "Voici la réponse détaillée" in response.content.decode()
    assert response.context["answer_form"].errors["attachments"]
    assert not letter.messages.exists()


def test_staff_open_attachments_inline(
    agent_client: Client, member_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            reverse("mail_new"), {"subject": "S", "body": "B", "attachments": [pdf("doc.pdf")]}
        )
    letter = Letter.objects.get()
    attachment = letter.attachments.get()
    url = reverse("backoffice_mail_attachment", args=[letter.pk, attachment.pk])
    assert (
        url
        in agent_client.get(reverse("backoffice_mail_letter", args=[letter.pk])).content.decode()
    )
    response = agent_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
