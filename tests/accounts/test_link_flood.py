"""Issue 12, item 7: nobody floods a member's mailbox with account links. An account is sent at
most ACCOUNT_LINKS_PER_HOUR links, whoever asks and from however many addresses; the extra
request gets the same answer and is in the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.constants import EventKind, RequestOutcome
from accounts.models import AccountEvent, AccountLink, User
from tests.accounts.conftest import CAPTCHA

pytestmark = pytest.mark.django_db


def web(run_on_commit: Any, user: User, index: int) -> Any:
    assert user.member is not None
    return run_on_commit(
        Client().post,
        reverse("password_forgotten"),
        {"matricule": user.username, "cin": user.member.cin, **CAPTCHA},
        REMOTE_ADDR=f"10.2.0.{index}",
    )


def api(run_on_commit: Any, user: User, index: int) -> Any:
    assert user.member is not None
    return run_on_commit(
        Client().post,
        reverse("api_password_reset"),
        {"matricule": user.username, "cin": user.member.cin},
        REMOTE_ADDR=f"10.3.0.{index}",
    )


@pytest.mark.parametrize("channel", [web, api])
def test_it_sends_at_most_the_hourly_links_of_an_account(
    ready_member: User, run_on_commit: Any, channel: Any
) -> None:
    answers = [channel(run_on_commit, ready_member, index) for index in range(6)]
    assert len(mail.outbox) == 3
    if channel is web:
        assert {answer["Location"] for answer in answers} == {reverse("link_sent")}
    else:
        assert len({answer.content for answer in answers}) == 1
        assert {answer.status_code for answer in answers} == {202}
    outcomes = list(
        AccountEvent.objects.filter(kind=EventKind.RESET_REQUESTED)
        .order_by("id")
        .values_list("details__outcome", flat=True)
    )
    assert outcomes == [RequestOutcome.MATCH] * 3 + [RequestOutcome.TOO_MANY_LINKS] * 3
    limited = AccountEvent.objects.filter(kind=EventKind.LINK_LIMITED, user=ready_member)
    assert limited.count() == 3
    assert {event.ip_address for event in limited} == {
        f"10.{2 if channel is web else 3}.0.{i}" for i in (3, 4, 5)
    }


def test_the_limit_counts_every_kind_of_link(ready_member: User, run_on_commit: Any) -> None:
    assert ready_member.member is not None
    registration = {
        "matricule": ready_member.username,
        "cin": ready_member.member.cin,
        "position": ready_member.member.position,
        "email": "intrus@finances.gov.ma",
        **CAPTCHA,
    }
    for index in range(4):
        run_on_commit(
            Client().post, reverse("register"), registration, REMOTE_ADDR=f"10.4.0.{index}"
        )
    web(run_on_commit, ready_member, 9)
    assert len(mail.outbox) == 3
    event = AccountEvent.objects.filter(kind=EventKind.RESET_REQUESTED).get()
    assert event.details["outcome"] == RequestOutcome.TOO_MANY_LINKS


def test_an_hour_later_a_link_can_be_sent_again(ready_member: User, run_on_commit: Any) -> None:
    for index in range(3):
        web(run_on_commit, ready_member, index)
    AccountLink.objects.update(created_at=timezone.now() - dt.timedelta(minutes=61))
    web(run_on_commit, ready_member, 7)
    assert len(mail.outbox) == 4


def test_it_reads_the_limit_from_settings(
    ready_member: User, run_on_commit: Any, settings: Any
) -> None:
    settings.ACCOUNT_LINKS_PER_HOUR = 1
    web(run_on_commit, ready_member, 1)
    web(run_on_commit, ready_member, 2)
    assert len(mail.outbox) == 1


def test_the_member_sees_the_refused_request_in_the_history(
    ready_member: User, run_on_commit: Any, member_client: Client, settings: Any
) -> None:
    settings.ACCOUNT_LINKS_PER_HOUR = 1
    web(run_on_commit, ready_member, 1)
    web(run_on_commit, ready_member, 2)
    page = member_client.get(reverse("account")).content.decode()
    assert "trop de liens envoyés à ce compte" in page
