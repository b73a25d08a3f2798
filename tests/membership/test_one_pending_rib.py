"""At most one pending RIB change at a time: the next waits for a decision or a withdrawal."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from membership.constants import ChangeStatus
from membership.models import ChangeRequest
from registry.models import Member
from tests.factories import make_rib
from tests.membership.factories import RibChangeFactory
from tests.membership.helpers import GOOD_RIB, a_pdf

pytestmark = pytest.mark.django_db


def test_a_second_rib_request_waits_for_the_first(member_client: Client, me: Member) -> None:
    first = RibChangeFactory.create(member=me)
    response = member_client.post(
        reverse("member_rib_change"), {"rib": GOOD_RIB, "rib_attestation": a_pdf()}
    )
    assert response.status_code == 400
    assert "Vous avez déjà une demande de changement de RIB en attente" in response.content.decode()
    assert list(ChangeRequest.objects.all()) == [first]


def test_the_page_offers_no_rib_change_while_one_is_pending(
    member_client: Client, me: Member
) -> None:
    change = RibChangeFactory.create(member=me)
    html = member_client.get(reverse("member_info")).content.decode()
    assert reverse("member_rib_change") not in html
    assert change.proposed["rib"] in html


def test_a_new_rib_request_is_possible_once_the_first_is_withdrawn(
    member_client: Client, me: Member
) -> None:
    first = RibChangeFactory.create(member=me)
    member_client.post(reverse("member_change_withdraw", args=[first.pk]))
    response = member_client.post(
        reverse("member_rib_change"), {"rib": GOOD_RIB, "rib_attestation": a_pdf()}
    )
    assert response.status_code == 302
    assert ChangeRequest.objects.filter(status=ChangeStatus.PENDING).count() == 1


def test_the_database_refuses_two_pending_rib_requests(me: Member) -> None:
    RibChangeFactory.create(member=me)
    with pytest.raises(IntegrityError), transaction.atomic():
        RibChangeFactory.create(member=me, proposed={"rib": make_rib(7)})


def test_another_member_may_have_a_pending_rib_request_too(me: Member, other: Member) -> None:
    RibChangeFactory.create(member=me)
    RibChangeFactory.create(member=other)
    assert ChangeRequest.objects.filter(status=ChangeStatus.PENDING).count() == 2
