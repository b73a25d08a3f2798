"""Mail-desk personas on top of tests/conftest.py (ready_member, other_ready_member, agent_user,
agent_of_other_service, supervisor_user): each with a browser of its own, so a test can have a
member and an agent act side by side; a service to route letters to; and a media folder per
test so no attachment lands in var/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from catalog.models import Service
from tests.helpers import login_staff


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def service(db: None) -> Service:
    found = Service.objects.filter(is_active=True).order_by("order", "pk").first()
    assert found is not None, "the default catalogue comes from a data migration"
    return found


@pytest.fixture
def other_service(service: Service) -> Service:
    found = Service.objects.filter(is_active=True).exclude(pk=service.pk).first()
    assert found is not None
    return found


@pytest.fixture
def member_client(ready_member: User) -> Client:
    client = Client()
    client.force_login(ready_member)
    return client


@pytest.fixture
def agent_client(agent_user: User) -> Client:
    return login_staff(Client(), agent_user)


@pytest.fixture
def supervisor_client(supervisor_user: User) -> Client:
    return login_staff(Client(), supervisor_user)


@pytest.fixture
def other_member_client(other_ready_member: User) -> Client:
    client = Client()
    client.force_login(other_ready_member)
    return client


@pytest.fixture
def second_agent_client(agent_of_other_service: User) -> Client:
    return login_staff(Client(), agent_of_other_service)
