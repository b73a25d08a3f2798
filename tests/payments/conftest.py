"""A paying service handled by ``agent_user`` (tests/conftest.py's personas), private files in a
temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accounts.models import User
from catalog.models import Service
from tests.payments.factories import service_of


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def service(agent_user: User) -> Service:
    return service_of(agent_user, code="AIDE", name_fr="Aide exceptionnelle")
