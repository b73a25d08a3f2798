"""Personas: the member, another member, an agent, a supervisor; private files in a tmp folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client

from accounts.models import TermsAcceptance, TermsVersion, User
from accounts.roles import AGENTS, SUPERVISORS
from registry.models import Member
from tests.factories import MemberUserFactory, UserFactory


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def _ready(terms: TermsVersion | None = None, **extra: Any) -> User:
    user = MemberUserFactory.create(**extra)
    current = terms or TermsVersion.current()
    if current is not None:
        TermsAcceptance.objects.create(user=user, version=current)
    return user


@pytest.fixture
def alice(db: None) -> User:
    """The member who asks."""
    return _ready()


@pytest.fixture
def bob(db: None) -> User:
    """Another member, who must never see or touch alice's dossiers."""
    return _ready()


@pytest.fixture
def member_of(alice: User) -> Member:
    assert alice.member is not None
    return alice.member


@pytest.fixture
def agent(db: None) -> User:
    user = UserFactory.create(username="agent", is_staff=False)
    user.groups.add(Group.objects.get(name=AGENTS))
    return user


@pytest.fixture
def supervisor(db: None) -> User:
    user = UserFactory.create(username="supervisor")
    user.groups.add(Group.objects.get(name=SUPERVISORS))
    return user


@pytest.fixture
def alice_client(client: Client, alice: User) -> Client:
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(client: Client, bob: User) -> Client:
    client.force_login(bob)
    return client


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run a callable and then the on-commit callbacks it queued (emails)."""

    def run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
