"""A member touches only their own data and requests: every URL with an id answers 404 for
another member's row, on the web and in the API, and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from membership.constants import ChangeStatus
from membership.models import ChangeRequest
from registry.models import Member
from tests.factories import ChildFactory, SpouseFactory
from tests.helpers import api_token
from tests.membership.factories import RibChangeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(other: Member) -> dict[str, int]:
    return {
        "spouse": SpouseFactory.create(member=other).pk,
        "child": ChildFactory.create(member=other).pk,
        "request": RibChangeFactory.create(member=other).pk,
    }


def test_every_web_url_with_an_id_is_404_for_another_members_row(
    member_client: Client, theirs: dict[str, int]
) -> None:
    forms = [
        reverse("member_spouse_update", args=[theirs["spouse"]]),
        reverse("member_child_update", args=[theirs["child"]]),
    ]
    for url in forms:
        assert member_client.get(url).status_code == 404, url
        assert member_client.post(url, {}).status_code == 404, url
    assert member_client.get(reverse("member_change", args=[theirs["request"]])).status_code == 404
    withdraw = reverse("member_change_withdraw", args=[theirs["request"]])
    assert member_client.post(withdraw).status_code == 404
    assert ChangeRequest.objects.get(pk=theirs["request"]).status == ChangeStatus.PENDING


def test_their_supporting_document_is_404_too(member_client: Client, other: Member) -> None:
    change = RibChangeFactory.create(member=other)
    document = change.attachments.get().document
    assert member_client.get(reverse("document_file", args=[document.pk])).status_code == 404


def test_every_api_url_with_an_id_is_404_for_another_members_row(
    client: Client, ready_member: User, theirs: dict[str, int]
) -> None:
    token = api_token(ready_member)
    auth = {"Authorization": f"Token {token}"}
    request_pk = theirs["request"]
    assert client.get(f"/api/v1/me/change-requests/{request_pk}/", headers=auth).status_code == 404
    response = client.post(f"/api/v1/me/change-requests/{request_pk}/withdraw/", headers=auth)
    assert response.status_code == 404
    for kind, key in (("update_spouse", "spouse"), ("update_child", "child")):
        response = client.post(
            "/api/v1/me/change-requests/",
            {"kind": kind, key: theirs[key], "proposed": {"first_name": "X"}},
            content_type="application/json",
            headers=auth,
        )
        assert response.status_code == 404, kind
    assert ChangeRequest.objects.count() == 1


def test_their_requests_are_not_listed(member_client: Client, me: Member, other: Member) -> None:
    mine = RibChangeFactory.create(member=me)
    their = RibChangeFactory.create(member=other)
    html = member_client.get(reverse("member_info")).content.decode()
    assert mine.reference in html
    assert their.reference not in html
