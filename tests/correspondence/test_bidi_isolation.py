"""The mail desk shows what a member or a visitor wrote isolated (issue 12, item 8): a name, a
subject, a letter, a message or a file name holding U+202E or U+2066 reverses nothing around it,
on the staff's pages, the sender's pages and in the emails."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from correspondence.models import Letter
from notifications.services import deliver_due
from tests.correspondence.files import pdf
from tests.correspondence.helpers import html_of, post_visitor_letter
from tests.security.bidi import assert_isolated, assert_isolated_text, spoof

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(member_client: Client, django_capture_on_commit_callbacks: Any) -> Letter:
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("mail_new"),
            {
                "subject": spoof("subject"),
                "body": f"Bonjour,\n\n{spoof('body')}",
                "attachments": [pdf(f"{spoof('file')}.pdf")],
            },
        )
    assert response.status_code == 302, response.content.decode()[-2000:]
    sent = Letter.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("mail_reply", args=[sent.pk]), {"body": spoof("reply")})
    return sent


def test_the_staff_letter_page_isolates_subject_body_reply_and_file_names(
    agent_client: Client, letter: Letter
) -> None:
    page = agent_client.get(reverse("backoffice_mail_letter", args=[letter.pk]))
    assert_isolated(page.content.decode(), "subject", "body", "reply", cleaned=("file",))


def test_the_staff_inbox_isolates_the_sender_and_the_subject(
    agent_client: Client, client: Client
) -> None:
    post_visitor_letter(client, full_name=spoof("name"), subject=spoof("subject"))
    inbox = agent_client.get(reverse("backoffice_mail_inbox"))
    assert_isolated(inbox.content.decode(), "name", "subject")
    letter = Letter.objects.get()
    page = agent_client.get(reverse("backoffice_mail_letter", args=[letter.pk]))
    assert_isolated(page.content.decode(), "name", "subject")


def test_the_sender_s_pages_isolate_what_they_wrote(member_client: Client, letter: Letter) -> None:
    listing = member_client.get(reverse("mail_list"))
    assert_isolated(listing.content.decode(), "subject")
    detail = member_client.get(reverse("mail_detail", args=[letter.pk]))
    assert_isolated(detail.content.decode(), "subject", "body", "reply", cleaned=("file",))
    receipt = member_client.get(reverse("mail_receipt", args=[letter.pk]))
    assert_isolated(receipt.content.decode(), "subject", cleaned=("file",))


def test_the_visitor_s_receipt_and_email_isolate_name_and_subject(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post_visitor_letter(client, full_name=spoof("name"), subject=spoof("subject"))
    receipt = client.get(response["Location"])
    assert_isolated(receipt.content.decode(), "name", "subject")
    deliver_due()
    (email,) = [m for m in mail.outbox if m.to == ["karima@example.org"]]
    assert_isolated_text(str(email.body), "name", "subject")
    assert_isolated(html_of(email), "name", "subject")
