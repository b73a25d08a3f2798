"""Staff only: members are refused; an agent sees the services assigned to them, a supervisor
every service."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from backoffice.models import AgentAssignment
from tests.reports.conftest import KnownSet

pytestmark = pytest.mark.django_db
URLS = [
    "/backoffice/reports/",
    "/backoffice/reports/export/services.csv",
    "/backoffice/reports/export/statuses.csv",
    "/backoffice/reports/export/xlsx",
]


def test_it_refuses_members(member_client: Client) -> None:
    for url in URLS:
        assert member_client.get(url).status_code == 403


def test_it_sends_visitors_to_the_login_page(client: Client) -> None:
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_an_agent_sees_only_their_services(
    agent_client: Client, agent_user: User, known: KnownSet
) -> None:
    AgentAssignment.objects.create(user=agent_user, service=known.loan)

    response = agent_client.get("/backoffice/reports/?year=2025")

    services = [row.service for row in response.context["stats"].services]
    assert services == [known.loan]
    assert response.context["stats"].total.files == 2


def test_a_supervisor_sees_every_service(supervisor_client: Client, known: KnownSet) -> None:
    response = supervisor_client.get("/backoffice/reports/?year=2025")

    services = {row.service for row in response.context["stats"].services}
    assert services == {known.aid, known.loan}
    assert known.camp in response.context["stats"].idle
    assert response.context["stats"].total.files == 6
