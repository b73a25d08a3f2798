"""Every way of sending files to the mail desk refuses every file of the shared corpus of bad
uploads (tests/uploads_corpus.py), even beside a good file: a member's letter and follow-up, a
visitor's letter and follow-up, an agent's answer, and the API's letter and follow-up. The
refusal names the file; no letter, message, attachment or file is kept; what was typed stays in
the page. A good PDF goes through each of them."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from correspondence.models import Letter, LetterAttachment
from tests.correspondence.factories import VISITOR_CODE, LetterFactory, VisitorLetterFactory
from tests.correspondence.helpers import follow, post_visitor_letter
from tests.helpers import api_token
from tests.uploads_corpus import BadUpload, Stored, each_bad_upload, good_pdf, shown

pytestmark = pytest.mark.django_db
SUBJECT = "Réclamation prêt social"
BODY = "Voici mon relevé, reçu le 3 mars."


def limit() -> int:
    return int(settings.MAIL_DESK_MAX_UPLOAD_MB)


@pytest.fixture
def letter(ready_member: User) -> Letter:
    assert ready_member.member is not None
    return LetterFactory.create(member=ready_member.member)


@pytest.fixture
def visitor_client(client: Client) -> tuple[Client, Letter]:
    """A visitor's browser that has opened its letter with the access code."""
    letter = VisitorLetterFactory.create()
    assert follow(client, letter.reference, VISITOR_CODE).status_code == 302
    return client, letter


@pytest.fixture
def api(ready_member: User) -> Client:
    token = api_token(ready_member)
    return Client(headers={"Authorization": f"Token {token}"})


def files(bad: BadUpload) -> list[Any]:
    """A good file, then the bad one: the letter is refused whole."""
    return [good_pdf("releve.pdf"), bad.upload(limit())]


def refused_on_the_page(
    response: Any, bad: BadUpload, *, form: str = "form", typed: tuple[str, ...]
) -> None:
    assert response.status_code == 200
    errors = response.context[form].errors["attachments"]
    assert len(errors) == 1  # the good file is not blamed
    message = bad.refused_in(errors, limit_mb=limit())
    html = response.content.decode()
    assert shown(html, message)
    for text in typed:
        assert text in html, text
    assert "sélectionnez à nouveau vos pièces jointes" in html  # the files must be chosen again


@each_bad_upload
def test_a_members_letter(bad: BadUpload, member_client: Client) -> None:
    before = Stored.now()
    response = member_client.post(
        reverse("mail_new"), {"subject": SUBJECT, "body": BODY, "attachments": files(bad)}
    )
    refused_on_the_page(response, bad, typed=(f'value="{SUBJECT}"', BODY))
    assert Stored.now() == before


def test_a_members_letter_takes_a_good_pdf(member_client: Client) -> None:
    response = member_client.post(
        reverse("mail_new"), {"subject": SUBJECT, "body": BODY, "attachments": [good_pdf()]}
    )
    assert response.status_code == 302
    assert Letter.objects.get().attachments.get().original_name == "justificatif.pdf"


@each_bad_upload
def test_a_members_follow_up(bad: BadUpload, member_client: Client, letter: Letter) -> None:
    before = Stored.now()
    response = member_client.post(
        reverse("mail_reply", args=[letter.pk]), {"body": BODY, "attachments": files(bad)}
    )
    refused_on_the_page(response, bad, typed=(BODY,))
    assert Stored.now() == before


def test_a_members_follow_up_takes_a_good_pdf(member_client: Client, letter: Letter) -> None:
    response = member_client.post(
        reverse("mail_reply", args=[letter.pk]), {"body": BODY, "attachments": [good_pdf()]}
    )
    assert response.status_code == 302
    assert letter.messages.get().attachments.count() == 1


