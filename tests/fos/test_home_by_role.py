"""Where "/" (LOGIN_REDIRECT_URL) takes each person after signing in: staff to the back office,
members to their dashboard, everyone else to the public home."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import ADMINISTRATORS
from tests.factories import UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def test_login_redirects_to_home() -> None:
    assert reverse(settings.LOGIN_REDIRECT_URL) == "/"


@pytest.mark.parametrize("persona", ["agent_user", "supervisor_user", "admin_user"])
def test_it_sends_staff_to_the_back_office(
    client: Client, persona: str, request: pytest.FixtureRequest
) -> None:
    login_staff(client, request.getfixturevalue(persona))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:home")
    assert client.get(response["Location"]).status_code == 200


def test_it_sends_an_administrator_who_is_not_superuser_to_the_back_office(
    client: Client,
) -> None:
    administrator = UserFactory.create(username="administrator", is_staff=True)
    administrator.groups.add(Group.objects.get(name=ADMINISTRATORS))
    login_staff(client, administrator)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:home")


def test_it_shows_a_member_their_dashboard(member_client: Client, ready_member: User) -> None:
    response = member_client.get("/")
    assert response.status_code == 200
    assert "dossiers/includes/dashboard_main.html" in [t.name for t in response.templates]


def test_it_shows_the_public_home_to_a_visitor(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "home.html" in [t.name for t in response.templates]
