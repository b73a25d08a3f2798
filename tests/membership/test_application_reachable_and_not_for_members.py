"""The membership request is reachable from the home and login pages, and an active member is
told at once that there is nothing to request (issue 13, item 8)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from membership.models import MembershipApplication
from registry.models import MembershipStatus, Position
from tests.factories import MemberFactory
from tests.membership.helpers import application_form

pytestmark = pytest.mark.django_db
URL = "/membership/apply/"


@pytest.mark.parametrize("page", ["home", "login"])
def test_it_is_linked_from_the_home_and_login_pages(client: Client, page: str) -> None:
    html = client.get(reverse(page)).content.decode()
    assert f'href="{URL}"' in html


def test_it_refuses_the_matricule_of_an_active_member_with_a_clear_message(
    client: Client, run_on_commit: Any
) -> None:
    MemberFactory.create(
        matricule="812345",
        cin="JA112233",
        position=Position.RETIRED,
        pension_number="P778899",
        membership_status=MembershipStatus.MEMBER,
    )
    response = run_on_commit(client.post, URL, application_form())
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce matricule est déjà celui d&#x27;un adhérent de la Fondation" in html
    assert f'href="{reverse("register")}"' in html
    assert f'href="{reverse("login")}"' in html
    assert not MembershipApplication.objects.exists()


def test_it_speaks_arabic_to_an_arabic_reader(client: Client, run_on_commit: Any) -> None:
    MemberFactory.create(matricule="812345", cin="JA112233")
    client.cookies["fos_language"] = "ar"
    response = run_on_commit(client.post, URL, application_form())
    assert response.status_code == 400
    assert 'lang="ar" dir="rtl"' in response.content.decode()
    assert not MembershipApplication.objects.exists()


@pytest.mark.parametrize("status", [MembershipStatus.NOT_MEMBER, MembershipStatus.ENDED])
def test_it_accepts_a_former_or_never_member(
    client: Client, run_on_commit: Any, status: str
) -> None:
    MemberFactory.create(
        matricule="812345",
        cin="JA112233",
        position=Position.RETIRED,
        pension_number="P778899",
        membership_status=status,
    )
    response = run_on_commit(client.post, URL, application_form())
    assert response.status_code == 302
    assert MembershipApplication.objects.get().member is not None


def test_it_does_not_tell_who_is_a_member_from_the_matricule_alone(
    client: Client, run_on_commit: Any
) -> None:
    """Another CIN: the application goes on to the agent, who sees the conflict."""
    MemberFactory.create(matricule="812345", cin="XX999999")
    response = run_on_commit(client.post, URL, application_form())
    assert response.status_code == 302
    assert MembershipApplication.objects.get().member is None
