"""The back-office queues: oldest first, filters, search, counts per status, pages; and the
number of queries does not grow with the number of requests."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from membership.constants import ChangeStatus
from membership.models import ChangeRequest
from tests.factories import MemberFactory
from tests.membership.factories import (
    AddChildFactory,
    MembershipApplicationFactory,
    RibChangeFactory,
)

pytestmark = pytest.mark.django_db


def _rib_changes(count: int) -> list[ChangeRequest]:
    start = timezone.now() - dt.timedelta(days=count)
    return [RibChangeFactory.create(created_at=start + dt.timedelta(hours=n)) for n in range(count)]


def test_it_lists_pending_requests_oldest_first(agent_client: Client) -> None:
    newer = RibChangeFactory.create(created_at=timezone.now())
    older = RibChangeFactory.create(created_at=timezone.now() - dt.timedelta(days=3))
    decided = RibChangeFactory.create(
        status=ChangeStatus.REJECTED, reason="Non", decided_at=timezone.now()
    )
    html = agent_client.get(reverse("backoffice_changes")).content.decode()
    assert html.index(older.reference) < html.index(newer.reference)
    assert decided.reference not in html
    assert "En attente <strong>2</strong>" in html
    assert "Rejetée <strong>1</strong>" in html


def test_it_filters_by_kind_and_status_and_searches(agent_client: Client) -> None:
    sami = MemberFactory.create(last_name="Berrada", matricule="555001", cin="ZZ555001")
    rib = RibChangeFactory.create(member=sami)
    child = AddChildFactory.create()
    url = reverse("backoffice_changes")
    html = agent_client.get(url, {"kind": "add_child"}).content.decode()
    assert child.reference in html and rib.reference not in html
    for search in ("555001", "zz555001", "berrada"):
        html = agent_client.get(url, {"q": search}).content.decode()
        assert rib.reference in html and child.reference not in html, search
    html = agent_client.get(url, {"status": ""}).content.decode()
    assert rib.reference in html and child.reference in html


def test_it_pages_the_queue(agent_client: Client) -> None:
    changes = _rib_changes(30)
    html = agent_client.get(reverse("backoffice_changes")).content.decode()
    assert changes[0].reference in html and changes[29].reference not in html
    html = agent_client.get(reverse("backoffice_changes"), {"page": 2}).content.decode()
    assert changes[29].reference in html


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        ("backoffice_changes", lambda n: _rib_changes(n)),
        ("backoffice_changes", lambda n: AddChildFactory.create_batch(n)),
        (
            "backoffice_applications",
            lambda n: MembershipApplicationFactory.create_batch(n),
        ),
    ],
)
def test_the_queue_reads_a_fixed_number_of_queries(
    agent_client: Client, url_name: str, make: Callable[[int], object]
) -> None:
    url = reverse(url_name)
    make(1)
    one = _queries(agent_client, url)
    make(29)
    thirty = _queries(agent_client, url)
    assert one == thirty


def test_the_application_queue_shows_whether_the_registry_knows_the_applicant(
    agent_client: Client,
) -> None:
    known = MemberFactory.create(position="retired", pension_number="P1")
    linked = MembershipApplicationFactory.create(member=known)
    unknown = MembershipApplicationFactory.create()
    html = agent_client.get(reverse("backoffice_applications")).content.decode()
    assert html.index(linked.reference) < html.index(unknown.reference)
    assert "Fiche trouvée" in html and "Nouvelle fiche" in html


@pytest.mark.parametrize("url_name", ["backoffice_changes", "backoffice_applications"])
def test_the_status_counts_are_links_that_filter(agent_client: Client, url_name: str) -> None:
    """Django's ``querystring`` writes the ``?`` itself: a second one made ``??status=``,
    a link that did not filter."""
    RibChangeFactory.create()
    RibChangeFactory.create(status=ChangeStatus.REJECTED, reason="Non", decided_at=timezone.now())
    MembershipApplicationFactory.create()
    url = reverse(url_name)
    page = agent_client.get(url).content.decode()
    links = [html.unescape(h) for h in re.findall(r'href="([^"]*status=[^"]*)"', page)]
    assert links
    assert not [link for link in links if link.startswith("??")]
    for link in links:
        status = link.split("status=")[1].split("&")[0]
        response = agent_client.get(url + link)
        assert response.status_code == 200
        assert f'status={status}" aria-current="true"' in response.content.decode()