@each_bad_upload
def test_a_visitors_letter(bad: BadUpload, client: Client) -> None:
    before = Stored.now()
    response = post_visitor_letter(
        client,
        cin="AB123456",
        phone="0612345678",
        subject=SUBJECT,
        body=BODY,
        attachments=files(bad),
    )
    refused_on_the_page(
        response,
        bad,
        typed=(
            'value="Karima Idrissi"',
            'value="karima@example.org"',
            'value="AB123456"',
            'value="0612345678"',
            f'value="{SUBJECT}"',
            BODY,
        ),
    )
    assert Stored.now() == before


def test_a_visitors_letter_takes_a_good_pdf(client: Client) -> None:
    response = post_visitor_letter(client, attachments=[good_pdf()])
    assert response.status_code == 302
    assert Letter.objects.get().attachments.count() == 1


@each_bad_upload
def test_a_visitors_follow_up(bad: BadUpload, visitor_client: tuple[Client, Letter]) -> None:
    client, letter = visitor_client
    before = Stored.now()
    response = client.post(
        reverse("mail_visitor_reply", args=[letter.reference]),
        {"body": BODY, "attachments": files(bad)},
    )
    refused_on_the_page(response, bad, typed=(BODY,))
    assert Stored.now() == before


def test_a_visitors_follow_up_takes_a_good_pdf(visitor_client: tuple[Client, Letter]) -> None:
    client, letter = visitor_client
    response = client.post(
        reverse("mail_visitor_reply", args=[letter.reference]),
        {"body": BODY, "attachments": [good_pdf()]},
    )
    assert response.status_code == 302
    assert LetterAttachment.objects.filter(letter=letter).count() == 1


@each_bad_upload
def test_an_agents_answer(bad: BadUpload, agent_client: Client, letter: Letter) -> None:
    before = Stored.now()
    response = agent_client.post(
        reverse("backoffice_mail_answer", args=[letter.pk]),
        {"body": "Votre attestation est jointe.", "attachments": files(bad)},
    )
    refused_on_the_page(response, bad, form="answer_form", typed=("Votre attestation est jointe.",))
    assert Stored.now() == before
    letter.refresh_from_db()
    assert letter.answered_at is None


def test_an_agents_answer_takes_a_good_pdf(agent_client: Client, letter: Letter) -> None:
    response = agent_client.post(
        reverse("backoffice_mail_answer", args=[letter.pk]),
        {"body": "Votre attestation est jointe.", "attachments": [good_pdf()]},
    )
    assert response.status_code == 302
    assert letter.messages.get().attachments.count() == 1


def refused_by_the_api(response: Any, bad: BadUpload) -> None:
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == bad.code
    (message,) = body["field_errors"]["attachments"]
    bad.refused_in([message], limit_mb=limit())


@each_bad_upload
def test_the_apis_letter(bad: BadUpload, api: Client) -> None:
    before = Stored.now()
    response = api.post(
        reverse("api_mail"), {"subject": SUBJECT, "body": BODY, "attachments": files(bad)}
    )
    refused_by_the_api(response, bad)
    assert Stored.now() == before


def test_the_apis_letter_takes_a_good_pdf(api: Client) -> None:
    response = api.post(
        reverse("api_mail"), {"subject": SUBJECT, "body": BODY, "attachments": [good_pdf()]}
    )
    assert response.status_code == 201
    assert [a["original_name"] for a in response.json()["attachments"]] == ["justificatif.pdf"]


@each_bad_upload
def test_the_apis_follow_up(bad: BadUpload, api: Client, letter: Letter) -> None:
    before = Stored.now()
    response = api.post(
        reverse("api_mail_reply", args=[letter.pk]), {"body": BODY, "attachments": files(bad)}
    )
    refused_by_the_api(response, bad)
    assert Stored.now() == before


def test_the_apis_follow_up_takes_a_good_pdf(api: Client, letter: Letter) -> None:
    response = api.post(
        reverse("api_mail_reply", args=[letter.pk]), {"body": BODY, "attachments": [good_pdf()]}
    )
    assert response.status_code == 201
    assert letter.messages.get().attachments.count() == 1
