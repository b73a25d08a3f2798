from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import TermsAcceptance, TermsVersion, User
from tests.factories import MemberUserFactory, UserFactory

CAPTCHA = {"captcha_0": "test-key", "captcha_1": "PASSED"}


@pytest.fixture(autouse=True)
def _fresh_lockouts(settings: Any) -> Iterator[None]:
    # axes keeps attempts in the database, which each test rolls back; the cache is reset too.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
def ready_member(terms: TermsVersion) -> User:
    """A member who accepted the current terms and has nothing left to do."""
    user = MemberUserFactory.create()
    TermsAcceptance.objects.create(user=user, version=terms)
    return user


@pytest.fixture
def member_client(client: Client, ready_member: User) -> Client:
    client.force_login(ready_member)
    return client


def verify_otp(client: Client, user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def admin_user(db: None) -> User:
    return UserFactory.create(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client: Client, admin_user: User) -> Client:
    client.force_login(admin_user)
    verify_otp(client, admin_user)
    return client
