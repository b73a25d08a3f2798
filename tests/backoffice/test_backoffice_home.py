import pytest
from django.test import Client

from accounts.models import User
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def test_it_sends_an_anonymous_visitor_to_the_login_page(client: Client) -> None:
    response = client.get("/backoffice/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_refuses_a_member(member_client: Client) -> None:
    assert member_client.get("/backoffice/").status_code == 403


def test_it_asks_staff_for_the_second_factor_first(client: Client, agent_user: User) -> None:
    client.force_login(agent_user)
    response = client.get("/backoffice/")
    assert response.status_code == 302
    assert "/accounts/otp/" in response["Location"]


def test_it_shows_an_agent_the_sections_without_configuration(agent_client: Client) -> None:
    response = agent_client.get("/backoffice/")
    assert response.status_code == 200
    assert "Espace de gestion" in response.content.decode()
    assert "Configuration" not in response.content.decode()


def test_it_shows_a_supervisor_the_configuration(supervisor_client: Client) -> None:
    assert "Configuration" in supervisor_client.get("/backoffice/").content.decode()


def test_staff_land_on_the_back_office_from_the_home_page(client: Client, agent_user: User) -> None:
    login_staff(client, agent_user)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/backoffice/"
