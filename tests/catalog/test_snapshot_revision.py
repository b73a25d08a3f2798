"""What decides a request reads the catalogue through ``snapshot.checked()``: this process's
copy, confirmed against the ``CatalogueRevision`` row that every catalogue change moves in its
own transaction (catalog/snapshot.py). A rule saved by another process applies to the very
next submission here, even when the shared cache version did not reach this process."""

from __future__ import annotations

import uuid
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from catalog import snapshot
from catalog.models import CatalogueRevision, Service
from dossiers.models import Dossier
from tests.catalog.factories import ServiceFactory
from tests.dossiers.factories import open_campaign, rule
from tests.helpers import api_token

pytestmark = pytest.mark.django_db


def revision() -> int:
    row = CatalogueRevision.objects.filter(pk=snapshot.REVISION_ROW).first()
    return row.number if row else 0


@pytest.fixture
def simple() -> Service:
    """No document, no money, no rule: a submission is the campaign and the person."""
    return ServiceFactory.create(pays_money=False, steps=["personal_data", "beneficiary", "review"])


def submit(user: User, campaign_id: int) -> Any:
    api = APIClient()
    token = api_token(user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api.post(
        reverse("api_dossiers"),
        {"campaign": campaign_id},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )


def test_each_catalogue_change_moves_the_revision(simple: Service) -> None:
    before = revision()
    made = rule(simple, "member_alive")
    assert revision() == before + 1
    made.delete()
    assert revision() == before + 2
    simple.name_fr = "Autre nom"
    simple.save()
    assert revision() == before + 3


def test_a_rule_saved_elsewhere_applies_to_the_next_submission(
    ready_member: User, simple: Service
) -> None:
    campaign = open_campaign(simple)
    assert submit(ready_member, campaign.pk).status_code == 201
    # Another process saves a rule: this process's copy and the shared version stay as they were.
    with mock.patch("catalog.snapshot._move_version"):
        rule(simple, "position_in", positions=["seconded"])
    refused = submit(ready_member, campaign.pk)
    assert refused.status_code == 400, refused.json()
    assert Dossier.objects.filter(member=ready_member.member).count() == 1


def test_the_copy_is_not_read_again_while_nothing_changed(simple: Service) -> None:
    open_campaign(simple)
    first = snapshot.checked()
    with CaptureQueriesContext(connection) as queries:
        again = snapshot.checked()
    assert again is first
    assert len(queries) == 1 and "catalog_cataloguerevision" in queries[0]["sql"]


def test_what_decides_asks_the_revision_not_the_shared_cache(simple: Service) -> None:
    open_campaign(simple)
    first = snapshot.checked()
    with mock.patch.object(snapshot.cache, "get", side_effect=AssertionError("cache read")):
        assert snapshot.checked() is first
        # Another process's change moves the revision: the next check reads the rows again.
        CatalogueRevision.objects.filter(pk=snapshot.REVISION_ROW).update(number=revision() + 1)
        again = snapshot.checked()
    assert again is not first and again.revision == revision()
