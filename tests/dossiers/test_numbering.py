"""Numbers are SEQUENCE/CODE/YEAR, one gapless sequence per service and year."""

from __future__ import annotations

import pytest

from accounts.models import User
from catalog.models import Service
from dossiers.errors import SubmissionRefused
from dossiers.models import DossierSequence
from dossiers.services import submit_dossier
from tests.catalog.factories import ServiceFactory
from tests.dossiers.factories import document_of, open_campaign, this_year
from tests.dossiers.helpers import complete_draft

pytestmark = pytest.mark.django_db


def simple_service(code: str) -> Service:
    return ServiceFactory.create(code=code, steps=["personal_data", "review"], pays_money=False)


def test_it_numbers_each_service_from_one_without_gaps(alice: User, bob: User) -> None:
    colonies, creche = simple_service("Col_E2"), simple_service("CRECHE2")
    campaign, other = open_campaign(colonies), open_campaign(creche)
    numbers = [
        submit_dossier(dossier=complete_draft(user, campaign), user=user).number
        for user in (alice, bob, alice)
    ]
    numbers.append(submit_dossier(dossier=complete_draft(bob, other), user=bob).number)
    year = this_year()
    assert numbers == [
        f"1/Col_E2/{year}",
        f"2/Col_E2/{year}",
        f"3/Col_E2/{year}",
        f"1/CRECHE2/{year}",
    ]


def test_each_year_starts_again_at_one(alice: User) -> None:
    service = simple_service("AID")
    this = open_campaign(service, key="this", year=this_year())
    following = open_campaign(service, key="next", year=this_year() + 1)
    first = submit_dossier(dossier=complete_draft(alice, this), user=alice)
    second = submit_dossier(dossier=complete_draft(alice, following), user=alice)
    assert first.number == f"1/AID/{this_year()}"
    assert second.number == f"1/AID/{this_year() + 1}"
    assert DossierSequence.objects.filter(service=service).count() == 2


def test_a_campaign_without_a_year_counts_in_the_year_of_sending(alice: User) -> None:
    service = simple_service("NOYEAR")
    sent = submit_dossier(
        dossier=complete_draft(alice, open_campaign(service, year=None)), user=alice
    )
    assert sent.number == f"1/NOYEAR/{this_year()}"


def test_a_refused_submission_leaves_no_gap(alice: User) -> None:
    service = simple_service("GAPLESS")
    document_of(service)
    campaign = open_campaign(service)
    first = submit_dossier(dossier=complete_draft(alice, campaign), user=alice)
    with pytest.raises(SubmissionRefused):
        submit_dossier(dossier=complete_draft(alice, campaign, documents=False), user=alice)
    third = submit_dossier(dossier=complete_draft(alice, campaign), user=alice)
    assert (first.sequence, third.sequence) == (1, 2)
