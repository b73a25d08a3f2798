"""/api/v1/mail/: the member's letters, through the same services and access function."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from correspondence.constants import LetterStatus
from correspondence.models import Letter
from tests.correspondence.factories import LetterFactory
from tests.correspondence.files import pdf, renamed_executable
from tests.helpers import api_auth

pytestmark = pytest.mark.django_db
LIST = "/api/v1/mail/"


def api(user: User) -> Client:
    return Client(headers=api_auth(user))


def test_it_lives_under_the_versioned_api() -> None:
    assert reverse("api_mail") == LIST
    assert reverse("api_mail_letter", args=[7]) == f"{LIST}7/"
    assert reverse("api_mail_reply", args=[7]) == f"{LIST}7/messages/"


def test_it_sends_a_letter_with_attachments(
    ready_member: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api(ready_member).post(
            LIST,
            {
                "subject": "Depuis l'application",
                "body": "Texte",
                "attachments": [pdf("a.pdf"), pdf("b.pdf", title="Autre")],
            },
        )
    assert response.status_code == 201, response.content
    data = response.json()
    letter = Letter.objects.get()
    assert data["reference"] == letter.reference
    assert data["status"] == "received"
    assert [a["original_name"] for a in data["attachments"]] == ["a.pdf", "b.pdf"]
    assert data["attachments"][0]["file_url"].endswith(
        reverse("api_mail_attachment", args=[letter.pk, letter.attachments.first().pk])  # type: ignore[union-attr]
    )
    assert data["can_reply"] is True
    assert [m.to for m in mail.outbox] == [[ready_member.email]]


def test_it_accepts_a_letter_without_attachments(ready_member: User) -> None:
    response = api(ready_member).post(LIST, {"subject": "Sans pièce", "body": "Texte"})
    assert response.status_code == 201, response.content
    assert response.json()["attachments"] == []


def test_a_refused_file_is_named(ready_member: User) -> None:
    response = api(ready_member).post(
        LIST, {"subject": "S", "body": "B", "attachments": [renamed_executable("x.pdf")]}
    )
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "unknown_type"
    assert "« x.pdf »" in data["field_errors"]["attachments"][0]
    assert not Letter.objects.exists()


def test_it_lists_and_shows_only_my_letters(ready_member: User, other_ready_member: User) -> None:
    assert ready_member.member is not None and other_ready_member.member is not None
    mine = LetterFactory.create(member=ready_member.member)
    LetterFactory.create(member=other_ready_member.member)
    client = api(ready_member)
    listed = client.get(LIST).json()
    assert listed["count"] == 1
    assert listed["results"][0]["reference"] == mine.reference
    detail = client.get(reverse("api_mail_letter", args=[mine.pk])).json()
    assert detail["body"] == mine.body
    assert detail["messages"] == []


def test_it_replies_until_the_letter_is_closed(ready_member: User) -> None:
    assert ready_member.member is not None
    letter = LetterFactory.create(member=ready_member.member)
    client = api(ready_member)
    url = reverse("api_mail_reply", args=[letter.pk])
    response = client.post(url, {"body": "Complément"})
    assert response.status_code == 201
    assert response.json()["messages"][0] == {
        **response.json()["messages"][0],
        "from_sender": True,
        "body": "Complément",
    }
    Letter.objects.filter(pk=letter.pk).update(status=LetterStatus.CLOSED)
    refused = client.post(url, {"body": "Encore"})
    assert refused.status_code == 400
    assert refused.json()["code"] == "closed"


def test_it_serves_an_attachment_to_its_sender(ready_member: User) -> None:
    client = api(ready_member)
    created = client.post(LIST, {"subject": "S", "body": "B", "attachments": [pdf()]}).json()
    response = client.get(created["attachments"][0]["file_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_staff_are_told_it_is_for_members(agent_user: User) -> None:
    response = api(agent_user).get(LIST)
    assert response.status_code == 403


def test_anonymous_callers_are_refused(client: Client) -> None:
    assert client.get(LIST).status_code in {401, 403}
