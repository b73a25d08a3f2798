"""The statistics read in a fixed number of queries whatever the number of dossiers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalog.models import Service
from dossiers.constants import DossierStatus as S
from reports.selectors import Period, statistics
from tests.catalog.factories import ServiceFactory
from tests.reports.factories import days, local, sent

pytestmark = pytest.mark.django_db
URL = "/backoffice/reports/?year=2025"


def add(service: Service, count: int) -> None:
    statuses = [S.APPROVED, S.PAID, S.REJECTED, S.IN_REVIEW]
    for index in range(count):
        status = statuses[index % len(statuses)]
        decided = days(index % 7 + 1) if status != S.IN_REVIEW else None
        sent(service, at=local(2025, 4, 1 + index % 28), status=status, amount="10.01",
             decided_after=decided)  # fmt: skip


def page_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_page_reads_as_much_for_100_dossiers_as_for_1(supervisor_client: Client) -> None:
    service = ServiceFactory.create()
    add(service, 1)
    one = page_queries(supervisor_client)
    add(service, 99)
    add(ServiceFactory.create(), 10)

    assert page_queries(supervisor_client) == one


def test_the_figures_take_four_queries(django_assert_num_queries: object, db: None) -> None:
    add(ServiceFactory.create(), 20)

    with CaptureQueriesContext(connection) as captured:
        statistics(Period.year(2025))

    assert len(captured) == 4


@pytest.mark.parametrize("kind", ["services.csv", "xlsx"])
def test_the_exports_read_as_much_for_100_dossiers_as_for_1(
    supervisor_client: Client, kind: str
) -> None:
    url = f"/backoffice/reports/export/{kind}?year=2025"
    service = ServiceFactory.create()
    add(service, 1)
    with CaptureQueriesContext(connection) as first:
        supervisor_client.get(url)
    add(service, 99)
    with CaptureQueriesContext(connection) as second:
        supervisor_client.get(url)

    assert len(second) == len(first)
