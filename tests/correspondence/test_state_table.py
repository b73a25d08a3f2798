"""The states table: what each actor may do from each status; services refuse the rest."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from catalog.models import Service
from correspondence import services
from correspondence.constants import ALLOWED_TRANSITIONS, Actor, LetterStatus, may_transition
from correspondence.models import LetterEvent
from tests.correspondence.factories import LetterFactory

pytestmark = pytest.mark.django_db
S = LetterStatus


def test_every_status_has_a_row() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(LetterStatus)


@pytest.mark.parametrize(
    ("from_status", "to", "actor", "allowed"),
    [
        (S.RECEIVED, S.ROUTED, Actor.AGENT, True),
        (S.RECEIVED, S.ROUTED, Actor.SENDER, False),
        (S.ANSWERED, S.ROUTED, Actor.SENDER, True),  # the sender writes again
        (S.ROUTED, S.CLOSED, Actor.AGENT, True),
        (S.ROUTED, S.CLOSED, Actor.SENDER, False),
        (S.CLOSED, S.ROUTED, Actor.AGENT, False),
        (S.CLOSED, S.ROUTED, Actor.SUPERVISOR, True),
        (S.CLOSED, S.CLOSED, Actor.SUPERVISOR, False),
        (S.CLOSED, S.ANSWERED, Actor.SUPERVISOR, False),
    ],
)
def test_the_table(from_status: S, to: S, actor: Actor, allowed: bool) -> None:
    assert may_transition(from_status, to, actor) is allowed


def test_a_closed_letter_cannot_be_closed_again(agent_user: User) -> None:
    letter = LetterFactory.create(status=S.CLOSED)
    with pytest.raises(ValidationError) as refused:
        services.close_letter(letter=letter, actor=agent_user)
    assert refused.value.code == "closed"
    assert not LetterEvent.objects.filter(letter=letter).exists()


def test_an_open_letter_cannot_be_reopened(supervisor_user: User) -> None:
    letter = LetterFactory.create(status=S.ROUTED)
    with pytest.raises(ValidationError):
        services.reopen_letter(letter=letter, actor=supervisor_user, reason="?")


def test_members_cannot_use_the_staff_actions(ready_member: User, service: Service) -> None:
    letter = LetterFactory.create(member=ready_member.member)
    for action in (
        lambda: services.route_letter(letter=letter, service=service, actor=ready_member),
        lambda: services.answer_letter(letter=letter, body="x", actor=ready_member),
        lambda: services.add_internal_note(letter=letter, body="x", actor=ready_member),
        lambda: services.close_letter(letter=letter, actor=ready_member),
    ):
        with pytest.raises(PermissionDenied):
            action()


def test_a_letter_is_routed_to_staff_only(
    agent_user: User, ready_member: User, service: Service
) -> None:
    letter = LetterFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.route_letter(letter=letter, service=service, agent=ready_member, actor=agent_user)
    assert "agent" in refused.value.error_dict


def test_only_the_sender_writes_in_a_members_letter(
    ready_member: User, other_ready_member: User, agent_user: User
) -> None:
    letter = LetterFactory.create(member=ready_member.member)
    for intruder in (other_ready_member, agent_user, None):
        with pytest.raises(PermissionDenied):
            services.add_sender_message(letter=letter, body="x", user=intruder)


def test_staff_do_not_send_letters_as_members(agent_user: User) -> None:
    with pytest.raises(PermissionDenied):
        services.send_letter(subject="s", body="b", language="fr", user=agent_user)


def test_a_letter_comes_from_a_member_or_a_visitor(ready_member: User) -> None:
    visitor = services.VisitorIdentity(full_name="A", email="a@example.org")
    with pytest.raises(ValueError, match="not both"):
        services.send_letter(
            subject="s", body="b", language="fr", user=ready_member, visitor=visitor
        )
    with pytest.raises(ValueError, match="not both"):
        services.send_letter(subject="s", body="b", language="fr")
