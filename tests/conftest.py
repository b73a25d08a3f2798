import pytest

from accounts.models import User
from registry.models import Member
from tests.factories import MemberUserFactory, UserFactory


@pytest.fixture
def member_user(db: None) -> User:
    return MemberUserFactory.create()


@pytest.fixture
def member(member_user: User) -> Member:
    assert member_user.member is not None
    return member_user.member


@pytest.fixture
def other_member_user(db: None) -> User:
    return MemberUserFactory.create()


@pytest.fixture
def staff_user(db: None) -> User:
    return UserFactory.create(username="agent", is_staff=True)
