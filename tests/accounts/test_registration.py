"""Créer un compte / Récupérer mot de passe: the registry decides, the answer never tells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.constants import EventKind, LinkPurpose, RequestOutcome
from accounts.models import AccountEvent, AccountLink, User
from registry.models import Member, Position
from tests.accounts.conftest import CAPTCHA
from tests.accounts.helpers import html_of, token_from_outbox, without_csrf
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def form(member: Member, **overrides: str) -> dict[str, str]:
    data = {
        "matricule": member.matricule,
        "cin": member.cin,
        "position": member.position,
        "email": f"{member.matricule}@finances.gov.ma",
        "pension_number": member.pension_number,
        **CAPTCHA,
    }
    data.update(overrides)
    return data


def post(client: Client, run_on_commit: Callable[..., Any], data: dict[str, str]) -> Any:
    return run_on_commit(client.post, reverse("register"), data)


def last_outcome() -> str:
    event = AccountEvent.objects.filter(kind=EventKind.REGISTRATION_REQUESTED).first()
    assert event is not None
    return str(event.details["outcome"])


def test_it_emails_a_single_use_link_on_a_match(client: Client, run_on_commit: Any) -> None:
    member = MemberFactory.create()
    response = post(client, run_on_commit, form(member))
    assert response.status_code == 302
    assert response["Location"] == reverse("link_sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [f"{member.matricule}@finances.gov.ma"]
    html = html_of(message)
    token = token_from_outbox()
    assert token in html
    user = User.objects.get(username=member.matricule)
    assert user.member == member
    assert not user.has_usable_password()
    link = AccountLink.objects.get(user=user)
    assert link.purpose == LinkPurpose.ACTIVATION
    assert link.token_hash != token and token not in link.token_hash
    assert dt.timedelta(hours=23, minutes=59) < link.expires_at - link.created_at
    assert last_outcome() == RequestOutcome.MATCH


def test_it_writes_the_email_in_the_language_of_the_request(
    client: Client, run_on_commit: Any
) -> None:
    member = MemberFactory.create()
    client.cookies["fos_language"] = "ar"
    post(client, run_on_commit, form(member))
    assert User.objects.get(username=member.matricule).preferred_language == "ar"
    assert 'dir="rtl"' in html_of(mail.outbox[0])


def test_it_sends_nothing_for_a_wrong_cin(client: Client, run_on_commit: Any) -> None:
    member = MemberFactory.create()
    response = post(client, run_on_commit, form(member, cin="ZZ999999"))
    assert response["Location"] == reverse("link_sent")
    assert mail.outbox == []
    assert not User.objects.filter(username=member.matricule).exists()
    assert last_outcome() == RequestOutcome.CIN_MISMATCH


def test_it_sends_nothing_for_a_wrong_pension_number(client: Client, run_on_commit: Any) -> None:
    member = MemberFactory.create(position=Position.RETIRED, pension_number="P12345")
    data = form(member, email="retraite@example.org", pension_number="P99999")
    response = post(client, run_on_commit, data)
    assert response["Location"] == reverse("link_sent")
    assert mail.outbox == []
    assert last_outcome() == RequestOutcome.PENSION_MISMATCH


def test_it_accepts_a_private_email_for_a_retiree_the_registry_has_no_address_for(
    client: Client, run_on_commit: Any
) -> None:
    member = MemberFactory.create(
        position=Position.RETIRED, pension_number="P12345", professional_email=""
    )
    post(client, run_on_commit, form(member, email="retraite@example.org"))
    assert mail.outbox[0].to == ["retraite@example.org"]


@pytest.mark.parametrize("position", [Position.SECONDED, Position.DISPOSAL])
def test_it_accepts_a_private_email_when_seconded_or_at_disposal(
    client: Client, run_on_commit: Any, position: str
) -> None:
    member = MemberFactory.create(position=position, professional_email="")
    post(client, run_on_commit, form(member, email="perso@example.org"))
    assert mail.outbox[0].to == ["perso@example.org"]


def test_it_refuses_a_private_email_for_an_active_member_and_keeps_the_input(
    client: Client, run_on_commit: Any
) -> None:
    member = MemberFactory.create()
    response = post(client, run_on_commit, form(member, email="perso@gmail.com"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "adresse professionnelle" in content
    assert "@finances.gov.ma" in content
    assert f'value="{member.matricule}"' in content
    assert f'value="{member.cin}"' in content
    assert 'value="perso@gmail.com"' in content
    assert mail.outbox == []


def test_it_asks_a_retiree_for_the_pension_number(client: Client, run_on_commit: Any) -> None:
    member = MemberFactory.create(position=Position.RETIRED, pension_number="P12345")
    response = post(client, run_on_commit, form(member, email="r@example.org", pension_number=""))
    assert response.status_code == 200
    assert "numéro de pension" in response.content.decode()


def test_it_gives_the_same_answer_for_an_unknown_and_a_known_matricule(
    client: Client, run_on_commit: Any
) -> None:
    member = MemberFactory.create()
    known = post(client, run_on_commit, form(member))
    unknown = post(client, run_on_commit, form(member, matricule="999999999"))
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    assert last_outcome() == RequestOutcome.UNKNOWN_MATRICULE
    page_known = without_csrf(client.get(known["Location"]).content.decode())
    page_unknown = without_csrf(client.get(unknown["Location"]).content.decode())
    assert page_known == page_unknown
    assert "Si les informations saisies correspondent" in page_known


def test_it_does_the_same_work_for_a_match_and_a_mismatch(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    # The email leaves after the transaction, in a background task: the request itself
    # does not wait for the mail server on a match.
    member = MemberFactory.create()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("register"), form(member))
    assert len(callbacks) == 1
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("register"), form(member, matricule="999999999"))
    assert callbacks == []
    assert AccountEvent.objects.filter(kind=EventKind.REGISTRATION_REQUESTED).count() == 2


def test_it_refuses_a_position_that_differs_from_the_registry(
    client: Client, run_on_commit: Any
) -> None:
    member = MemberFactory.create(position=Position.ACTIVE)
    post(client, run_on_commit, form(member, position=Position.SECONDED, email="p@example.org"))
    assert mail.outbox == []
    assert last_outcome() == RequestOutcome.POSITION_MISMATCH


def test_it_never_registers_a_deceased_member(client: Client, run_on_commit: Any) -> None:
    member = MemberFactory.create(is_deceased=True, death_date=dt.date(2024, 1, 1))
    response = post(client, run_on_commit, form(member))
    assert response["Location"] == reverse("link_sent")
    assert mail.outbox == []
    assert last_outcome() == RequestOutcome.DECEASED


def test_it_sends_a_reset_link_to_a_member_who_already_has_a_password(
    client: Client, run_on_commit: Any, ready_member: User
) -> None:
    assert ready_member.member is not None
    post(client, run_on_commit, form(ready_member.member))
    assert AccountLink.objects.get(user=ready_member).purpose == LinkPurpose.RESET
    assert "récupération de votre compte" in mail.outbox[0].subject
    assert mail.outbox[0].to == [ready_member.email]


def test_it_requires_the_captcha(client: Client, run_on_commit: Any) -> None:
    member = MemberFactory.create()
    response = post(client, run_on_commit, form(member, captcha_1="wrong"))
    assert response.status_code == 200
    assert "La vérification n&#x27;est pas correcte" in response.content.decode()
    assert mail.outbox == []


def test_it_shows_the_registration_page_in_arabic(client: Client) -> None:
    client.cookies["fos_language"] = "ar"
    response = client.get(reverse("register"))
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()
