"""Odd values in an API body are a 400 with a message in the reader's language, never a 500, and
nothing already stored changes: ids past the database's integers, zero or negative; dates past
what date arithmetic can take; amounts of zero, negative, too large or too precise; lists and
objects where one value is expected (fos/fields.py, membership/proposals.py)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from accounts.models import User
from dossiers.models import Dossier
from fos.fields import LATEST_DATE
from tests.dossiers.factories import SentDossierFactory, member_document
from tests.dossiers.test_retries_are_answered import air_request
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
HUGE = [2**63, 2**64, -(2**63) - 1, 0, -1]
NOT_AN_ID = ["abc", [1], {"id": 1}, 1.5, True]
FAR_DATES = ["9999-12-31", "0001-01-01", "2200-01-01", "1899-12-31"]
BAD_DATES = ["99999-01-01", "2024-02-30", "31/12/2024", 20240101, [], {}]
BAD_AMOUNTS = ["0", "0.00", "-5", "1e20", "12.345", "99999999999.00", "NaN", "Infinity", [], {}]


def api_for(user: User, language: str = "fr") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


@pytest.fixture
def api(ready_member: User) -> APIClient:
    return api_for(ready_member)


@pytest.fixture
def amount_request(ready_member: User) -> dict[str, Any]:
    """A whole air transport request (it asks for an amount), with nothing wrong in it."""
    return air_request(ready_member)


def send(api: APIClient, payload: dict[str, Any]) -> Any:
    return api.post(
        reverse("api_dossiers"), payload, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
    )


def assert_refused(response: Any, field: str) -> None:
    """A 400 in the API's one refusal shape, with a message for the field (a nested field is
    named by its path: "documents.0.document")."""
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    assert body["code"] == "invalid" and body["detail"], body
    errors = body["field_errors"]
    assert any(name == field or name.startswith(f"{field}.") for name in errors), body
    assert all(isinstance(m, str) and m for messages in errors.values() for m in messages), body


@pytest.mark.parametrize("value", HUGE + NOT_AN_ID)
@pytest.mark.parametrize("field", ["campaign", "spouse", "child", "motive", "rib_attestation"])
def test_an_odd_id_in_a_new_dossier_is_a_400(api: APIClient, field: str, value: Any) -> None:
    payload = {"campaign": 1, field: value}
    assert_refused(send(api, payload), field)
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("value", HUGE + NOT_AN_ID)
def test_an_odd_document_id_in_a_new_dossier_is_a_400(api: APIClient, value: Any) -> None:
    response = send(
        api, {"campaign": 1, "documents": [{"required_document": 1, "document": value}]}
    )
    assert_refused(response, "documents")


@pytest.mark.parametrize("value", HUGE + NOT_AN_ID)
def test_an_odd_document_id_in_an_answer_is_a_400(
    api: APIClient, ready_member: User, value: Any
) -> None:
    dossier = SentDossierFactory.create(member=ready_member.member)
    url = reverse("api_dossier_answer", args=[dossier.pk])
    assert_refused(api.post(url, {"documents": [value]}, format="json"), "documents")


@pytest.mark.parametrize("value", FAR_DATES + BAD_DATES)
def test_an_odd_invoice_date_is_a_400(
    api: APIClient, amount_request: dict[str, Any], value: Any
) -> None:
    assert_refused(send(api, {**amount_request, "invoice_date": value}), "invoice_date")


@pytest.mark.parametrize("value", BAD_AMOUNTS)
def test_an_odd_amount_is_a_400_before_the_database_sees_it(
    api: APIClient, amount_request: dict[str, Any], value: Any
) -> None:
    # Zero passed the serializer (min_value=0) and broke the dossier's CHECK constraint: a 500.
    assert_refused(send(api, {**amount_request, "declared_amount": value}), "declared_amount")
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("value", [[], {}, ["a"], {"a": "b"}])
@pytest.mark.parametrize("field", ["rib", "beneficiary_type"])
def test_a_list_or_an_object_for_a_text_is_a_400(api: APIClient, field: str, value: Any) -> None:
    assert_refused(send(api, {"campaign": 1, field: value}), field)


@pytest.mark.parametrize("body", [[], [1, 2], "text", 12, None, True])
def test_a_body_that_is_not_an_object_is_a_400(api: APIClient, body: Any) -> None:
    response = send(api, body)
    assert response.status_code == 400, response.content[:300]


def test_the_date_message_is_in_arabic_for_an_arabic_reader(
    ready_member: User, amount_request: dict[str, Any]
) -> None:
    response = send(api_for(ready_member, "ar"), {**amount_request, "invoice_date": "9999-12-31"})
    assert response.status_code == 400
    with translation.override("ar"):
        expected = translation.gettext("Indiquez une date entre le %(earliest)s et le %(latest)s.")
    message = response.json()["field_errors"]["invoice_date"][0]
    assert message.startswith(expected.split("%")[0])
    assert LATEST_DATE.strftime("%Y") in message


# Change requests (membership/api.py, membership/proposals.py) ------------------------------------


@pytest.mark.parametrize(
    "proposed",
    [
        {"first_name": ["Salma"]},
        {"first_name": {"fr": "Salma"}},
        {"birth_date": "9999-12-31"},
        {"birth_date": "0001-01-01"},
        {"birth_date": ["2015-01-01"]},
        {"birth_date": "99999-01-01"},
        {"school_level": {"a": 1}},
    ],
)
def test_an_odd_child_correction_is_a_400_and_the_child_is_kept(
    api: APIClient, ready_member: User, proposed: dict[str, Any]
) -> None:
    child = ChildFactory.create(member=ready_member.member, first_name="Salma")
    response = api.post(
        reverse("api_change_requests"),
        {"kind": "update_child", "child": child.pk, "proposed": proposed},
        format="json",
    )
    assert response.status_code == 400, response.content[:300]
    child.refresh_from_db()
    assert child.first_name == "Salma"


@pytest.mark.parametrize("value", HUGE + NOT_AN_ID)
@pytest.mark.parametrize("field", ["spouse", "child"])
def test_an_odd_person_id_in_a_change_request_is_a_400(
    api: APIClient, field: str, value: Any
) -> None:
    response = api.post(
        reverse("api_change_requests"),
        {"kind": f"update_{field}", field: value, "proposed": {}},
        format="json",
    )
    assert_refused(response, field)


@pytest.mark.parametrize("value", HUGE + NOT_AN_ID)
def test_an_odd_document_id_in_a_change_request_is_a_400(api: APIClient, value: Any) -> None:
    response = api.post(
        reverse("api_change_requests"),
        {
            "kind": "rib",
            "proposed": {"rib": "011780000012345678901234"},
            "documents": [{"role": "rib_attestation", "document": value}],
        },
        format="json",
    )
    assert_refused(response, "documents")


@pytest.mark.parametrize("value", [[1], {"a": 1}, ["011780000012345678901234"]])
def test_a_rib_that_is_a_list_is_a_400(api: APIClient, value: Any) -> None:
    response = api.post(
        reverse("api_change_requests"), {"kind": "rib", "proposed": {"rib": value}}, format="json"
    )
    assert response.status_code == 400, response.content[:300]


@pytest.mark.parametrize("value", HUGE + NOT_AN_ID)
def test_an_odd_photo_id_is_a_400(api: APIClient, ready_member: User, value: Any) -> None:
    assert ready_member.member is not None
    member_document(ready_member.member)
    response = api.patch(reverse("api_member_info"), {"photo_document": value}, format="json")
    assert_refused(response, "photo_document")
