"""/api/v1/me/info/, me/family/ and me/change-requests/: the same services, checks and access
functions as "Mes informations"."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from documents.models import DocumentKind
from membership.constants import ChangeKind, ChangeStatus
from membership.models import ChangeRequest, MemberDataChange
from registry.models import Member
from tests.documents.corpus import image_bytes, upload
from tests.documents.factories import MemberDocumentFactory
from tests.factories import ChildFactory, SpouseFactory
from tests.helpers import api_token
from tests.membership.factories import RibChangeFactory
from tests.membership.helpers import GOOD_RIB, bad_rib

pytestmark = pytest.mark.django_db
INFO = "/api/v1/me/info/"
FAMILY = "/api/v1/me/family/"
REQUESTS = "/api/v1/me/change-requests/"


@pytest.fixture
def api(client: Client, ready_member: User) -> dict[str, str]:
    token = api_token(ready_member)
    return {"Authorization": f"Token {token}"}


def test_it_shows_the_registry_data(client: Client, api: dict[str, str], me: Member) -> None:
    data = client.get(INFO, headers=api).json()
    assert data["matricule"] == me.matricule
    assert data["last_name_ar"] == me.last_name_ar
    assert data["position"] == "active"
    assert data["is_current_member"] is True
    assert data["photo"] is None


def test_patch_applies_contact_data_at_once(
    client: Client, api: dict[str, str], me: Member
) -> None:
    response = client.patch(
        INFO, {"address": "Hay Riad, Rabat"}, content_type="application/json", headers=api
    )
    assert response.status_code == 200
    assert response.json()["address"] == "Hay Riad, Rabat"
    me.refresh_from_db()
    assert (me.address, me.phone) == ("Hay Riad, Rabat", "0612345678")
    assert MemberDataChange.objects.get().changes == {"address": ["", "Hay Riad, Rabat"]}


def test_patch_refuses_a_bad_phone_field_by_field(client: Client, api: dict[str, str]) -> None:
    response = client.patch(INFO, {"phone": "12"}, content_type="application/json", headers=api)
    assert response.status_code == 400
    assert "phone" in response.json()["field_errors"]


def test_patch_ignores_what_is_not_contact_data(
    client: Client, api: dict[str, str], me: Member
) -> None:
    client.patch(INFO, {"rib": GOOD_RIB, "cin": "X1"}, content_type="application/json", headers=api)
    me.refresh_from_db()
    assert me.rib != GOOD_RIB


def test_patch_chooses_an_uploaded_image_as_photo(
    client: Client, api: dict[str, str], me: Member
) -> None:
    uploaded = client.post(
        "/api/v1/documents/",
        {"kind": "photo", "file": upload("me.png", image_bytes("PNG"), "image/png")},
        headers=api,
    ).json()
    response = client.patch(
        INFO, {"photo_document": uploaded["id"]}, content_type="application/json", headers=api
    )
    assert response.status_code == 200
    assert response.json()["photo"]["document"] == uploaded["id"]
    me.refresh_from_db()
    assert me.photo_id == uploaded["id"]


def test_family_lists_spouses_and_children_with_pending_requests(
    client: Client, api: dict[str, str], me: Member
) -> None:
    spouse = SpouseFactory.create(member=me)
    child = ChildFactory.create(member=me)
    data = client.get(FAMILY, headers=api).json()
    assert [s["id"] for s in data["spouses"]] == [spouse.pk]
    assert data["children"][0]["id"] == child.pk
    assert data["children"][0]["pending_request"] is None


def test_it_creates_a_rib_request_with_a_kept_attestation(
    client: Client, api: dict[str, str], me: Member
) -> None:
    kept = MemberDocumentFactory.create(member=me, kind=DocumentKind.RIB_ATTESTATION)
    response = client.post(
        REQUESTS,
        {
            "kind": "rib",
            "proposed": {"rib": GOOD_RIB},
            "documents": [{"role": "rib_attestation", "document": kept.pk}],
        },
        content_type="application/json",
        headers=api,
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["kind"], data["status"], data["proposed"]) == (
        "rib",
        "pending",
        {"rib": GOOD_RIB},
    )
    assert data["documents"][0]["document"] == kept.pk
    assert client.get(REQUESTS, headers=api).json()["results"][0]["id"] == data["id"]


def test_it_refuses_a_bad_rib_with_its_message(
    client: Client, api: dict[str, str], me: Member
) -> None:
    kept = MemberDocumentFactory.create(member=me, kind=DocumentKind.RIB_ATTESTATION)
    response = client.post(
        REQUESTS,
        {
            "kind": "rib",
            "proposed": {"rib": bad_rib()},
            "documents": [{"role": "rib_attestation", "document": kept.pk}],
        },
        content_type="application/json",
        headers=api,
    )
    assert response.status_code == 400
    assert "sa clé ne correspond pas" in response.json()["field_errors"]["rib"][0]
    assert not ChangeRequest.objects.exists()


def test_it_refuses_a_child_born_before_the_member(
    client: Client, api: dict[str, str], me: Member
) -> None:
    kept = MemberDocumentFactory.create(member=me, kind=DocumentKind.BIRTH_CERTIFICATE)
    response = client.post(
        REQUESTS,
        {
            "kind": "add_child",
            "proposed": {"first_name": "Adam", "birth_date": "1970-01-01", "sex": "M"},
            "documents": [{"role": "birth_certificate", "document": kept.pk}],
        },
        content_type="application/json",
        headers=api,
    )
    assert response.status_code == 400
    assert response.json()["field_errors"]["birth_date"] == [
        "Un enfant ne peut pas être né avant l'adhérent."
    ]


def test_it_corrects_a_child_keeping_what_is_not_sent(
    client: Client, api: dict[str, str], me: Member
) -> None:
    child = ChildFactory.create(member=me)
    card = MemberDocumentFactory.create(member=me, kind=DocumentKind.DISABILITY_CARD)
    response = client.post(
        REQUESTS,
        {
            "kind": "update_child",
            "child": child.pk,
            "proposed": {"has_disability": True},
            "documents": [{"role": "disability_card", "document": card.pk}],
        },
        content_type="application/json",
        headers=api,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["proposed"]["first_name"] == child.first_name
    family = client.get(FAMILY, headers=api).json()
    assert family["children"][0]["pending_request"] == response.json()["id"]


def test_it_refuses_someone_elses_document(
    client: Client, api: dict[str, str], other: Member
) -> None:
    theirs = MemberDocumentFactory.create(member=other, kind=DocumentKind.RIB_ATTESTATION)
    response = client.post(
        REQUESTS,
        {
            "kind": "rib",
            "proposed": {"rib": GOOD_RIB},
            "documents": [{"role": "rib_attestation", "document": theirs.pk}],
        },
        content_type="application/json",
        headers=api,
    )
    assert response.status_code == 400
    assert not ChangeRequest.objects.exists()


def test_it_withdraws_and_answers_409_once_decided(
    client: Client, api: dict[str, str], me: Member
) -> None:
    change = RibChangeFactory.create(member=me)
    url = f"{REQUESTS}{change.pk}/withdraw/"
    response = client.post(url, headers=api)
    assert response.status_code == 200
    assert response.json()["status"] == ChangeStatus.WITHDRAWN
    response = client.post(url, headers=api)
    assert response.status_code == 409
    assert response.json()["code"] == "already_decided"


def test_staff_get_member_only(client: Client, agent_user: User) -> None:
    token = api_token(agent_user)
    response = client.get(INFO, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 403
    assert response.json()["code"] == "member_only"


def test_the_request_list_reads_a_fixed_number_of_queries(
    client: Client, api: dict[str, str], me: Member
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(REQUESTS, headers=api).status_code == 200
        return len(context)

    RibChangeFactory.create(member=me, status=ChangeStatus.WITHDRAWN, decided_at=timezone.now())
    one = queries()
    for _ in range(5):
        RibChangeFactory.create(member=me, status=ChangeStatus.WITHDRAWN, decided_at=timezone.now())
    assert queries() == one


def test_kinds_are_the_documented_ones() -> None:
    assert set(ChangeKind.values) == {
        "rib",
        "add_spouse",
        "update_spouse",
        "add_child",
        "update_child",
    }
