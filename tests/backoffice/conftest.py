"""The back office's tests: the shared personas (tests/conftest.py), private files in a tmp
folder, and an agent assigned to one service with a dossier of a member waiting in its queue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accounts.models import User
from backoffice.models import AgentAssignment
from catalog.models import Service
from dossiers.models import Dossier
from tests.backoffice.helpers import paying_service, sent_dossier


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def service(db: None) -> Service:
    """A service paying 30 % of the declared amount; above 1,000.00 a second approval."""
    return paying_service()


@pytest.fixture
def other_service(db: None) -> Service:
    return paying_service()


@pytest.fixture
def assigned(agent_user: User, service: Service, agent_of_other_service: User,
             other_service: Service) -> None:  # fmt: skip
    """agent.one handles ``service``; agent.two handles ``other_service`` only."""
    AgentAssignment.objects.create(user=agent_user, service=service)
    AgentAssignment.objects.create(user=agent_of_other_service, service=other_service)


@pytest.fixture
def dossier(ready_member: User, service: Service, assigned: None) -> Dossier:
    """The member's dossier, sent and waiting in ``service``'s queue."""
    return sent_dossier(ready_member, service)
