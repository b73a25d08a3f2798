"""Following a visitor's letter takes its reference and its access code, never one alone."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from correspondence.constants import LetterStatus
from correspondence.models import LetterAttachment
from correspondence.views import FOLLOW_REFUSED
from tests.correspondence.factories import VISITOR_CODE, VisitorLetterFactory
from tests.correspondence.files import pdf
from tests.correspondence.helpers import follow

pytestmark = pytest.mark.django_db


def test_the_right_code_opens_the_letter(client: Client) -> None:
    letter = VisitorLetterFactory.create(subject="Remboursement en attente")
    response = follow(client, letter.reference, VISITOR_CODE)
    assert response.status_code == 302
    assert response["Location"] == reverse("mail_visitor_letter", args=[letter.reference])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Remboursement en attente" in page.content.decode()


def test_the_code_may_be_typed_loosely(client: Client) -> None:
    letter = VisitorLetterFactory.create()
    loose = VISITOR_CODE.lower().replace("-", " ")
    assert follow(client, letter.reference.lower(), loose).status_code == 302


def test_a_wrong_code_is_refused_as_an_unknown_reference(client: Client) -> None:
    letter = VisitorLetterFactory.create()
    wrong_code = follow(client, letter.reference, "AAAA-BBBB-CCCC")
    unknown = follow(client, "BO-2001-999999", VISITOR_CODE)
    assert wrong_code.status_code == unknown.status_code == 200
    assert wrong_code.context["form"].non_field_errors() == [str(FOLLOW_REFUSED)]
    assert unknown.context["form"].non_field_errors() == [str(FOLLOW_REFUSED)]
    assert client.get(reverse("mail_visitor_letter", args=[letter.reference])).status_code == 404


def test_the_reference_alone_opens_nothing(client: Client) -> None:
    letter = VisitorLetterFactory.create()
    assert client.get(reverse("mail_visitor_letter", args=[letter.reference])).status_code == 404
    assert client.get(reverse("mail_visitor_receipt", args=[letter.reference])).status_code == 404
    reply = client.post(reverse("mail_visitor_reply", args=[letter.reference]), {"body": "x"})
    assert reply.status_code == 404


def test_a_session_sees_only_its_own_letter(client: Client) -> None:
    mine = VisitorLetterFactory.create()
    theirs = VisitorLetterFactory.create(access_code="ZZZZ-YYYY-XXXX")
    their_file = LetterAttachment.objects.create(
        letter=theirs,
        file=pdf("leur.pdf"),
        original_name="leur.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    follow(client, mine.reference, VISITOR_CODE)
    assert client.get(reverse("mail_visitor_letter", args=[mine.reference])).status_code == 200
    urls = [
        reverse("mail_visitor_letter", args=[theirs.reference]),
        reverse("mail_visitor_receipt", args=[theirs.reference]),
        reverse("mail_visitor_attachment", args=[theirs.reference, their_file.pk]),
        reverse("mail_visitor_attachment", args=[mine.reference, their_file.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    reply = client.post(reverse("mail_visitor_reply", args=[theirs.reference]), {"body": "x"})
    assert reply.status_code == 404
    # A member's own pages are not a way in either.
    assert client.get(reverse("mail_detail", args=[theirs.pk])).status_code == 302  # to login


def test_the_visitor_replies_while_the_letter_is_open(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    letter = VisitorLetterFactory.create(status=LetterStatus.ANSWERED)
    follow(client, letter.reference, VISITOR_CODE)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mail_visitor_reply", args=[letter.reference]),
            {"body": "Merci, voici le justificatif.", "attachments": [pdf("justif.pdf")]},
        )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.RECEIVED  # back in the queue, never routed
    message = letter.messages.get()
    assert message.author is None and message.attachments.count() == 1


def test_a_closed_letter_takes_no_more_messages(client: Client) -> None:
    letter = VisitorLetterFactory.create(status=LetterStatus.CLOSED)
    follow(client, letter.reference, VISITOR_CODE)
    page = client.get(reverse("mail_visitor_letter", args=[letter.reference])).content.decode()
    assert 'name="body"' not in page
    response = client.post(
        reverse("mail_visitor_reply", args=[letter.reference]), {"body": "Encore une chose"}
    )
    assert response.status_code == 200
    assert "Ce courrier est clos" in response.content.decode()
    assert not letter.messages.exists()


def test_ending_the_follow_up_forgets_the_letter(client: Client) -> None:
    letter = VisitorLetterFactory.create()
    follow(client, letter.reference, VISITOR_CODE)
    client.post(reverse("mail_follow_end"))
    assert client.get(reverse("mail_visitor_letter", args=[letter.reference])).status_code == 404
