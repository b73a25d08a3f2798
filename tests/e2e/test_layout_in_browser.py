"""The base layout in a real browser: a 360 px phone, Arabic right-to-left, keyboard only."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def overflows_horizontally(page: Any) -> bool:
    return bool(
        page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    )


def test_it_fits_a_360px_phone_in_french_and_arabic(
    live_server: Any, phone: Any, shoot: Any
) -> None:
    phone.goto(live_server.url + "/")
    assert phone.get_attribute("html", "dir") == "ltr"
    assert not overflows_horizontally(phone)
    shoot(phone, "layout-home-fr-360")

    phone.locator("button[name=language][value=ar]").click()
    phone.wait_for_selector("html[dir=rtl]")
    assert phone.get_attribute("html", "lang") == "ar"
    assert "فضاء المنخرط" in phone.inner_text("main")
    assert not overflows_horizontally(phone)
    shoot(phone, "layout-home-ar-360")


def test_arabic_lays_the_header_out_from_the_right(live_server: Any, phone: Any) -> None:
    phone.goto(live_server.url + "/")
    phone.locator("button[name=language][value=ar]").click()
    phone.wait_for_selector("html[dir=rtl]")
    brand = phone.locator(".brand").bounding_box()
    assert brand["x"] + brand["width"] > 360 / 2, "the brand should start on the right in Arabic"


def test_the_keyboard_reaches_the_skip_link_then_the_content(live_server: Any, phone: Any) -> None:
    phone.goto(live_server.url + "/")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.className") == "skip-link"
    assert phone.locator(".skip-link").is_visible()
    phone.keyboard.press("Enter")
    assert phone.evaluate("location.hash") == "#main"


def test_the_language_choice_survives_a_new_page(live_server: Any, phone: Any) -> None:
    phone.goto(live_server.url + "/")
    phone.locator("button[name=language][value=ar]").click()
    phone.wait_for_selector("html[dir=rtl]")
    phone.goto(live_server.url + "/accounts/login/")
    assert phone.get_attribute("html", "dir") == "rtl"
