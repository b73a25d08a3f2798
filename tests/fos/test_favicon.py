"""A favicon: linked from every page, and /favicon.ico (asked for by browsers whatever the page
says) leads to it instead of a 404 (issue 13, item 7)."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_static_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
    assert finders.find("favicon.ico")
    assert finders.find("favicon.svg")


def test_every_page_links_it(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.ico"' in html
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
