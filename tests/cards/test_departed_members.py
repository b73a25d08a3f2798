"""A member who leaves (the registry marks them deceased, or their membership ended) loses the
active card, whether the row was saved one by one (admin, member-data pages) or written in bulk
by a registry import; and gets no new card nor attestation."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import User
from cards.constants import (
    REASON_DECEASED,
    REASON_MEMBERSHIP_ENDED,
    CardEventKind,
    CardStatus,
    Verdict,
)
from cards.models import CardEvent, MemberCard
from cards.services import issue_attestation, issue_card, revoke_cards_of_departed_members
from cards.tokens import card_token
from cards.verification import verify_card
from registry.importer import import_members
from registry.models import Member, MembershipStatus, Position
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _die(member: Member) -> None:
    member.is_deceased = True
    member.death_date = dt.date(2026, 1, 15)
    member.save()


def _csv(member: Member, deceased: str, death_date: str) -> io.BytesIO:
    header = "matricule;cin;nom;prenom;date_naissance;sexe;position;decede;date_deces\n"
    row = (
        f"{member.matricule};{member.cin};{member.last_name};{member.first_name};"
        f"{member.birth_date:%d/%m/%Y};{member.sex};actif;{deceased};{death_date}\n"
    )
    return io.BytesIO((header + row).encode("utf-8"))


def test_it_revokes_the_card_when_the_member_is_saved_deceased(admin_user: User) -> None:
    member = MemberFactory.create()
    card = issue_card(member=member, actor=admin_user)
    _die(member)
    card.refresh_from_db()
    assert card.status == CardStatus.REVOKED
    assert card.revocation_reason == REASON_DECEASED
    event = CardEvent.objects.get(card=card, kind=CardEventKind.REVOKED)
    assert event.actor is None


def test_it_leaves_the_card_of_a_living_member_alone(admin_user: User) -> None:
    member = MemberFactory.create()
    card = issue_card(member=member, actor=admin_user)
    member.phone = "0698765432"
    member.save()
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE


def test_it_revokes_the_card_after_an_import_marks_the_member_deceased(admin_user: User) -> None:
    member = MemberFactory.create()
    card = issue_card(member=member, actor=admin_user)
    report = import_members(_csv(member, "oui", "15/01/2026"))
    assert (report.updated, report.rejected) == (1, 0)
    card.refresh_from_db()
    assert card.status == CardStatus.REVOKED
    assert card.revocation_reason == REASON_DECEASED


def test_it_changes_nothing_on_a_dry_run_import(admin_user: User) -> None:
    member = MemberFactory.create()
    card = issue_card(member=member, actor=admin_user)
    import_members(_csv(member, "oui", "15/01/2026"), dry_run=True)
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE


def test_it_catches_up_on_deaths_written_without_signals(admin_user: User) -> None:
    members = [MemberFactory.create() for _ in range(3)]
    cards = [issue_card(member=member, actor=admin_user) for member in members]
    Member.objects.filter(pk__in=[members[0].pk, members[2].pk]).update(
        is_deceased=True, death_date=dt.date(2026, 2, 1)
    )
    assert revoke_cards_of_departed_members() == 2
    assert [MemberCard.objects.get(pk=card.pk).status for card in cards] == [
        CardStatus.REVOKED,
        CardStatus.ACTIVE,
        CardStatus.REVOKED,
    ]
    assert revoke_cards_of_departed_members() == 0


def test_it_refuses_a_card_or_an_attestation_to_a_deceased_member(admin_user: User) -> None:
    member = MemberFactory.create(is_deceased=True, death_date=dt.date(2026, 1, 15))
    with pytest.raises(ValidationError):
        issue_card(member=member, actor=admin_user)
    with pytest.raises(ValidationError):
        issue_attestation(member=member, actor=admin_user)
    assert not MemberCard.objects.filter(member=member).exists()


def test_the_page_offers_no_card_to_a_deceased_member(
    member_client: Client, card_member: Member
) -> None:
    _die(card_member)
    page = member_client.get("/card/").content.decode()
    assert "Obtenir ma carte" not in page
    response = member_client.post("/card/issue/", follow=True)
    assert "décédé" in response.content.decode()
    assert not MemberCard.objects.filter(member=card_member).exists()


def _retired(**extra: object) -> Member:
    return MemberFactory.create(position=Position.RETIRED, pension_number="P-12345", **extra)


def test_it_revokes_the_card_when_the_membership_ends(admin_user: User) -> None:
    member = _retired()
    card = issue_card(member=member, actor=admin_user)
    member.membership_status = MembershipStatus.ENDED
    member.save()
    card.refresh_from_db()
    assert card.status == CardStatus.REVOKED
    assert card.revocation_reason == REASON_MEMBERSHIP_ENDED
    assert verify_card(card_token(card)).verdict == Verdict.REVOKED


def test_it_refuses_a_card_or_an_attestation_to_a_non_member(admin_user: User) -> None:
    member = _retired(membership_status=MembershipStatus.NOT_MEMBER)
    with pytest.raises(ValidationError):
        issue_card(member=member, actor=admin_user)
    with pytest.raises(ValidationError):
        issue_attestation(member=member, actor=admin_user)


def test_a_card_whose_holder_left_is_refused_at_once(admin_user: User) -> None:
    member = MemberFactory.create()
    card = issue_card(member=member, actor=admin_user)
    Member.objects.filter(pk=member.pk).update(is_deceased=True, death_date=dt.date(2026, 1, 15))
    assert verify_card(card_token(card)).verdict == Verdict.REVOKED
