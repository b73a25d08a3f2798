"""Who may open what: an agent only their services (403 on another queue, 404 on its dossiers),
supervisors every service, members nothing under /backoffice/."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from catalog.models import Service
from dossiers.models import Dossier
from tests.backoffice.helpers import act, sent_dossier
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def test_it_opens_the_assigned_service_queue_and_dossier(
    agent_client: Client, dossier: Dossier, service: Service
) -> None:
    assert agent_client.get(f"/backoffice/dossiers/queue/{service.code}/").status_code == 200
    assert agent_client.get(f"/backoffice/dossiers/{dossier.pk}/").status_code == 200


def test_it_refuses_the_queue_of_a_service_that_is_not_the_agents(
    client: Client, agent_of_other_service: User, service: Service, assigned: None
) -> None:
    login_staff(client, agent_of_other_service)
    assert client.get(f"/backoffice/dossiers/queue/{service.code}/").status_code == 403
    assert client.get(f"/backoffice/dossiers/?service={service.code}").status_code == 403


def test_it_hides_the_dossiers_of_a_service_that_is_not_the_agents(
    client: Client, agent_of_other_service: User, dossier: Dossier
) -> None:
    login_staff(client, agent_of_other_service)
    attachment_url = f"/backoffice/dossiers/{dossier.pk}/files/1/"
    assert client.get(f"/backoffice/dossiers/{dossier.pk}/").status_code == 404
    assert client.get(attachment_url).status_code == 404
    assert act(client, dossier, "take").status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == "submitted"


def test_an_agent_without_any_assignment_sees_no_service(
    client: Client, staff_user: User, dossier: Dossier, service: Service
) -> None:
    login_staff(client, staff_user)
    page = client.get("/backoffice/dossiers/")
    assert page.status_code == 200
    assert "Aucune prestation ne vous est confiée" in page.content.decode()
    assert client.get(f"/backoffice/dossiers/queue/{service.code}/").status_code == 403
    assert client.get(f"/backoffice/dossiers/{dossier.pk}/").status_code == 404


def test_a_supervisor_sees_every_service(
    supervisor_client: Client, dossier: Dossier, other_service: Service
) -> None:
    queue = f"/backoffice/dossiers/queue/{other_service.code}/"
    assert supervisor_client.get(queue).status_code == 200
    assert supervisor_client.get(f"/backoffice/dossiers/{dossier.pk}/").status_code == 200


def test_an_unknown_service_or_dossier_is_not_found(supervisor_client: Client) -> None:
    assert supervisor_client.get("/backoffice/dossiers/queue/NOPE/").status_code == 404
    assert supervisor_client.get("/backoffice/dossiers/999999/").status_code == 404


def test_a_draft_is_never_shown_to_staff(
    supervisor_client: Client, ready_member: User, service: Service
) -> None:
    from tests.dossiers.factories import DossierFactory

    draft = DossierFactory.create(member=ready_member.member, service=service)
    assert supervisor_client.get(f"/backoffice/dossiers/{draft.pk}/").status_code == 404


def test_members_get_403_everywhere_in_the_back_office(
    member_client: Client, dossier: Dossier, service: Service
) -> None:
    for url in (
        "/backoffice/",
        "/backoffice/dossiers/",
        f"/backoffice/dossiers/queue/{service.code}/",
        f"/backoffice/dossiers/{dossier.pk}/",
        f"/backoffice/dossiers/{dossier.pk}/files/1/",
        "/backoffice/audit/",
    ):
        assert member_client.get(url).status_code == 403, url
    assert act(member_client, dossier, "take").status_code == 403
    dossier.refresh_from_db()
    assert dossier.status == "submitted"


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, dossier: Dossier) -> None:
    response = client.get(f"/backoffice/dossiers/{dossier.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_agent_of_another_service_cannot_act_through_the_service_either(
    agent_of_other_service: User, dossier: Dossier
) -> None:
    from backoffice.services import take_in_review
    from dossiers.errors import TransitionError

    with pytest.raises(TransitionError):
        take_in_review(
            dossier=dossier, user=agent_of_other_service, expected_version=dossier.version
        )


def test_the_queue_index_lists_only_the_agents_services(
    agent_client: Client, service: Service, other_service: Service, ready_member: User,
    assigned: None,
) -> None:  # fmt: skip
    sent_dossier(ready_member, service)
    content = agent_client.get("/backoffice/dossiers/").content.decode()
    assert service.name_fr in content
    assert other_service.name_fr not in content
