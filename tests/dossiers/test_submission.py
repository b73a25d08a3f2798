""" "Terminer": the dossier is numbered, priced, snapshotted and sent, with its event and email."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import User
from catalog.constants import BeneficiaryType
from dossiers.constants import DossierStatus
from dossiers.errors import TransitionError
from dossiers.models import DossierEvent
from dossiers.services import submit_dossier
from tests.dossiers.factories import this_year
from tests.dossiers.helpers import complete_draft, default_service, post_in
from tests.factories import SpouseFactory

pytestmark = pytest.mark.django_db


def test_it_sends_an_air_transport_request_with_30_percent_of_the_ticket(
    alice: User, run_on_commit: Callable[..., Any]
) -> None:
    post_in(alice, "oujda-angad")
    _service, campaign = default_service("TRANS_AIR")
    spouse = SpouseFactory.create(member=alice.member)
    draft = complete_draft(
        alice,
        campaign,
        beneficiary_type=BeneficiaryType.SPOUSE,
        spouse=spouse,
        declared_amount=Decimal("2400.00"),
    )
    sent = run_on_commit(submit_dossier, dossier=draft, user=alice)
    assert sent.status == DossierStatus.SUBMITTED
    assert sent.number == f"1/TRANS_AIR/{this_year()}"
    assert (sent.sequence, sent.year) == (1, this_year())
    assert sent.computed_amount == Decimal("720.00")
    assert isinstance(sent.computed_amount, Decimal)
    assert sent.submitted_at is not None
    event = DossierEvent.objects.get(dossier=sent)
    assert (event.from_status, event.to_status, event.actor) == ("draft", "submitted", alice)
    assert event.details == {"number": sent.number, "computed_amount": "720.00"}
    (message,) = mail.outbox
    assert message.subject == f"Dossier {sent.number} : Envoyée"
    assert "Votre dossier a été créé" in str(message.body)


def test_it_keeps_a_copy_of_the_confirmed_data_and_the_rib(alice: User) -> None:
    post_in(alice, "nador")
    assert alice.member is not None
    _service, campaign = default_service("TRANS_AIR")
    sent = submit_dossier(
        dossier=complete_draft(alice, campaign, declared_amount=Decimal("1000")), user=alice
    )
    member = alice.member
    assert sent.rib == member.rib
    assert sent.personal_data == {
        "birth_date": member.birth_date.isoformat(),
        "grade_scale": member.grade_scale,
        "step": member.step,
        "recruitment_date": member.recruitment_date.isoformat()
        if member.recruitment_date
        else None,
        "children": 0,
        "posting_province": "nador",
        "position": "active",
    }
    member.rib = ""
    member.save()
    sent.refresh_from_db()
    assert len(sent.rib) == 24


def test_it_sets_the_deadline_for_the_originals(alice: User) -> None:
    service, campaign = default_service("ESTIVAGE")
    today = timezone.localdate()
    campaign.invoice_date_from = today - dt.timedelta(days=20)
    campaign.invoice_date_to = today
    campaign.save()
    draft = complete_draft(
        alice,
        campaign,
        declared_amount=Decimal("4000.00"),
        invoice_date=today - dt.timedelta(days=3),
    )
    sent = submit_dossier(dossier=draft, user=alice)
    assert sent.originals_deadline == today + dt.timedelta(
        days=service.originals_deadline_days or 0
    )
    assert sent.computed_amount == Decimal("2000.00")


def test_a_service_without_originals_has_no_deadline(alice: User) -> None:
    post_in(alice, "nador")
    _service, campaign = default_service("TRANS_AIR")
    sent = submit_dossier(
        dossier=complete_draft(alice, campaign, declared_amount=Decimal("100")), user=alice
    )
    assert sent.originals_deadline is None


def test_a_discarded_draft_cannot_be_sent(alice: User) -> None:
    from dossiers.services import discard_draft

    post_in(alice, "nador")
    _service, campaign = default_service("TRANS_AIR")
    draft = complete_draft(alice, campaign, declared_amount=Decimal("100"))
    discard_draft(dossier=draft, user=alice)
    with pytest.raises(TransitionError, match="abandonné"):
        submit_dossier(dossier=draft, user=alice)


def test_only_the_owner_sends_a_draft(alice: User, bob: User) -> None:
    post_in(alice, "nador")
    _service, campaign = default_service("TRANS_AIR")
    draft = complete_draft(alice, campaign, declared_amount=Decimal("100"))
    with pytest.raises(TransitionError):
        submit_dossier(dossier=draft, user=bob)
    draft.refresh_from_db()
    assert draft.status == DossierStatus.DRAFT
