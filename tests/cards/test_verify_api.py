"""GET /api/v1/verify/<token>/ for partners: no login, throttled, documented."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
import yaml
from django.conf import settings as django_settings
from django.test import Client
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from accounts.models import User
from cards.services import issue_card, revoke_card
from cards.tokens import card_token
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_it_answers_each_status(client: Client, admin_user: User, supervisor_user: User) -> None:
    card = issue_card(member=MemberFactory.create(), actor=admin_user)
    token = card_token(card)
    valid = client.get(f"/api/v1/verify/{token}/").json()
    assert valid["status"] == "valid"
    assert valid["name_ar"] == f"{card.member.first_name_ar} {card.member.last_name_ar}"
    revoke_card(card=card, reason="Carte perdue", actor=supervisor_user)
    assert client.get(f"/api/v1/verify/{token}/").json()["status"] == "revoked"


def test_it_ignores_a_session_and_a_token(member_client: Client, admin_user: User) -> None:
    card = issue_card(member=MemberFactory.create(), actor=admin_user)
    response = member_client.get(
        f"/api/v1/verify/{card_token(card)}/", HTTP_AUTHORIZATION="Token nonsense"
    )
    assert response.status_code == 200


def test_it_is_throttled(client: Client) -> None:
    with mock.patch.object(ScopedRateThrottle, "THROTTLE_RATES", {"card_verify": "3/minute"}):
        codes = [client.get("/api/v1/verify/forged/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_the_default_rate_is_set() -> None:
    assert api_settings.DEFAULT_THROTTLE_RATES["card_verify"] == "60/minute"


def test_it_is_in_the_committed_schema() -> None:
    schema = yaml.safe_load(
        (Path(django_settings.BASE_DIR) / "docs" / "api" / "openapi.yaml").read_text()
    )
    operation = schema["paths"]["/api/v1/verify/{token}/"]["get"]
    assert operation["security"] == [{}] or operation.get("security") in ([], [{}])
    assert operation["tags"] == ["verification"]
