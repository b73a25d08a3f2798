"""Assignments: which agent handles which service, managed in the admin, listed for supervisors."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.test import Client

from accounts.models import User
from backoffice.access import assigned_service_ids, visible_services
from backoffice.models import AgentAssignment
from catalog.models import Service

pytestmark = pytest.mark.django_db


def test_an_agent_is_assigned_once_per_service(agent_user: User, service: Service) -> None:
    AgentAssignment.objects.create(user=agent_user, service=service)
    with pytest.raises(IntegrityError):
        AgentAssignment.objects.create(user=agent_user, service=service)


def test_agents_see_their_services_and_supervisors_every_service(
    agent_user: User, supervisor_user: User, admin_user: User, service: Service,
    other_service: Service,
) -> None:  # fmt: skip
    AgentAssignment.objects.create(user=agent_user, service=service)
    assert assigned_service_ids(agent_user) == {service.pk}
    assert list(visible_services(agent_user)) == [service]
    assert assigned_service_ids(supervisor_user) is None
    assert assigned_service_ids(admin_user) is None
    assert {service, other_service} <= set(visible_services(supervisor_user))


def test_administrators_manage_assignments_in_the_admin(
    admin_client: Client, agent_user: User, service: Service
) -> None:
    response = admin_client.post(
        "/admin/backoffice/agentassignment/add/", {"user": agent_user.pk, "service": service.pk}
    )
    assert response.status_code == 302
    assert AgentAssignment.objects.filter(user=agent_user, service=service).exists()
    listing = admin_client.get("/admin/backoffice/agentassignment/", {"q": agent_user.username})
    assert service.name_fr in listing.content.decode()


def test_the_admin_offers_only_staff_accounts(
    admin_client: Client, ready_member: User, agent_user: User
) -> None:
    form = admin_client.get("/admin/backoffice/agentassignment/add/").context["adminform"].form
    choices = set(form.fields["user"].queryset)
    assert agent_user in choices
    assert ready_member not in choices


def test_supervisors_see_the_assignments_on_the_home_page(
    supervisor_client: Client, agent_user: User, service: Service
) -> None:
    AgentAssignment.objects.create(user=agent_user, service=service)
    page = supervisor_client.get("/backoffice/").content.decode()
    assert "Affectations des agents" in page
    assert service.name_fr in page
    assert agent_user.username in page


def test_agents_do_not_see_the_assignments(
    agent_client: Client, agent_user: User, service: Service
) -> None:
    AgentAssignment.objects.create(user=agent_user, service=service)
    assert "Affectations des agents" not in agent_client.get("/backoffice/").content.decode()


def test_the_admin_lists_the_back_office_configuration(admin_client: Client) -> None:
    for model in ("agentassignment", "rejectionreason", "agentalert", "auditentry"):
        assert admin_client.get(f"/admin/backoffice/{model}/").status_code == 200, model
    assert admin_client.get("/admin/backoffice/agentalert/add/").status_code == 403
