"""A member's first steps in a real browser, in French and in Arabic, with a screenshot of each:
register -> activation email -> set password -> log in -> accept terms -> change password."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from registry.models import Member
from tests.factories import MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FIRST_PASSWORD = "Palmier-du-Sud-2026"
NEW_PASSWORD = "Cedre-de-l-Atlas-2027"


def fill_captcha(page: Any) -> None:
    # CAPTCHA_TEST_MODE (test settings only) accepts the fixed answer.
    page.fill("input[name=captcha_1]", "PASSED")


def register(page: Any, url: str, member: Member) -> None:
    page.goto(url + "/accounts/register/")
    page.fill("input[name=matricule]", member.matricule)
    page.fill("input[name=cin]", member.cin)
    page.select_option("select[name=position]", member.position)
    page.fill("input[name=email]", member.professional_email)
    fill_captcha(page)


def link_in_last_email() -> str:
    body = str(mail.outbox[-1].body)
    match = re.search(r"https?://\S+/accounts/link/\S+/", body)
    assert match, body
    return match.group(0)


def submit(page: Any) -> None:
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_member_registers_and_reaches_the_portal(
    live_server: Any, phone: Any, shoot: Any, language: str, mailoutbox: list[Any]
) -> None:
    member = MemberFactory.create()
    phone.goto(live_server.url + "/")
    if phone.get_attribute("html", "lang") != language:
        phone.locator(f"button[name=language][value={language}]").click()
    phone.wait_for_selector(f"html[lang={language}]")

    register(phone, live_server.url, member)
    shoot(phone, f"account-1-register-{language}")
    submit(phone)
    assert len(mailoutbox) == 1
    shoot(phone, f"account-2-link-sent-{language}")

    phone.goto(link_in_last_email())
    phone.fill("input[name=new_password1]", FIRST_PASSWORD)
    phone.fill("input[name=new_password2]", FIRST_PASSWORD)
    shoot(phone, f"account-3-set-password-{language}")
    submit(phone)

    phone.goto(live_server.url + "/accounts/login/")
    phone.fill("input[name=username]", member.matricule)
    phone.fill("input[name=password]", FIRST_PASSWORD)
    fill_captcha(phone)
    shoot(phone, f"account-4-login-{language}")
    submit(phone)

    assert phone.url.endswith("/accounts/terms/")
    assert phone.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    shoot(phone, f"account-5-terms-{language}")
    phone.locator("main form button[type=submit]").last.click()
    phone.wait_for_load_state()

    assert "/accounts/password/change/" in phone.url
    phone.fill("input[name=old_password]", FIRST_PASSWORD)
    phone.fill("input[name=new_password1]", NEW_PASSWORD)
    phone.fill("input[name=new_password2]", NEW_PASSWORD)
    shoot(phone, f"account-6-change-password-{language}")
    submit(phone)

    phone.goto(live_server.url + "/")
    assert phone.url == live_server.url + "/"
    shoot(phone, f"account-7-home-{language}")
    assert member.last_name in phone.inner_text("header") or (
        member.last_name_ar in phone.inner_text("header")
    )
