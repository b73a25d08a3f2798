"""A refused attachment is named with its reason; the typed text is kept, only files are lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from correspondence.models import Letter, LetterSequence
from tests.correspondence.files import pdf, png, renamed_executable
from tests.correspondence.helpers import post_visitor_letter

pytestmark = pytest.mark.django_db


def stored_files(media_root: Path) -> list[Path]:
    return [path for path in media_root.rglob("*") if path.is_file()]


def test_a_renamed_program_is_refused_with_its_message_and_the_text_kept(
    member_client: Client, media_root: Path
) -> None:
    response = member_client.post(
        reverse("mail_new"),
        {
            "subject": "Réclamation prêt social",
            "body": "Voici mon relevé, reçu le 3 mars.",
            "attachments": [pdf("releve.pdf"), renamed_executable("scan.pdf")],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["attachments"]
    assert len(errors) == 1
    assert "« scan.pdf » n'est pas un document PDF, JPEG ou PNG" in errors[0]
    text = response.content.decode()
    assert 'value="Réclamation prêt social"' in text
    assert "Voici mon relevé, reçu le 3 mars." in text
    assert "sélectionnez à nouveau vos pièces jointes" in text
    assert not Letter.objects.exists()
    assert not LetterSequence.objects.filter(last_value__gt=0).exists()  # no number spent
    assert stored_files(media_root) == []


def test_every_refused_file_is_named(member_client: Client) -> None:
    response = member_client.post(
        reverse("mail_new"),
        {
            "subject": "Objet",
            "body": "Texte",
            "attachments": [renamed_executable("a.pdf"), renamed_executable("b.png")],
        },
    )
    errors = response.context["form"].errors["attachments"]
    assert len(errors) == 2
    assert "« a.pdf »" in errors[0] and "« b.png »" in errors[1]


def test_the_refusal_is_in_the_senders_language(member_client: Client) -> None:
    member_client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    response = member_client.post(
        reverse("mail_new"),
        {"subject": "Objet", "body": "Texte", "attachments": [renamed_executable()]},
    )
    assert response.context["form"].errors["attachments"]
    assert 'lang="ar"' in response.content.decode()


def test_more_than_the_allowed_number_of_files_is_refused(
    member_client: Client, settings: Any
) -> None:
    settings.MAIL_DESK_MAX_FILES = 2
    response = member_client.post(
        reverse("mail_new"),
        {"subject": "Objet", "body": "Texte", "attachments": [pdf("1.pdf"), pdf("2.pdf"), png()]},
    )
    assert response.status_code == 200
    assert "Joignez 2 fichiers au plus." in response.context["form"].errors["attachments"]
    assert not Letter.objects.exists()


def test_a_file_over_the_size_limit_is_refused(member_client: Client, settings: Any) -> None:
    settings.MAIL_DESK_MAX_UPLOAD_MB = 1
    # A comment after %%EOF: still a PDF, now over a megabyte.
    content = pdf().read() + b"%" + b" " * (1024 * 1024)
    big = SimpleUploadedFile("gros.pdf", content, content_type="application/pdf")
    response = member_client.post(
        reverse("mail_new"), {"subject": "Objet", "body": "Texte", "attachments": [big]}
    )
    (error,) = response.context["form"].errors["attachments"]
    assert "« gros.pdf »" in error and "la limite est de 1 Mo" in error


def test_a_visitor_keeps_the_typed_text_too(client: Client, media_root: Path) -> None:
    response = post_visitor_letter(
        client, subject="Ma demande", attachments=[renamed_executable("cin.jpg")]
    )
    assert response.status_code == 200
    assert "« cin.jpg »" in response.context["form"].errors["attachments"][0]
    text = response.content.decode()
    assert 'value="Ma demande"' in text and 'value="karima@example.org"' in text
    assert not Letter.objects.exists()
    assert stored_files(media_root) == []
