"""A POST /api/v1/dossiers/ sent again with the same Idempotency-Key answers the dossier the first
call made (2xx, the same body), never a rule refusal: the key is looked up before any rule runs.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from catalog.models import Campaign
from dossiers.models import Dossier
from dossiers.services import NewRequest, StepData, create_and_submit
from tests.catalog.factories import RuleFactory, ServiceFactory
from tests.dossiers.factories import open_campaign
from tests.dossiers.helpers import air_request

pytestmark = pytest.mark.django_db
URL = "api_dossiers"


def api_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(client: APIClient, payload: dict[str, Any], key: str) -> Any:
    return client.post(reverse(URL), payload, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_it_answers_a_sequential_retry_with_the_first_body(alice: User) -> None:
    api, payload, key = api_for(alice), air_request(alice), str(uuid.uuid4())
    first = post(api, payload, key)
    again = post(api, payload, key)
    assert first.status_code == 201, first.json()
    assert again.status_code == 200, again.json()
    assert again.json() == first.json()
    assert Dossier.objects.filter(member=alice.member).count() == 1


def one_per_campaign() -> dict[str, Any]:
    """A request to a service that takes one request per campaign and beneficiary."""
    service = ServiceFactory.create(steps=["personal_data", "review"], pays_money=False)
    RuleFactory.create(service=service, kind="max_count_per_campaign_per_beneficiary")
    return {"campaign": open_campaign(service).pk}


def test_it_answers_a_retry_that_the_quota_would_now_refuse(alice: User) -> None:
    api, payload, key = api_for(alice), one_per_campaign(), str(uuid.uuid4())
    first = post(api, payload, key)
    assert first.status_code == 201, first.json()
    # Another key: the first dossier used up the quota, a new request is refused...
    other = post(api, payload, str(uuid.uuid4()))
    assert other.status_code == 400 and other.json()["code"] == "submission_refused"
    # ...while the same key again is a retry, answered with its dossier.
    again = post(api, payload, key)
    assert again.status_code == 200, again.json()
    assert again.json() == first.json()
    assert Dossier.objects.filter(member=alice.member).count() == 1


def test_the_service_answers_a_retry_before_the_rules(alice: User) -> None:
    assert alice.member is not None
    campaign = Campaign.objects.get(pk=one_per_campaign()["campaign"])
    request = NewRequest(campaign=campaign, idempotency_key=uuid.uuid4(), data=StepData())
    first, created = create_and_submit(member=alice.member, user=alice, request=request)
    again, created_again = create_and_submit(member=alice.member.pk, user=alice, request=request)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk


def test_a_key_of_another_member_makes_a_new_dossier(alice: User, bob: User) -> None:
    key = str(uuid.uuid4())
    mine = post(api_for(alice), air_request(alice), key)
    theirs = post(api_for(bob), air_request(bob), key)
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]
