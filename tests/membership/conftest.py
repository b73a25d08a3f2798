"""Member data and membership tests use the shared personas of tests/conftest.py (ready_member,
member_client, other_ready_member, agent_client, supervisor_client); files land in a media
folder of their own per test, never in var/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from registry.models import Member
from tests.helpers import login_staff


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def me(ready_member: User) -> Member:
    assert ready_member.member is not None
    return ready_member.member


@pytest.fixture
def other(other_ready_member: User) -> Member:
    assert other_ready_member.member is not None
    return other_ready_member.member


@pytest.fixture
def other_member_client(other_ready_member: User) -> Client:
    client = Client()
    client.force_login(other_ready_member)
    return client


@pytest.fixture
def agent_client(agent_user: User) -> Client:
    """Its own browser, so that a test can act as the member and the agent in turn."""
    return login_staff(Client(), agent_user)


@pytest.fixture
def second_agent_client(agent_of_other_service: User) -> Client:
    return login_staff(Client(), agent_of_other_service)
