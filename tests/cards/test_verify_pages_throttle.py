"""The /verify/ web pages are limited like their API (issue 12, item 7): the same allowance
(DRF scope card_verify) per address, shared by the pages and the API, answered past it by a 429
page in the reader's language with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from rest_framework.throttling import ScopedRateThrottle

pytestmark = pytest.mark.django_db

CARD = "/verify/forged-token/"
ATTESTATION = "/verify/attestation/forged-token/"
PHOTO = "/verify/forged-token/photo/"


@pytest.fixture(autouse=True)
def three_a_minute(settings: Any) -> Iterator[None]:
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "card_verify": "3/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    with mock.patch.object(ScopedRateThrottle, "THROTTLE_RATES", rates):
        yield


def test_it_answers_429_past_the_allowance_with_retry_after(client: Client) -> None:
    codes = [client.get(CARD).status_code for _ in range(3)]
    refused = client.get(CARD)
    assert codes == [404, 404, 404]  # a forged token: "not recognised", counted all the same
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    body = refused.content.decode()
    assert "Trop de vérifications" in body
    assert "Réessayez dans 1 minute." in body
    assert "no-store" in refused["Cache-Control"]
    assert refused["X-Robots-Tag"] == "noindex, nofollow"


def test_the_attestation_page_and_the_photo_share_the_allowance(client: Client) -> None:
    assert client.get(CARD).status_code == 404
    assert client.get(ATTESTATION).status_code == 404
    assert client.get(PHOTO).status_code == 404
    assert client.get(ATTESTATION).status_code == 429
    assert client.get(PHOTO).status_code == 429


def test_the_pages_and_the_api_share_one_allowance(client: Client) -> None:
    assert client.get(CARD).status_code == 404
    assert client.get(ATTESTATION).status_code == 404
    assert client.get("/api/v1/verify/forged-token/").status_code == 200
    assert client.get(CARD).status_code == 429
    assert client.get("/api/v1/verify/forged-token/").status_code == 429


def test_the_page_speaks_the_reader_s_language(client: Client) -> None:
    for _ in range(3):
        client.get(CARD, HTTP_ACCEPT_LANGUAGE="ar")
    refused = client.get(CARD, HTTP_ACCEPT_LANGUAGE="ar")
    assert refused.status_code == 429
    assert '<html lang="ar" dir="rtl">' in refused.content.decode()


def test_another_address_keeps_its_own_allowance(client: Client) -> None:
    for _ in range(4):
        client.get(CARD, REMOTE_ADDR="192.0.2.1")
    assert client.get(CARD, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get(CARD, REMOTE_ADDR="192.0.2.2").status_code == 404


def test_a_forwarded_for_header_of_the_client_s_choosing_buys_no_new_allowance(
    client: Client,
) -> None:
    codes = [client.get(CARD, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(4)]
    assert codes == [404, 404, 404, 429]


def test_the_api_buys_no_new_allowance_with_a_forwarded_for_header_either(
    client: Client,
) -> None:
    codes = [
        client.get("/api/v1/verify/forged/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]
