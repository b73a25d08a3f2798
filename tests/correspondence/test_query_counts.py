"""Pages read in a fixed number of queries, whether there is one letter or fifty."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from catalog.models import Service
from correspondence.constants import LetterStatus
from correspondence.models import LetterMessage
from tests.correspondence.factories import LetterFactory, VisitorLetterFactory
from tests.helpers import api_token

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str) -> int:
    client.get(url)  # warm caches (session, permissions) alike for both counts
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def counts_for(make: Callable[[int], object], measure: Callable[[], int]) -> tuple[int, int]:
    make(1)
    one = measure()
    make(49)
    return one, measure()


def test_the_members_list(member_client: Client, ready_member: User) -> None:
    member = ready_member.member
    assert member is not None
    one, fifty = counts_for(
        lambda n: LetterFactory.create_batch(n, member=member),
        lambda: queries(member_client, reverse("mail_list")),
    )
    assert one == fifty


def test_the_staff_inbox(agent_client: Client, agent_user: User, service: Service) -> None:
    def make(n: int) -> None:
        for i in range(n):
            factory = VisitorLetterFactory if i % 2 else LetterFactory
            factory.create(status=LetterStatus.ROUTED, service=service, assigned_to=agent_user)

    one, fifty = counts_for(make, lambda: queries(agent_client, reverse("backoffice_mail_inbox")))
    assert one == fifty
    filtered = queries(
        agent_client, reverse("backoffice_mail_inbox") + f"?status=routed&service={service.pk}"
    )
    assert filtered <= fifty + 1  # the chosen service is read once to check the filter


def test_the_api_list(ready_member: User) -> None:
    member = ready_member.member
    assert member is not None
    token = api_token(ready_member)
    client = Client(headers={"Authorization": f"Token {token}"})
    one, fifty = counts_for(
        lambda n: LetterFactory.create_batch(n, member=member),
        lambda: queries(client, reverse("api_mail")),
    )
    assert one == fifty


def test_a_letters_thread(member_client: Client, ready_member: User, agent_user: User) -> None:
    assert ready_member.member is not None
    letter = LetterFactory.create(member=ready_member.member)
    url = reverse("mail_detail", args=[letter.pk])

    def make(n: int) -> None:
        for i in range(n):
            LetterMessage.objects.create(
                letter=letter, author_role="agent", author=agent_user, body=f"Réponse {i}"
            )

    one, fifty = counts_for(make, lambda: queries(member_client, url))
    assert one == fifty
