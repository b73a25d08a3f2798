"""A visitor (no account) sends a letter: reference and access code on the receipt, by email."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from correspondence.codes import normalize_access_code
from correspondence.constants import SenderKind
from correspondence.models import Letter
from tests.correspondence.files import pdf
from tests.correspondence.helpers import code_in, html_of, post_visitor_letter, visitor_letter_data
from tests.notifications.outbox import queued

pytestmark = pytest.mark.django_db


def test_the_form_is_open_to_anonymous_visitors(client: Client) -> None:
    response = client.get(reverse("mail_visitor"))
    assert response.status_code == 200
    text = response.content.decode()
    for name in ("full_name", "cin", "email", "phone", "subject", "body", "attachments"):
        assert f'name="{name}"' in text
    assert 'name="captcha_1"' in text


def test_it_registers_the_letter_and_shows_reference_and_code_once(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post_visitor_letter(client, cin="ab 123456", attachments=[pdf("plainte.pdf")])
    letter = Letter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mail_visitor_receipt", args=[letter.reference])
    assert letter.sender_kind == SenderKind.VISITOR
    assert letter.member is None
    assert (letter.sender_name, letter.sender_cin) == ("Karima Idrissi", "AB123456")

    receipt = client.get(response["Location"]).content.decode()
    assert "Votre courrier a été enregistré sous la référence" in receipt
    assert letter.reference in receipt and "plainte.pdf" in receipt
    code = code_in(receipt)
    # Only the hash is kept, and it is not the code.
    assert code not in letter.access_code_hash
    assert normalize_access_code(code) not in letter.access_code_hash

    again = client.get(response["Location"]).content.decode()
    assert letter.reference in again
    assert code not in again


def test_it_emails_the_receipt_with_the_code(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post_visitor_letter(client)
    shown = code_in(client.get(response["Location"]).content.decode())
    (message,) = mail.outbox
    letter = Letter.objects.get()
    assert message.to == ["karima@example.org"]
    assert letter.reference in message.subject
    assert shown in str(message.body)
    assert reverse("mail_follow") in str(message.body)


def test_it_writes_to_the_visitor_in_the_language_of_the_page(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    with django_capture_on_commit_callbacks(execute=True):
        post_visitor_letter(client)
    assert Letter.objects.get().language == "ar"
    email = queued(to="karima@example.org", template="correspondence/email/letter_received")
    assert email.language == "ar"
    assert Letter.objects.get().reference in email.subject
    html = html_of(mail.outbox[0])
    assert 'dir="rtl"' in html


def test_a_wrong_captcha_sends_nothing_and_keeps_the_text(client: Client) -> None:
    response = post_visitor_letter(client, captcha_1="WRONG")
    assert response.status_code == 200
    assert not Letter.objects.exists()
    text = response.content.decode()
    assert "Demande de renseignements" in text and "karima@example.org" in text


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", ""), ("email", "not-an-address"), ("full_name", ""), ("cin", "123")],
)
def test_it_refuses_an_incomplete_identity(client: Client, field: str, value: str) -> None:
    response = post_visitor_letter(client, **{field: value})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Letter.objects.exists()


def test_a_signed_in_member_writes_from_their_space(member_client: Client) -> None:
    response = member_client.get(reverse("mail_visitor"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mail_new")


def test_the_visitor_letter_is_not_in_any_members_list(
    member_client: Client, ready_member: User
) -> None:
    # The same address as the member's does not make the letter theirs.
    post_visitor_letter(Client(), **visitor_letter_data(email=ready_member.email))
    reference = Letter.objects.get().reference
    assert reference not in member_client.get(reverse("mail_list")).content.decode()
