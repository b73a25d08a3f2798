"""The counts per status of a service's queue: one GROUP BY query, shown on the status tabs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from backoffice.selectors import status_counts
from catalog.models import Service
from dossiers.constants import DossierStatus
from tests.dossiers.factories import DossierFactory, SentDossierFactory, open_campaign
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(service: Service, other_service: Service, assigned: None) -> None:
    campaign = open_campaign(service)
    spread = {
        DossierStatus.SUBMITTED: 3,
        DossierStatus.IN_REVIEW: 2,
        DossierStatus.APPROVED: 1,
        DossierStatus.REJECTED: 4,
    }
    member = MemberFactory.create()
    for status, count in spread.items():
        for _n in range(count):
            SentDossierFactory.create(
                member=member, service=service, campaign=campaign, status=status
            )
    SentDossierFactory.create(member=member, service=other_service, status=DossierStatus.SUBMITTED)
    DossierFactory.create(member=member, service=service, campaign=campaign)  # a draft


def test_it_counts_each_status_in_one_query(service: Service, filled: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        counts = status_counts(service)
    assert len(queries) == 1
    assert "GROUP BY" in queries[0]["sql"]
    assert counts["submitted"] == 3
    assert counts["in_review"] == 2
    assert counts["approved"] == 1
    assert counts["rejected"] == 4
    assert counts["paid"] == 0
    assert counts["draft"] == 0


def test_the_tabs_show_the_counts(agent_client: Client, service: Service, filled: None) -> None:
    response = agent_client.get(f"/backoffice/dossiers/queue/{service.code}/")
    tabs = {value: count for value, _label, count in response.context["tabs"]}
    assert tabs["open"] == 5
    assert tabs["all"] == 10
    assert tabs["rejected"] == 4
    assert tabs["paid"] == 0
    assert "draft" not in tabs
