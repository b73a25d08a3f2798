"""Visitors' letters and wrong access codes are limited per address (MAIL_DESK_*_RATE)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from correspondence.models import Letter
from tests.correspondence.factories import VISITOR_CODE, VisitorLetterFactory
from tests.correspondence.helpers import follow, post_visitor_letter

pytestmark = pytest.mark.django_db


def test_it_limits_the_letters_sent_from_one_address(client: Client, settings: Any) -> None:
    settings.MAIL_DESK_VISITOR_RATE = "2/hour"
    assert post_visitor_letter(client).status_code == 302
    assert post_visitor_letter(Client()).status_code == 302  # a new browser, the same address
    refused = post_visitor_letter(Client(), subject="Un troisième courrier")
    assert refused.status_code == 429
    assert Letter.objects.count() == 2
    text = refused.content.decode()
    assert "Trop de courriers" in text
    assert "Un troisième courrier" in text  # nothing typed is lost


def test_another_address_is_not_limited(client: Client, settings: Any) -> None:
    settings.MAIL_DESK_VISITOR_RATE = "1/hour"
    assert post_visitor_letter(client).status_code == 302
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert post_visitor_letter(other).status_code == 302


def test_refused_letters_do_not_count(client: Client, settings: Any) -> None:
    settings.MAIL_DESK_VISITOR_RATE = "1/hour"
    assert post_visitor_letter(client, captcha_1="WRONG").status_code == 200
    assert post_visitor_letter(client).status_code == 302


def test_it_limits_wrong_access_codes_even_before_the_right_one(
    client: Client, settings: Any
) -> None:
    settings.MAIL_DESK_FOLLOW_RATE = "3/hour"
    letter = VisitorLetterFactory.create()
    for _ in range(3):
        assert follow(client, letter.reference, "AAAA-BBBB-CCCC").status_code == 200
    blocked = follow(client, letter.reference, VISITOR_CODE)
    assert blocked.status_code == 429
    assert "Trop d&#x27;essais" in blocked.content.decode()


def test_the_right_code_does_not_use_up_the_allowance(client: Client, settings: Any) -> None:
    settings.MAIL_DESK_FOLLOW_RATE = "1/hour"
    letter = VisitorLetterFactory.create()
    for _ in range(3):
        assert follow(Client(), letter.reference, VISITOR_CODE).status_code == 302
