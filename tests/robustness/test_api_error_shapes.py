"""Every refusal of /api/v1/ has one shape, {"code", "detail"} plus "field_errors" for a refused
input (api/exceptions.py, docs/decisions/api-error-shapes.md): the shape the schema documents."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.exceptions import ErrorDetail
from rest_framework.test import APIClient

from accounts.models import User
from api.exceptions import field_errors

pytestmark = pytest.mark.django_db


def test_nested_refusals_are_named_by_their_path() -> None:
    detail = {
        "campaign": [ErrorDetail("Ce champ est obligatoire.", code="required")],
        "documents": [{}, {"document": [ErrorDetail("Nombre entier attendu.", code="invalid")]}],
        "proposed": {"first_name": [ErrorDetail("Trop long.", code="max_length")]},
    }
    assert field_errors(detail) == {
        "campaign": ["Ce champ est obligatoire."],
        "documents.1.document": ["Nombre entier attendu."],
        "proposed.first_name": ["Trop long."],
    }
    assert field_errors([ErrorDetail("Tout est refusé.")]) == {
        "non_field_errors": ["Tout est refusé."]
    }


def test_a_refused_input_is_invalid_with_a_message_per_field(ready_member: User) -> None:
    api = APIClient()
    api.force_authenticate(ready_member)
    response = api.post(
        reverse("api_dossiers"),
        {"documents": [{"required_document": 1, "document": "abc"}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "detail", "field_errors"}
    assert body["code"] == "invalid"
    assert set(body["field_errors"]) == {"campaign", "documents.0.document"}


def test_an_unreadable_body_and_a_page_too_far_carry_a_code(ready_member: User) -> None:
    api = APIClient()
    api.force_authenticate(ready_member)
    broken = api.post(reverse("api_dossiers"), "{", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["code"] == "parse_error"
    far = api.get(reverse("api_dossiers"), {"page": 99})
    assert far.status_code == 404
    assert set(far.json()) == {"code", "detail"}
    assert far.json()["code"] == "not_found"


def test_a_bad_token_is_a_401_with_a_code() -> None:
    response = Client().get(reverse("api_me"), headers={"Authorization": "Token nope"})
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing/", "/api/v1/dossiers/0/", f"/api/v1/documents/{2**63}/file/"]
)
def test_an_unknown_api_address_is_a_json_404(member_client: Client, path: str) -> None:
    for method in (member_client.get, member_client.post, member_client.delete):
        response = method(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "not_found"


def test_a_malformed_multipart_body_to_an_unknown_api_address_is_a_404(
    member_client: Client,
) -> None:
    # Django's own 404 page read the body for its CSRF check: a multipart body without a
    # boundary raised there, and the answer was a 500 (found by make fuzz).
    member_client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    response = member_client.post(
        "/api/v1/dossiers/0/answer/",
        b"{}",
        content_type="multipart/form-data",
        headers={"X-CSRFToken": "a" * 32},
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
