"""Every check again at "Terminer", each refusal with its message; the draft stays a draft."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from catalog.constants import BeneficiaryType
from catalog.models import Campaign
from dossiers.constants import DossierStatus
from dossiers.errors import SubmissionRefused
from dossiers.models import Dossier, DossierSequence
from dossiers.services import submit_dossier
from dossiers.wizard import CONFIRMED
from registry.models import Position
from tests.catalog.factories import ServiceFactory
from tests.dossiers.factories import SentDossierFactory, closed_campaign, open_campaign, rule
from tests.dossiers.helpers import complete_draft, default_service, post_in
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def refusals_of(draft: Dossier, user: User) -> list[str]:
    with pytest.raises(SubmissionRefused) as refused:
        submit_dossier(dossier=draft, user=user)
    draft.refresh_from_db()
    assert draft.status == DossierStatus.DRAFT
    assert draft.number is None
    return refused.value.messages


def air_draft(user: User, campaign: Campaign | None = None, **fields: Any) -> Dossier:
    if campaign is None:
        _service, campaign = default_service("TRANS_AIR")
    return complete_draft(user, campaign, declared_amount=Decimal("2000.00"), **fields)


def test_it_refuses_a_member_posted_outside_the_listed_provinces(alice: User) -> None:
    post_in(alice, "rabat")
    messages = refusals_of(air_draft(alice), alice)
    assert len(messages) == 1
    assert messages[0].startswith(
        "Ce service est réservé aux adhérents affectés dans les provinces suivantes : "
    )


def test_it_refuses_a_member_in_the_central_services(alice: User) -> None:
    messages = refusals_of(air_draft(alice), alice)
    assert "Ce service est réservé aux adhérents affectés dans : Services extérieurs." in messages


def test_it_refuses_a_position_the_service_does_not_serve(alice: User) -> None:
    assert alice.member is not None
    alice.member.position = Position.RETIRED
    alice.member.pension_number = "123456"
    alice.member.save()
    service = ServiceFactory.create(steps=["personal_data", "rib", "review"])
    rule(service, "position_in", positions=["active", "seconded"])
    draft = complete_draft(alice, open_campaign(service))
    assert refusals_of(draft, alice) == [
        "Ce service est réservé aux adhérents en position : Actif, Détaché."
    ]


def test_it_refuses_a_child_too_old_for_the_camp(alice: User) -> None:
    _service, campaign = default_service("Col_E")
    child = ChildFactory.create(
        member=alice.member, first_name="Omar", birth_date=dt.date(2000, 1, 1)
    )
    draft = complete_draft(alice, campaign, beneficiary_type=BeneficiaryType.CHILD, child=child)
    (message,) = refusals_of(draft, alice)
    assert message.startswith("Ce service est réservé aux bénéficiaires âgés de 8 à 15 ans.")
    assert "Omar" in message


def test_it_refuses_the_fifth_round_trip_of_the_year(alice: User) -> None:
    post_in(alice, "laayoune")
    service, campaign = default_service("TRANS_AIR")
    for _trip in range(4):
        SentDossierFactory.create(member=alice.member, service=service, campaign=campaign)
    (message,) = refusals_of(air_draft(alice, campaign), alice)
    assert message.startswith("Au plus 4 allers-retours par an et par bénéficiaire")
    assert str(campaign.year) in message


def test_refused_and_cancelled_dossiers_do_not_count(alice: User) -> None:
    post_in(alice, "laayoune")
    service, campaign = default_service("TRANS_AIR")
    for status in [DossierStatus.REJECTED, DossierStatus.CANCELLED] * 2:
        SentDossierFactory.create(
            member=alice.member, service=service, campaign=campaign, status=status
        )
    SentDossierFactory.create(member=alice.member, service=service, campaign=campaign)
    assert submit_dossier(dossier=air_draft(alice, campaign), user=alice).number


def test_the_count_is_per_beneficiary(alice: User) -> None:
    post_in(alice, "laayoune")
    service, campaign = default_service("TRANS_AIR")
    for _trip in range(4):
        SentDossierFactory.create(member=alice.member, service=service, campaign=campaign)
    child = ChildFactory.create(member=alice.member)
    draft = air_draft(alice, campaign, beneficiary_type=BeneficiaryType.CHILD, child=child)
    assert submit_dossier(dossier=draft, user=alice).status == DossierStatus.SUBMITTED


def estivage_draft(user: User, campaign: Campaign, invoice: dt.date) -> Dossier:
    return complete_draft(user, campaign, declared_amount=Decimal("3000.00"), invoice_date=invoice)


def estivage_campaign() -> Campaign:
    _service, campaign = default_service("ESTIVAGE")
    today = timezone.localdate()
    campaign.invoice_date_from = today - dt.timedelta(days=30)
    campaign.invoice_date_to = today
    campaign.name_fr = "Estivage — été"
    campaign.save()
    return campaign


def test_it_refuses_a_second_dossier_for_the_same_campaign_and_person(alice: User) -> None:
    campaign = estivage_campaign()
    invoice = timezone.localdate() - dt.timedelta(days=2)
    submit_dossier(dossier=estivage_draft(alice, campaign, invoice), user=alice)
    assert alice.member is not None
    assert refusals_of(estivage_draft(alice, campaign, invoice), alice) == [
        f"Une demande a déjà été faite pour {alice.member} dans la campagne « Estivage — été »."
    ]


def test_a_service_with_a_yearly_count_takes_several_dossiers_per_campaign(alice: User) -> None:
    post_in(alice, "oued-ed-dahab")
    _service, campaign = default_service("TRANS_AIR")
    first = submit_dossier(dossier=air_draft(alice, campaign), user=alice)
    second = submit_dossier(dossier=air_draft(alice, campaign), user=alice)
    assert (first.sequence, second.sequence) == (1, 2)


def test_it_refuses_a_closed_campaign(alice: User) -> None:
    post_in(alice, "nador")
    service, _campaign = default_service("TRANS_AIR")
    messages = refusals_of(air_draft(alice, closed_campaign(service)), alice)
    assert messages == ["Aucune campagne de ce service n'est ouverte à cette date."]


def test_the_window_is_checked_even_without_a_campaign_rule(alice: User) -> None:
    service = ServiceFactory.create(steps=["personal_data", "review"], pays_money=False)
    campaign = closed_campaign(service, name_fr="Offres 2026")
    (message,) = refusals_of(complete_draft(alice, campaign), alice)
    assert message.startswith("La campagne « Offres 2026 » n'est pas ouverte : elle reçoit")


def test_it_refuses_an_invoice_dated_outside_the_campaign_window(alice: User) -> None:
    campaign = estivage_campaign()
    invoice = timezone.localdate() - dt.timedelta(days=31)
    (message,) = refusals_of(estivage_draft(alice, campaign, invoice), alice)
    assert message.startswith(f"La facture du {invoice:%d/%m/%Y} n'entre pas dans la période")


def test_it_refuses_an_invoice_dated_in_the_future(alice: User) -> None:
    campaign = estivage_campaign()
    campaign.invoice_date_to = timezone.localdate() + dt.timedelta(days=30)
    campaign.save()
    invoice = timezone.localdate() + dt.timedelta(days=2)
    assert refusals_of(estivage_draft(alice, campaign, invoice), alice) == [
        "La date de la facture ne peut pas être dans le futur."
    ]


def test_it_refuses_a_missing_document(alice: User) -> None:
    post_in(alice, "nador")
    _service, campaign = default_service("TRANS_AIR")
    draft = complete_draft(alice, campaign, documents=False, declared_amount=Decimal("10"))
    assert refusals_of(draft, alice) == [
        "Document manquant : « Carte d'embarquement ».",
        "Document manquant : « Justificatif de paiement du billet ».",
    ]


def test_it_refuses_an_invalid_rib(alice: User) -> None:
    post_in(alice, "nador")
    assert alice.member is not None
    alice.member.rib = ""
    alice.member.save()
    (message,) = refusals_of(air_draft(alice), alice)
    assert message.startswith("Votre RIB est absent ou invalide")


def test_a_new_rib_needs_its_attestation(alice: User) -> None:
    from tests.factories import make_rib

    post_in(alice, "nador")
    assert refusals_of(air_draft(alice, rib=make_rib(999)), alice) == [
        "Déposez l'attestation de RIB ou le spécimen de chèque de votre nouveau RIB."
    ]


def test_it_refuses_a_missing_amount(alice: User) -> None:
    post_in(alice, "nador")
    _service, campaign = default_service("TRANS_AIR")
    assert refusals_of(complete_draft(alice, campaign), alice) == [
        "Indiquez le montant de la dépense."
    ]


def test_it_refuses_a_step_not_confirmed(alice: User) -> None:
    post_in(alice, "nador")
    draft = air_draft(alice)
    draft.draft_data = {CONFIRMED: ["personal_data"]}
    draft.save()
    messages = refusals_of(draft, alice)
    assert "Étape à confirmer : « Confirmer le RIB »." in messages


def test_it_gives_every_reason_at_once(alice: User) -> None:
    _service, campaign = default_service("TRANS_AIR")
    draft = complete_draft(alice, campaign, documents=False)
    assert len(refusals_of(draft, alice)) >= 5


def test_a_refusal_takes_no_number(alice: User) -> None:
    post_in(alice, "nador")
    service, campaign = default_service("TRANS_AIR")
    refusals_of(complete_draft(alice, campaign), alice)
    sequence = DossierSequence.objects.filter(service=service).first()
    assert sequence is None or sequence.last_value == 0
    assert submit_dossier(dossier=air_draft(alice, campaign), user=alice).sequence == 1
