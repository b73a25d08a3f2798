"""A person whose membership is not current keeps their contact data, but asks no entitlement
change: a link to the membership request instead."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from membership.models import ChangeRequest
from registry.models import Member, MembershipStatus, Position
from tests.helpers import api_token
from tests.membership.helpers import GOOD_RIB, a_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended(me: Member) -> Member:
    me.position = Position.RETIRED
    me.pension_number = "P123"
    me.membership_status = MembershipStatus.ENDED
    me.save()
    return me


def test_the_page_offers_the_membership_request(member_client: Client, ended: Member) -> None:
    html = member_client.get(reverse("member_info")).content.decode()
    assert reverse("membership_apply") in html
    assert reverse("member_rib_change") not in html
    assert reverse("member_child_add") not in html


def test_no_change_request_is_taken(member_client: Client, ended: Member) -> None:
    response = member_client.post(
        reverse("member_rib_change"), {"rib": GOOD_RIB, "rib_attestation": a_pdf()}, follow=True
    )
    assert "Votre adhésion n&#x27;est pas en cours" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_contact_data_still_apply(member_client: Client, ended: Member) -> None:
    member_client.post(
        reverse("member_contact"), {"phone": "0522000000", "address": "", "private_email": ""}
    )
    ended.refresh_from_db()
    assert ended.phone == "0522000000"


def test_the_api_refuses_a_change_request(
    client: Client, ready_member: User, ended: Member
) -> None:

    token = api_token(ready_member)
    response = client.post(
        "/api/v1/me/change-requests/",
        {"kind": "rib", "proposed": {"rib": GOOD_RIB}},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "not_a_member"
