"""An id in a URL past the database's integers, negative, zero or not a number is a 404, never a
500: every route takes its ids through ``<id:...>`` (fos/converters.py), which does not match
them. SQLite raised OverflowError on 2**63 wherever the id went through a foreign key or an
``__in``; PostgreSQL compared it; the converter makes both answer the same."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from accounts.models import User
from fos.converters import IdConverter

pytestmark = pytest.mark.django_db

# Routes whose files belong to another part of the work (issue 12): they still take <int:...>.
NOT_YET = {
    "card/statement/<int:year>/",  # a year, not an id (cards/urls.py)
    "backoffice/cards/<int:pk>/revoke/",  # cards/backoffice_urls.py
    # django-otp's admin: the id only meets ``get(pk=...)``, which Django bounds itself.
    "admin/otp_totp/totpdevice/<int:pk>/qrcode/",
    "admin/otp_totp/totpdevice/<int:pk>/config/",
}
# The admin site answers every address it does not match itself (its catch-all view): the login
# page or the change list, never a 500.
ADMIN_ANSWERS = {302, 403, 404}
ODD_IDS = [str(2**63), str(2**64), "9" * 30, "0", "-1", "1e3", "abc", "%C2%B2"]


def routes(
    patterns: list[URLPattern | URLResolver] | None = None, prefix: str = ""
) -> Iterator[tuple[str, dict[str, object]]]:
    """Every route of the portal as its path template, with its converters."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = getattr(entry.pattern, "_route", None)
        if route is None:  # the admin's regex routes
            continue
        converters = dict(entry.pattern.converters)
        if isinstance(entry, URLResolver):
            for inner, inner_converters in routes(entry.url_patterns, prefix + str(route)):
                yield inner, {**converters, **inner_converters}
        else:
            yield prefix + str(route), converters


def id_routes() -> list[str]:
    return sorted(
        route
        for route, converters in routes()
        if any(isinstance(c, IdConverter) for c in converters.values())
    )


def test_every_id_in_a_route_is_bounded() -> None:
    unbounded = {
        route
        for route, converters in routes()
        if any(isinstance(c, IntConverter) for c in converters.values())
    }
    assert unbounded <= NOT_YET, "use <id:...> (fos/converters.py) for an id in a URL"
    assert len(id_routes()) > 40


def _fill(route: str, value: str) -> str:
    return "/" + re.sub(r"<id:\w+>", value, re.sub(r"<(str|slug):\w+>", "x", route))


@pytest.mark.parametrize("value", ODD_IDS)
def test_an_odd_id_is_a_404_for_a_member(member_client: Client, value: str) -> None:
    for route in id_routes():
        # The back office's gate answers a member before any route is matched.
        expected = {403} if route.startswith("backoffice/") else {404}
        if route.startswith("admin/"):
            expected = ADMIN_ANSWERS
        for method in (member_client.get, member_client.post):
            response = method(_fill(route, value))
            assert response.status_code in expected, (route, value, response.status_code)


@pytest.mark.parametrize("value", [str(2**63), "0"])
def test_an_odd_id_is_a_404_for_staff(admin_client: Client, admin_user: User, value: str) -> None:
    for route in id_routes():
        expected = ADMIN_ANSWERS if route.startswith("admin/") else {404}
        response = admin_client.get(_fill(route, value))
        assert response.status_code in expected, (route, value, response.status_code)


def test_the_largest_id_is_still_an_id() -> None:
    converter = IdConverter()
    assert converter.to_python(str(2**63 - 1)) == 2**63 - 1
    for value in (str(2**63), "0"):
        with pytest.raises(ValueError):
            converter.to_python(value)
    assert converter.to_url(12) == "12"
