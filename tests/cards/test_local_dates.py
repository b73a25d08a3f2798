"""The portal speaks Morocco's time: in the first hour after local midnight (23:00-00:00 UTC)
the dates and years shown and numbered are the local day's, never UTC's (issue 12, item 10)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from accounts.models import User
from cards.services import issue_card
from cards.tokens import attestation_token, card_token
from tests.cards.factories import AttestationFactory
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

# 00:30 on New Year's Day in Casablanca (UTC+1): UTC is still on the last day of the old year.
NEW_YEAR_NIGHT = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)


def test_the_attestation_page_shows_the_local_day(client: Client) -> None:
    with time_machine.travel(NEW_YEAR_NIGHT, tick=False):
        attestation = AttestationFactory.create(member=MemberFactory.create())
        body = client.get(f"/verify/attestation/{attestation_token(attestation)}/").content.decode()
    assert "01/01/2027" in body
    assert "31/12/2026" not in body


def test_a_card_issued_after_local_midnight_is_numbered_and_dated_in_the_local_year(
    client: Client, admin_user: User
) -> None:
    with time_machine.travel(NEW_YEAR_NIGHT, tick=False):
        card = issue_card(member=MemberFactory.create(), actor=admin_user)
        body = client.get(f"/verify/{card_token(card)}/").content.decode()
    assert card.number.startswith("FOS-2027-")
    assert card.valid_until.year > 2027
    assert card.valid_until.strftime("%d/%m/%Y") in body
    assert card.valid_until.strftime("%m-%d") == "01-01"
