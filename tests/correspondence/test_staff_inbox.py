"""The back office's inbox: staff only, oldest first, filters, search and counts per status."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from catalog.models import Service
from correspondence.constants import LetterStatus
from correspondence.models import Letter
from tests.correspondence.factories import LetterFactory, VisitorLetterFactory

pytestmark = pytest.mark.django_db
INBOX = "/backoffice/mail/"


def listed(client: Client, **params: str) -> list[Letter]:
    response = client.get(INBOX, params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_it_lives_in_the_back_office_and_is_a_section(agent_client: Client) -> None:
    assert reverse("backoffice_mail_inbox") == INBOX
    home = agent_client.get(reverse("backoffice:home")).content.decode()
    assert "Bureau d&#x27;ordre" in home and INBOX in home


def test_members_are_refused(member_client: Client) -> None:
    assert member_client.get(INBOX).status_code == 403
    letter = LetterFactory.create()
    assert member_client.get(reverse("backoffice_mail_letter", args=[letter.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client: Client) -> None:
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_agents_see_every_letter_oldest_first(agent_client: Client) -> None:
    now = timezone.now()
    newer = LetterFactory.create(received_at=now)
    older = VisitorLetterFactory.create(received_at=now - dt.timedelta(days=3))
    assert listed(agent_client) == [older, newer]


def test_it_filters_by_status_and_counts_each_status(agent_client: Client) -> None:
    received = LetterFactory.create()
    LetterFactory.create(status=LetterStatus.CLOSED)
    LetterFactory.create(status=LetterStatus.CLOSED)
    assert listed(agent_client, status="received") == [received]
    response = agent_client.get(INBOX)
    counts = {status: count for status, _label, count in response.context["tabs"]}
    assert counts == {"received": 1, "routed": 0, "answered": 0, "closed": 2}
    assert response.context["total"] == 3


def test_it_filters_by_service(
    agent_client: Client, service: Service, other_service: Service
) -> None:
    routed = LetterFactory.create(status=LetterStatus.ROUTED, service=service)
    LetterFactory.create(status=LetterStatus.ROUTED, service=other_service)
    assert listed(agent_client, service=str(service.pk)) == [routed]


def test_it_filters_mine_and_unassigned(
    agent_client: Client, agent_user: User, agent_of_other_service: User
) -> None:
    mine = LetterFactory.create(assigned_to=agent_user)
    LetterFactory.create(assigned_to=agent_of_other_service)
    unassigned = LetterFactory.create()
    assert listed(agent_client, assignment="mine") == [mine]
    assert listed(agent_client, assignment="unassigned") == [unassigned]


def test_it_filters_by_dates(agent_client: Client) -> None:
    day = dt.datetime(2026, 3, 10, 9, 0, tzinfo=timezone.get_current_timezone())
    early = LetterFactory.create(received_at=day - dt.timedelta(days=5))
    on_day = LetterFactory.create(received_at=day)
    late = LetterFactory.create(received_at=day + dt.timedelta(days=5))
    assert listed(agent_client, received_from="2026-03-10", received_to="2026-03-10") == [on_day]
    assert listed(agent_client, received_to="2026-03-09") == [early]
    assert listed(agent_client, received_from="2026-03-11") == [late]


def test_it_ignores_a_bad_filter_value(agent_client: Client) -> None:
    letter = LetterFactory.create()
    assert listed(agent_client, received_from="not a date", status="nonsense") == [letter]


@pytest.mark.parametrize(
    "search",
    ["REFERENCE", "reference-loosely", "idriss", "zz998877", "karima.idrissi@exemple", "mutation"],
)
def test_it_searches_reference_name_cin_email_and_subject(
    agent_client: Client, search: str
) -> None:
    wanted = VisitorLetterFactory.create(
        sender_name="Karima Idrissi",
        sender_cin="ZZ998877",
        sender_email="karima.idrissi@exemple.ma",
        subject="Demande de mutation",
    )
    LetterFactory.create(subject="Autre chose")
    term = {
        "REFERENCE": wanted.reference,
        "reference-loosely": f"bo {wanted.year} {wanted.number}",
    }.get(search, search)
    assert listed(agent_client, q=term) == [wanted]


def test_it_paginates_and_keeps_the_filters(agent_client: Client) -> None:
    for _ in range(27):
        LetterFactory.create(status=LetterStatus.CLOSED)
    response = agent_client.get(INBOX, {"status": "closed"})
    assert len(response.context["page"].object_list) == 25
    assert "status=closed&amp;page=2" in response.content.decode()
    second = agent_client.get(INBOX, {"status": "closed", "page": "2"})
    assert len(second.context["page"].object_list) == 2
