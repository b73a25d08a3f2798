"""The account pages show what an API client or a member chose, isolated (issue 12, item 8): a
device name chosen at sign-in and the member's own name reverse nothing around them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken, User
from tests.security.bidi import assert_isolated, spoof

pytestmark = pytest.mark.django_db


def test_the_devices_page_isolates_a_device_name_an_api_client_chose(
    client: Client, ready_member: User
) -> None:
    ApiToken.objects.create(ready_member, device=spoof("device"))
    client.force_login(ready_member)
    page = client.get(reverse("devices")).content.decode()
    assert_isolated(page, "device")


def test_the_account_page_isolates_the_member_s_name(client: Client, ready_member: User) -> None:
    assert ready_member.member is not None
    ready_member.member.first_name = spoof("name")
    ready_member.member.save()
    client.force_login(ready_member)
    page = client.get(reverse("account")).content.decode()
    assert_isolated(page, "name")
