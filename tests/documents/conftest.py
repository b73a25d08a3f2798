"""Personas for the documents tests: member (past the terms), other_member, agent (staff with
the second factor confirmed); and a media folder per test, so no file lands in var/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.models import TermsAcceptance, TermsVersion, User
from registry.models import Member
from tests.factories import MemberUserFactory, UserFactory


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def ready_member_user() -> User:
    user = MemberUserFactory.create()
    version = TermsVersion.current()
    assert version is not None, "the first terms version comes from a data migration"
    TermsAcceptance.objects.create(user=user, version=version)
    return user


@pytest.fixture
def member_user(db: None) -> User:
    return ready_member_user()


@pytest.fixture
def member(member_user: User) -> Member:
    assert member_user.member is not None
    return member_user.member


@pytest.fixture
def other_member_user(db: None) -> User:
    return ready_member_user()


@pytest.fixture
def other_member(other_member_user: User) -> Member:
    assert other_member_user.member is not None
    return other_member_user.member


@pytest.fixture
def agent(db: None) -> User:
    # A supervisor reads every member's document; an agent's narrower scope (the services they
    # handle) is tested in test_agent_scope.py.
    user = UserFactory.create(username="agent-documents", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.SUPERVISORS))
    return user


@pytest.fixture
def member_client(member_user: User) -> Client:
    client = Client()
    client.force_login(member_user)
    return client


@pytest.fixture
def other_member_client(other_member_user: User) -> Client:
    client = Client()
    client.force_login(other_member_user)
    return client


@pytest.fixture
def agent_client(agent: User) -> Client:
    client = Client()
    client.force_login(agent)
    device = TOTPDevice.objects.create(user=agent, name="default", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
