"""The queue is read by keyset, oldest first: pages follow one another without a count, forth
and back, and a dossier answered by its member comes first."""

from __future__ import annotations

import pytest
from django.test import Client

from backoffice.selectors import Cursor, QueueFilters, queue_page
from catalog.models import Service
from dossiers.models import Dossier
from tests.backoffice.helpers import days_ago
from tests.dossiers.factories import SentDossierFactory, open_campaign
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven(service: Service, assigned: None) -> list[Dossier]:
    """Seven open dossiers sent on seven days, the oldest first; two share a moment."""
    campaign = open_campaign(service)
    member = MemberFactory.create()
    moments = [days_ago(days) for days in (70, 60, 50, 40, 40, 20, 10)]
    moments[4] = moments[3]
    return [
        SentDossierFactory.create(
            member=member, service=service, campaign=campaign, submitted_at=moment
        )
        for moment in moments
    ]


def _walk_forward(service: Service, size: int) -> list[list[int]]:
    pages, after, number = [], None, 1
    while True:
        page = queue_page(service, QueueFilters(), after=after, number=number, size=size)
        pages.append([d.pk for d in page.rows])
        if page.next_cursor is None:
            return pages
        after, number = page.next_cursor, page.number + 1


def test_pages_follow_each_other_oldest_first(service: Service, seven: list[Dossier]) -> None:
    assert _walk_forward(service, 3) == [
        [d.pk for d in seven[0:3]],
        [d.pk for d in seven[3:6]],
        [seven[6].pk],
    ]


def test_previous_goes_back_to_the_same_rows(service: Service, seven: list[Dossier]) -> None:
    first = queue_page(service, QueueFilters(), size=3)
    second = queue_page(service, QueueFilters(), after=first.next_cursor, number=2, size=3)
    assert second.number == 2
    back = queue_page(service, QueueFilters(), before=second.previous_cursor, number=1, size=3)
    assert [d.pk for d in back.rows] == [d.pk for d in first.rows]
    assert back.number == 1
    assert back.previous_cursor is None
    assert back.next_cursor is not None


def test_answered_dossiers_come_first_on_every_page_walk(
    service: Service, seven: list[Dossier]
) -> None:
    Dossier.objects.filter(pk__in=[seven[5].pk, seven[2].pk]).update(needs_attention=True)
    order = [pk for page in _walk_forward(service, 2) for pk in page]
    expected = [seven[2].pk, seven[5].pk] + [d.pk for i, d in enumerate(seven) if i not in (2, 5)]
    assert order == expected
    middle = queue_page(service, QueueFilters(), size=2)
    later = queue_page(service, QueueFilters(), after=middle.next_cursor, number=2, size=2)
    back = queue_page(service, QueueFilters(), before=later.previous_cursor, number=1, size=2)
    assert [d.pk for d in back.rows] == [seven[2].pk, seven[5].pk]


def test_the_page_shows_next_and_previous_links(
    agent_client: Client, service: Service, seven: list[Dossier], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("backoffice.selectors.QUEUE_PAGE_SIZE", 3)
    first = agent_client.get(f"/backoffice/dossiers/queue/{service.code}/", {"page": 1})
    content = first.content.decode()
    assert 'rel="next"' in content
    assert 'rel="prev"' not in content
    page = first.context["page"]
    second = agent_client.get(
        f"/backoffice/dossiers/queue/{service.code}/", {"after": page.next_cursor, "page": 2}
    )
    assert "Page 2" in second.content.decode()
    assert 'rel="prev"' in second.content.decode()


def test_a_hand_made_cursor_is_ignored(
    agent_client: Client, service: Service, seven: list[Dossier]
) -> None:
    response = agent_client.get(f"/backoffice/dossiers/queue/{service.code}/", {"after": "x_y_z"})
    assert response.status_code == 200
    assert Cursor.decode("x_y_z") is None
    assert Cursor.decode("2_1_1") is None
    assert len(response.context["page"].rows) == 7
