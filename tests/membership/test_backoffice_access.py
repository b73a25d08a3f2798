"""The back-office pages are the staff's: members get 403, visitors the login page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backoffice.sections import SECTIONS
from membership.constants import ChangeStatus
from registry.models import Member
from tests.membership.factories import MembershipApplicationFactory, RibChangeFactory

pytestmark = pytest.mark.django_db


def _urls(me: Member) -> list[str]:
    change = RibChangeFactory.create(member=me)
    application = MembershipApplicationFactory.create()
    kept = application.files.first()
    assert kept is not None
    return [
        reverse("backoffice_changes"),
        reverse("backoffice_change", args=[change.pk]),
        reverse("backoffice_applications"),
        reverse("backoffice_application", args=[application.pk]),
        reverse("backoffice_application_file", args=[application.pk, kept.pk]),
    ]


def test_members_get_403_on_every_back_office_page(member_client: Client, me: Member) -> None:
    urls = _urls(me)
    for url in urls:
        assert member_client.get(url).status_code == 403, url
    assert member_client.post(urls[1], {"action": "approve"}).status_code == 403
    assert me.change_requests.filter(status=ChangeStatus.APPROVED).count() == 0


def test_visitors_are_sent_to_the_login_page(client: Client, me: Member) -> None:
    for url in _urls(me):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_agents_see_the_sections_on_the_back_office_home(agent_client: Client) -> None:
    html = agent_client.get("/backoffice/").content.decode()
    assert "Modifications de données" in html
    assert "Demandes d&#x27;adhésion" in html
    assert {"backoffice_changes", "backoffice_applications"} <= {s.url_name for s in SECTIONS}


def test_agents_open_the_supporting_documents(agent_client: Client, me: Member) -> None:
    change = RibChangeFactory.create(member=me)
    document = change.attachments.get().document
    html = agent_client.get(reverse("backoffice_change", args=[change.pk])).content.decode()
    assert reverse("document_file", args=[document.pk]) in html
    response = agent_client.get(reverse("document_file", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_agents_open_an_applications_files_safely(agent_client: Client) -> None:
    application = MembershipApplicationFactory.create()
    kept = application.files.first()
    assert kept is not None
    response = agent_client.get(
        reverse("backoffice_application_file", args=[application.pk, kept.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-store"
    other = MembershipApplicationFactory.create()
    url = reverse("backoffice_application_file", args=[other.pk, kept.pk])
    assert agent_client.get(url).status_code == 404
