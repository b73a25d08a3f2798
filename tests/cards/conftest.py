"""Private files in a folder per test, so no photo lands in var/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accounts.models import User
from registry.models import Member


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def card_member(ready_member: User) -> Member:
    """The signed-in member of ``member_client``."""
    assert ready_member.member is not None
    return ready_member.member
