"""Personas shared by every test package (STYLE.md point 5): a member who has done the first-login
steps and an outsider member; an agent, an agent of another service and a supervisor (the back
office assigns their services); an administrator."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import TermsAcceptance, TermsVersion, User
from accounts.roles import ADMINISTRATORS, AGENTS, SUPERVISORS
from registry.models import Member
from tests.factories import MemberUserFactory, UserFactory
from tests.helpers import login_staff

CLOCK_VARIABLE = "FOS_TEST_CLOCK"


def clock_from(value: str, *, now: dt.datetime) -> dt.datetime | None:
    """The UTC moment a FOS_TEST_CLOCK value names, or None for the real clock.

    "23:30" is the next 23:30 UTC, "12-31T23:30" the next 31 December at 23:30 UTC, and a whole
    ISO moment ("2027-12-31T23:30", UTC unless it names its zone) is taken as written. The first
    two are never in the past: what the migrations wrote (the first terms, published "now")
    must not be in the tests' future.
    """
    value = value.strip()
    if not value:
        return None
    if len(value) <= len("12-31T23:30"):
        day, _, time = value.rpartition("T")
        if not day:
            day, time = f"{now:%m-%d}", value
        moment = dt.datetime.fromisoformat(f"{now.year}-{day}T{time}").replace(tzinfo=dt.UTC)
        while moment <= now:
            moment = (
                moment + dt.timedelta(days=1)
                if value == time
                else moment.replace(year=moment.year + 1)
            )
        return moment
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def pytest_report_header() -> str | None:
    value = os.environ.get(CLOCK_VARIABLE, "")
    moment = clock_from(value, now=dt.datetime.now(dt.UTC))
    return (
        f"{CLOCK_VARIABLE}={value}: every test starts at {moment:%Y-%m-%d %H:%M} UTC"
        if moment
        else None
    )


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    # The clock is an input (issue 12, item 10): FOS_TEST_CLOCK=23:30 runs every test at the
    # next 23:30 UTC, 00:30 in Morocco (UTC+1): the hour where the UTC date and the local one
    # differ.
    # The clock keeps ticking from there, so durations and timeouts still pass.
    moment = clock_from(os.environ.get(CLOCK_VARIABLE, ""), now=dt.datetime.now(dt.UTC))
    if moment is None:
        yield
        return
    with time_machine.travel(moment, tick=True):
        yield


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
