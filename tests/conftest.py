"""Personas shared by every test package (STYLE.md point 5): a member who has done the first-login
steps and an outsider member; an agent, an agent of another service and a supervisor (the back
office assigns their services); an administrator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import TermsAcceptance, TermsVersion, User
from accounts.roles import ADMINISTRATORS, AGENTS, SUPERVISORS
from registry.models import Member
from tests.factories import MemberUserFactory, UserFactory
from tests.helpers import login_staff


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # axes' lockouts, the throttles and the member pages live in caches, which tests do not
    # roll back.
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run a callable and then the on-commit callbacks it queued (emails)."""

    def run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def terms(db: None) -> TermsVersion:
    current = TermsVersion.current()
    assert current is not None, "the first terms version comes from a data migration"
    return current


@pytest.fixture
def member_user(db: None) -> User:
    """A member account that has not yet accepted the terms (the gate is in its way)."""
    return MemberUserFactory.create()


@pytest.fixture
def member(member_user: User) -> Member:
    assert member_user.member is not None
    return member_user.member


@pytest.fixture
def other_member_user(db: None) -> User:
    return MemberUserFactory.create()


@pytest.fixture
def ready_member(terms: TermsVersion) -> User:
    """A member who accepted the current terms and has nothing left to do."""
    user = MemberUserFactory.create()
    TermsAcceptance.objects.create(user=user, version=terms)
    return user


@pytest.fixture
def member_client(client: Client, ready_member: User) -> Client:
    client.force_login(ready_member)
    return client


@pytest.fixture
def other_ready_member(terms: TermsVersion) -> User:
    user = MemberUserFactory.create()
    TermsAcceptance.objects.create(user=user, version=terms)
    return user


def _staff(username: str, group: str, **extra: Any) -> User:
    user = UserFactory.create(username=username, is_staff=True, **extra)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def staff_user(db: None) -> User:
    return _staff("agent", AGENTS)


@pytest.fixture
def agent_user(db: None) -> User:
    return _staff("agent.one", AGENTS)


@pytest.fixture
def agent_of_other_service(db: None) -> User:
    return _staff("agent.two", AGENTS)


@pytest.fixture
def supervisor_user(db: None) -> User:
    return _staff("supervisor", SUPERVISORS)


@pytest.fixture
def admin_user(db: None) -> User:
    return _staff("admin", ADMINISTRATORS, is_superuser=True)


@pytest.fixture
def admin_client(client: Client, admin_user: User) -> Client:
    return login_staff(client, admin_user)


@pytest.fixture
def agent_client(client: Client, agent_user: User) -> Client:
    return login_staff(client, agent_user)


@pytest.fixture
def supervisor_client(client: Client, supervisor_user: User) -> Client:
    return login_staff(client, supervisor_user)


@pytest.fixture
def arabic_member(ready_member: User) -> User:
    """ready_member, who reads the portal (and its emails) in Arabic."""
    ready_member.preferred_language = "ar"
    ready_member.save(update_fields=["preferred_language"])
    return ready_member
