"""JSON nested a thousand levels deep is a 400 with a message (fos/parsers.py), never a
RecursionError turned 500, on the endpoints anyone can reach without signing in."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from fos.parsers import MAX_DEPTH, depth_exceeds

pytestmark = pytest.mark.django_db
OPEN_ENDPOINTS = ["api_token", "api_register", "api_password_reset"]


def nested(depth: int, *, opener: str = "[", closer: str = "]") -> str:
    return opener * depth + closer * depth


def dict_nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


@pytest.mark.parametrize("name", OPEN_ENDPOINTS)
@pytest.mark.parametrize("body", [nested(1000), dict_nested(1000), nested(100_000)])
def test_it_refuses_a_body_nested_a_thousand_deep(name: str, body: str) -> None:
    response = APIClient().post(reverse(name), body, content_type="application/json")
    assert response.status_code == 400
    assert "imbriqué" in response.json()["detail"]


@pytest.mark.parametrize("name", OPEN_ENDPOINTS)
def test_it_says_so_in_the_readers_language(name: str) -> None:
    response = APIClient().post(
        reverse(name), dict_nested(1000), content_type="application/json", HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert response.status_code == 400
    assert response["Content-Language"] == "ar"
    with translation.override("ar"):
        expected = gettext("Le corps de la requête est imbriqué sur plus de %(depth)s niveaux.")
    assert response.json()["detail"] == expected % {"depth": MAX_DEPTH}


@pytest.mark.parametrize("name", OPEN_ENDPOINTS)
def test_it_refuses_broken_json_with_a_message(name: str) -> None:
    response = APIClient().post(reverse(name), '{"matricule": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Le corps de la requête n'est pas un JSON valide."


def test_the_limit_is_counted_without_recursion() -> None:
    deep: list[object] = []
    for _level in range(200_000):
        deep = [deep]
    assert depth_exceeds(deep)
    assert not depth_exceeds(eval(nested(MAX_DEPTH)))  # noqa: S307 - a literal of brackets
    assert depth_exceeds(eval(nested(MAX_DEPTH + 1)))  # noqa: S307
