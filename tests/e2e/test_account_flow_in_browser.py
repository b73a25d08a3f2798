"""A member's first steps in a real browser, in French and in Arabic, with a screenshot of each:
register -> activation email -> set password -> log in -> accept terms -> change password."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e.flows import Camera, Shoot, join_the_portal
from tests.factories import MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FIRST_PASSWORD = "Palmier-du-Sud-2026"
NEW_PASSWORD = "Cedre-de-l-Atlas-2027"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_member_registers_and_reaches_the_portal(
    live_server: Any, phone: Page, shoot: Shoot, language: str
) -> None:
    member = MemberFactory.create()
    camera = Camera(shoot, "account-{number}-{step}-{language}", language)
    join_the_portal(
        phone,
        live_server.url,
        member,
        camera,
        language=language,
        first_password=FIRST_PASSWORD,
        new_password=NEW_PASSWORD,
    )

    phone.goto(live_server.url + "/")
    assert phone.url == live_server.url + "/"
    camera(phone, "home")
    assert camera.names[-1] == f"account-7-home-{language}"
    assert member.last_name in phone.inner_text("header") or (
        member.last_name_ar in phone.inner_text("header")
    )
