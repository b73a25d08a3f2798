"""One address may send only so many membership applications in a window."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from fos import ratelimit
from membership.constants import RATE_SETTINGS
from membership.models import MembershipApplication
from tests.membership.helpers import application_form as form

URL = "/membership/apply/"

pytestmark = pytest.mark.django_db


def test_it_stops_an_address_after_the_allowed_applications(
    client: Client, settings: Any, run_on_commit: Any
) -> None:
    settings.MEMBERSHIP_APPLY_RATE = "2/hour"
    for matricule in ("900001", "900002"):
        response = run_on_commit(client.post, URL, form(matricule=matricule))
        assert response.status_code == 302
    response = run_on_commit(client.post, URL, form(matricule="900003"))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert MembershipApplication.objects.count() == 2


def test_another_address_is_not_stopped(client: Client, settings: Any, run_on_commit: Any) -> None:
    settings.MEMBERSHIP_APPLY_RATE = "1/hour"
    run_on_commit(client.post, URL, form(matricule="900001"))
    response = run_on_commit(client.post, URL, form(matricule="900002"), REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 302


def test_a_malformed_rate_is_refused(settings: Any) -> None:
    settings.MEMBERSHIP_APPLY_RATE = "often"
    with pytest.raises(ImproperlyConfigured, match="MEMBERSHIP_APPLY_RATE"):
        ratelimit.check_rates(*RATE_SETTINGS)
