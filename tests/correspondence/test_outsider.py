"""A member never reads or acts on another member's letter: 404 on every URL with its number,
on the web and in the API."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from correspondence.models import Letter, LetterAttachment
from tests.correspondence.factories import LetterFactory
from tests.helpers import api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def their_letter(other_ready_member: User) -> Letter:
    assert other_ready_member.member is not None
    return LetterFactory.create(member=other_ready_member.member, subject="Confidentiel")


@pytest.fixture
def their_attachment(their_letter: Letter) -> LetterAttachment:
    return LetterAttachment.objects.create(
        letter=their_letter,
        file=ContentFile(b"%PDF-1.4 private", name="x.pdf"),
        original_name="private.pdf",
        content_type="application/pdf",
        size=16,
        sha256="0" * 64,
    )


def test_every_page_of_their_letter_is_not_found(
    member_client: Client, their_letter: Letter, their_attachment: LetterAttachment
) -> None:
    pk = their_letter.pk
    for url in (
        reverse("mail_detail", args=[pk]),
        reverse("mail_receipt", args=[pk]),
        reverse("mail_attachment", args=[pk, their_attachment.pk]),
    ):
        assert member_client.get(url).status_code == 404, url
    reply = member_client.post(reverse("mail_reply", args=[pk]), {"body": "Intrusion"})
    assert reply.status_code == 404
    assert not their_letter.messages.exists()


def test_their_attachment_is_not_reached_through_my_letter(
    member_client: Client, ready_member: User, their_attachment: LetterAttachment
) -> None:
    assert ready_member.member is not None
    mine = LetterFactory.create(member=ready_member.member)
    url = reverse("mail_attachment", args=[mine.pk, their_attachment.pk])
    assert member_client.get(url).status_code == 404


def test_their_letter_is_not_in_my_list(member_client: Client, their_letter: Letter) -> None:
    page = member_client.get(reverse("mail_list")).content.decode()
    assert their_letter.reference not in page and "Confidentiel" not in page


def test_the_api_answers_not_found_too(
    client: Client,
    ready_member: User,
    their_letter: Letter,
    their_attachment: LetterAttachment,
) -> None:
    token = api_token(ready_member)
    headers = {"Authorization": f"Token {token}"}
    pk = their_letter.pk
    assert client.get(reverse("api_mail_letter", args=[pk]), headers=headers).status_code == 404
    url = reverse("api_mail_attachment", args=[pk, their_attachment.pk])
    assert client.get(url, headers=headers).status_code == 404
    reply = client.post(reverse("api_mail_reply", args=[pk]), {"body": "x"}, headers=headers)
    assert reply.status_code == 404
    listed = client.get(reverse("api_mail"), headers=headers).json()
    assert listed["count"] == 0
    assert not their_letter.messages.exists()


def test_an_unknown_number_is_not_found(member_client: Client) -> None:
    assert member_client.get(reverse("mail_detail", args=[999999])).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(
    client: Client, their_letter: Letter
) -> None:
    response = client.get(reverse("mail_detail", args=[their_letter.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
