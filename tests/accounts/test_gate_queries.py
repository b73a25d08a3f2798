"""The gates read an account in one query on every request, and never from a cache: what
changes them (a second factor, new terms, a staff role) closes them at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.gates import Gate, first_closed_gate
from accounts.models import TermsVersion, User
from accounts.roles import AGENTS
from tests.accounts.helpers import publish_newer_terms

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_it_reads_every_gate_in_one_query(
    ready_member: User, django_assert_num_queries: Any
) -> None:
    user = fresh(ready_member)
    with django_assert_num_queries(1):
        assert first_closed_gate(user, otp_verified=False) is None


@pytest.mark.parametrize(
    ("persona", "gate"),
    [("member_user", Gate.TERMS), ("staff_user", Gate.OTP), ("ready_member", None)],
)
def test_it_finds_the_same_gates(persona: str, gate: Gate | None, request: Any) -> None:
    user = fresh(request.getfixturevalue(persona))
    assert first_closed_gate(user, otp_verified=False) == gate


def test_it_counts_a_staff_group_as_staff(ready_member: User) -> None:
    ready_member.groups.add(Group.objects.get(name=AGENTS))
    user = fresh(ready_member)
    assert first_closed_gate(user, otp_verified=False) == Gate.OTP
    assert user._fos_is_staff is True  # type: ignore[attr-defined]  # read by is_staff_user


def test_a_second_factor_turned_on_elsewhere_closes_the_gate_at_once(
    member_client: Client, ready_member: User
) -> None:
    assert member_client.get(reverse("dossier_list")).status_code == 200
    TOTPDevice.objects.create(user=ready_member, name="phone", confirmed=True)
    response = member_client.get(reverse("dossier_list"))
    assert response["Location"] == reverse("otp_verify")


def test_new_terms_close_the_gate_at_once(member_client: Client, terms: TermsVersion) -> None:
    assert member_client.get(reverse("dossier_list")).status_code == 200
    publish_newer_terms(terms)
    assert member_client.get(reverse("dossier_list"))["Location"] == reverse("terms")
