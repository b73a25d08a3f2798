"""ReDoc and Swagger UI work under the strict policy (issue 13, item 7): served from
drf-spectacular-sidecar, with the little they need allowed on their own pages only."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, set[str]]:
    parsed: dict[str, set[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = set(sources)
    return parsed


def test_redoc_is_served_from_the_portal_with_its_worker_and_styles_allowed(
    client: Client,
) -> None:
    response = client.get("/api/v1/redoc/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in html
    assert finders.find("drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js")
    assert "https://" not in html  # nothing from an outside host (no CDN, no Google Fonts)
    policy = directives(response["Content-Security-Policy"])
    assert policy["worker-src"] == {"'self'", "blob:"}
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["script-src"] == {"'self'"}
    assert policy["frame-ancestors"] == {"'none'"}


def test_swagger_ui_may_use_its_own_style_element(client: Client) -> None:
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["script-src"] == {"'self'"}


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/v1/schema/", "/nowhere/"])
def test_every_other_page_keeps_the_strict_policy(client: Client, path: str) -> None:
    policy = directives(client.get(path)["Content-Security-Policy"])
    assert policy["style-src"] == {"'self'"}
    assert policy["script-src"] == {"'self'"}
    assert "worker-src" not in policy
