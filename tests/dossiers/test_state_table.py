"""The states table: every allowed change works for whom it allows, every other one raises."""

from __future__ import annotations

import itertools

import pytest

from accounts.models import User
from dossiers.constants import ALLOWED_TRANSITIONS, Actor, DossierStatus
from dossiers.errors import TransitionError
from dossiers.models import Dossier, DossierEvent
from dossiers.services import transition
from tests.dossiers.factories import DossierFactory, SentDossierFactory

pytestmark = pytest.mark.django_db

ALLOWED = [
    (source, target, role)
    for source, targets in ALLOWED_TRANSITIONS.items()
    for target, roles in targets.items()
    for role in sorted(roles)
    if target != DossierStatus.SUBMITTED  # only submit_dossier sends (test_submission_*)
]
ILLEGAL = [
    (source, target)
    for source, target in itertools.product(DossierStatus, DossierStatus)
    if target not in ALLOWED_TRANSITIONS[source]
]


def dossier_in(status: DossierStatus, owner: User) -> Dossier:
    if status == DossierStatus.DRAFT:
        return DossierFactory.create(member=owner.member)
    return SentDossierFactory.create(member=owner.member, status=status)


@pytest.fixture
def people(alice: User, agent: User, supervisor: User) -> dict[str, User | None]:
    return {
        Actor.MEMBER: alice,
        Actor.AGENT: agent,
        Actor.SUPERVISOR: supervisor,
        Actor.SYSTEM: None,
    }


def test_every_status_has_a_row_in_the_table() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(DossierStatus)


@pytest.mark.parametrize(("source", "target", "role"), ALLOWED)
def test_it_allows_each_change_of_the_table_to_whom_it_names(
    source: DossierStatus,
    target: DossierStatus,
    role: Actor,
    alice: User,
    people: dict[str, User | None],
) -> None:
    dossier = dossier_in(source, alice)
    changed = transition(dossier=dossier, to=target, actor=people[role], reason="Motif du test")
    assert changed.status == target
    assert changed.version == dossier.version + 1
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.from_status, event.to_status, event.actor_role) == (source, target, role)
    assert event.actor == people[role]
    assert event.reason == "Motif du test"


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_it_refuses_every_change_outside_the_table(
    source: DossierStatus, target: DossierStatus, alice: User, supervisor: User
) -> None:
    dossier = dossier_in(source, alice)
    with pytest.raises(TransitionError):
        transition(dossier=dossier, to=target, actor=supervisor)
    dossier.refresh_from_db()
    assert dossier.status == source
    assert not DossierEvent.objects.filter(dossier=dossier).exists()


@pytest.mark.parametrize(
    ("source", "target", "role"),
    [
        (source, target, role)
        for source, targets in ALLOWED_TRANSITIONS.items()
        for target, roles in targets.items()
        for role in sorted(set(Actor) - roles)
        if target != DossierStatus.SUBMITTED
    ],
)
def test_it_refuses_a_change_to_whom_the_table_does_not_name(
    source: DossierStatus,
    target: DossierStatus,
    role: Actor,
    alice: User,
    people: dict[str, User | None],
) -> None:
    dossier = dossier_in(source, alice)
    with pytest.raises(TransitionError, match="ne peut pas passer"):
        transition(dossier=dossier, to=target, actor=people[role])


def test_a_member_cannot_act_on_another_members_dossier(alice: User, bob: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    with pytest.raises(TransitionError, match="Vous ne pouvez pas agir"):
        transition(dossier=dossier, to=DossierStatus.CANCELLED, actor=bob)


def test_nothing_but_terminer_sends_a_draft(alice: User) -> None:
    dossier = DossierFactory.create(member=alice.member)
    with pytest.raises(TransitionError, match="Terminer"):
        transition(dossier=dossier, to=DossierStatus.SUBMITTED, actor=alice)


def test_the_error_names_both_statuses_in_french(alice: User, agent: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member, status=DossierStatus.PAID)
    with pytest.raises(TransitionError) as raised:
        transition(dossier=dossier, to=DossierStatus.REJECTED, actor=agent)
    assert raised.value.message == "Un dossier « Payée » ne peut pas passer à « Rejetée » (Agent)."
