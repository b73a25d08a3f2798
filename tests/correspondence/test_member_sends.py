"""A member sends a letter with attachments: receipt with the reference, email in their language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from correspondence.constants import EventKind, LetterStatus, SenderKind
from correspondence.models import Letter, LetterEvent
from tests.correspondence.files import pdf, png
from tests.correspondence.helpers import html_of
from tests.notifications.outbox import queued

pytestmark = pytest.mark.django_db


def post_letter(client: Client, capture: Any, **data: Any) -> Any:
    payload = {"subject": "Demande d'attestation", "body": "Bonjour,\nmerci de m'envoyer…"}
    payload.update(data)
    with capture(execute=True):
        return client.post(reverse("mail_new"), payload)


def test_it_registers_the_letter_and_shows_the_receipt(
    member_client: Client,
    ready_member: User,
    media_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    response = post_letter(
        member_client,
        django_capture_on_commit_callbacks,
        attachments=[pdf("attestation.pdf", pages=2), png("carte.png")],
    )
    letter = Letter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mail_receipt", args=[letter.pk])
    assert letter.sender_kind == SenderKind.MEMBER
    assert letter.member_id == ready_member.member_id
    assert letter.sender_user == ready_member
    assert letter.status == LetterStatus.RECEIVED
    assert letter.access_code_hash == ""

    receipt = member_client.get(response["Location"])
    text = receipt.content.decode()
    assert "Votre courrier a été enregistré sous la référence" in text
    assert letter.reference in text
    assert re.fullmatch(r"BO-\d{4}-\d{6}", letter.reference)
    assert "attestation.pdf" in text and "carte.png" in text
    assert "Demande d&#x27;attestation" in text


def test_it_keeps_the_files_privately_under_random_names(
    member_client: Client, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    post_letter(member_client, django_capture_on_commit_callbacks, attachments=[pdf("mon cv.pdf")])
    attachment = Letter.objects.get().attachments.get()
    assert attachment.original_name == "mon cv.pdf"
    assert attachment.page_count == 1
    assert attachment.content_type == "application/pdf"
    assert "cv" not in (attachment.file.name or "")
    assert (media_root / (attachment.file.name or "")).is_file()


def test_it_writes_the_history(
    member_client: Client, ready_member: User, django_capture_on_commit_callbacks: Any
) -> None:
    post_letter(member_client, django_capture_on_commit_callbacks, attachments=[pdf()])
    event = LetterEvent.objects.get()
    assert event.kind == EventKind.SENT
    assert event.actor == ready_member
    assert (event.from_status, event.to_status) == ("", LetterStatus.RECEIVED)
    assert event.details == {"attachments": 1}


def test_it_emails_a_receipt_in_french(
    member_client: Client, ready_member: User, django_capture_on_commit_callbacks: Any
) -> None:
    post_letter(member_client, django_capture_on_commit_callbacks, attachments=[pdf("a.pdf")])
    letter = Letter.objects.get()
    email = queued(to=ready_member.email, template="correspondence/email/letter_received")
    assert email.language == "fr"
    (message,) = mail.outbox
    assert message.to == [ready_member.email]
    assert letter.reference in message.subject
    assert message.subject == email.subject
    assert "Votre courrier a été enregistré sous la référence" in str(message.body)
    assert "a.pdf" in str(message.body)
    html = html_of(message)
    assert 'lang="fr"' in html and 'dir="ltr"' in html


def test_it_emails_the_receipt_in_the_members_language(
    member_client: Client, ready_member: User, django_capture_on_commit_callbacks: Any
) -> None:
    ready_member.preferred_language = "ar"
    ready_member.save(update_fields=["preferred_language"])
    post_letter(member_client, django_capture_on_commit_callbacks)
    email = queued(to=ready_member.email, template="correspondence/email/letter_received")
    assert email.language == "ar"
    (message,) = mail.outbox
    assert message.subject == email.subject
    html = html_of(message)
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert "مرحبًا" in str(message.body)


def test_it_lists_the_members_letters(member_client: Client, ready_member: User) -> None:
    from tests.correspondence.factories import LetterFactory

    assert ready_member.member is not None
    letter = LetterFactory.create(member=ready_member.member, subject="Réclamation")
    response = member_client.get(reverse("mail_list"))
    text = response.content.decode()
    assert response.status_code == 200
    assert letter.reference in text and "Réclamation" in text and "Reçu" in text


def test_it_adds_the_members_follow_up_to_the_thread(
    member_client: Client, ready_member: User, django_capture_on_commit_callbacks: Any
) -> None:
    post_letter(member_client, django_capture_on_commit_callbacks)
    letter = Letter.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("mail_reply", args=[letter.pk]),
            {"body": "J'ajoute une pièce.", "attachments": [png("ajout.png")]},
        )
    assert response.status_code == 302
    page = member_client.get(reverse("mail_detail", args=[letter.pk])).content.decode()
    assert "J&#x27;ajoute une pièce." in page and "ajout.png" in page
    assert letter.messages.get().author == ready_member


def test_staff_do_not_get_the_members_pages(agent_client: Client) -> None:
    assert agent_client.get(reverse("mail_list")).status_code == 403
    assert agent_client.get(reverse("mail_new")).status_code == 403
