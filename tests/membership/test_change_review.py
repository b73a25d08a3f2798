"""The agent's page of a request: registry and proposal side by side, the documents, the
history; a request the registry no longer allows is refused with the reason, not applied."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from membership.constants import ChangeKind, ChangeStatus
from membership.services import request_change
from registry.models import Member, SchoolLevel
from tests.factories import ChildFactory
from tests.membership.factories import AddChildFactory, RibChangeFactory
from tests.membership.helpers import a_pdf

pytestmark = pytest.mark.django_db


def test_it_shows_the_registry_beside_the_proposal(agent_client: Client, me: Member) -> None:
    change = RibChangeFactory.create(member=me)
    html = agent_client.get(reverse("backoffice_change", args=[change.pk])).content.decode()
    assert me.rib in html
    assert change.proposed["rib"] in html
    assert "compare-changed" in html
    assert "Au registre aujourd" in html
    assert 'value="approve"' in html and 'value="reject"' in html


def test_once_approved_it_shows_the_values_before(
    agent_client: Client, me: Member, run_on_commit: Any
) -> None:
    change = RibChangeFactory.create(member=me)
    old = me.rib
    url = reverse("backoffice_change", args=[change.pk])
    run_on_commit(agent_client.post, url, {"action": "approve"})
    html = agent_client.get(url).content.decode()
    assert old in html
    assert "Avant" in html
    assert 'value="approve"' not in html
    assert "agent.one" in html  # who decided, in the history


def test_a_correction_of_a_child_removed_since_is_not_applied(
    agent_client: Client, ready_member: User, me: Member
) -> None:
    child = ChildFactory.create(member=me)
    change = request_change(
        member=me,
        user=ready_member,
        kind=ChangeKind.UPDATE_CHILD,
        data={"school_level": SchoolLevel.NONE, "first_name": "Adam"},
        child=child,
        uploads={"birth_certificate": a_pdf()},
    )
    child.delete()
    response = agent_client.post(
        reverse("backoffice_change", args=[change.pk]), {"action": "approve"}
    )
    assert response.status_code == 400
    assert "ne peut plus être appliquée" in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING


def test_an_addition_that_became_a_duplicate_is_not_applied(
    agent_client: Client, me: Member
) -> None:
    change = AddChildFactory.create(member=me)
    ChildFactory.create(
        member=me, first_name=change.proposed["first_name"], birth_date="2015-04-02"
    )
    response = agent_client.post(
        reverse("backoffice_change", args=[change.pk]), {"action": "approve"}
    )
    assert response.status_code == 400
    assert "Cet enfant figure déjà au registre." in response.content.decode()
    assert me.children.count() == 1


def test_the_member_page_reads_right_to_left_in_arabic(member_client: Client, me: Member) -> None:
    RibChangeFactory.create(member=me)
    member_client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    html = member_client.get(reverse("member_info")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert me.matricule in html
