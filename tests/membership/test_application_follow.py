"""The applicant follows the request with its reference and the emailed code; a wrong code and
an unknown reference get the same answer, and too many wrong tries are stopped."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from membership.constants import ApplicationStatus
from tests.membership.factories import FOLLOW_CODE, MembershipApplicationFactory

pytestmark = pytest.mark.django_db
URL = "/membership/follow/"
WRONG = "Référence ou code incorrect"


def follow(client: Client, reference: str, code: str) -> Any:
    return client.post(URL, {"reference": reference, "code": code})


def test_it_shows_the_state_with_the_reference_and_the_code(client: Client) -> None:
    application = MembershipApplicationFactory.create()
    response = follow(client, application.reference.lower(), " abcd 2345 ")
    assert response.status_code == 200
    html = response.content.decode()
    assert application.reference in html
    assert "En cours d&#x27;examen" in html or "En cours d'examen" in html


def test_it_shows_the_reason_of_a_rejection(client: Client) -> None:
    application = MembershipApplicationFactory.create(
        status=ApplicationStatus.REJECTED, reason="Pièce manquante", decided_at=timezone.now()
    )
    html = follow(client, application.reference, FOLLOW_CODE).content.decode()
    assert "Rejetée" in html and "Pièce manquante" in html


def test_a_wrong_code_and_an_unknown_reference_get_the_same_answer(client: Client) -> None:
    application = MembershipApplicationFactory.create()
    wrong_code = follow(client, application.reference, "ZZZZ9999")
    unknown = follow(client, "ADH-2026-NOPE00", FOLLOW_CODE)
    assert wrong_code.status_code == unknown.status_code == 400
    for response in (wrong_code, unknown):
        html = response.content.decode()
        assert WRONG in html
        assert application.first_name not in html


def test_too_many_wrong_tries_are_stopped(client: Client, settings: Any) -> None:
    settings.MEMBERSHIP_FOLLOW_RATE = "3/hour"
    application = MembershipApplicationFactory.create()
    for _ in range(3):
        assert follow(client, application.reference, "ZZZZ9999").status_code == 400
    response = follow(client, application.reference, FOLLOW_CODE)
    assert response.status_code == 429
    assert "Trop d&#x27;essais" in response.content.decode() or "Trop d'essais" in (
        response.content.decode()
    )


def test_the_receipt_page_needs_a_fresh_application(client: Client) -> None:
    response = client.get(reverse("membership_applied"))
    assert response.status_code == 302
    assert response["Location"] == URL
