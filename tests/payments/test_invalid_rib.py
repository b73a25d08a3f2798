"""A dossier whose RIB fails its key never reaches the bank file: the batch leaves it out and
says so."""

from __future__ import annotations

import pytest

from accounts.models import User
from catalog.models import Service
from payments import services
from payments.errors import NothingToPay
from tests.payments.factories import approved_dossier, member_with_account

pytestmark = pytest.mark.django_db
BAD_RIB = "190170021111037422600150"  # the seed's RIB with its key changed


def test_it_leaves_a_dossier_with_an_invalid_rib_out_with_a_message(
    agent_user: User, service: Service
) -> None:
    good = approved_dossier(service)
    bad = approved_dossier(service, rib=BAD_RIB)

    created = services.create_batch(actor=agent_user, dossiers=[good, bad])

    assert [line.dossier_id for line in created.batch.lines.all()] == [good.pk]
    assert [r.dossier_id for r in created.refusals] == [bad.pk]
    assert "RIB est absent ou invalide" in created.refusals[0].reason
    assert str(created.refusals[0]).startswith(f"{bad.number} : ")


def test_it_pays_to_the_registry_rib_when_the_dossier_has_none(
    agent_user: User, service: Service
) -> None:
    member = member_with_account()
    dossier = approved_dossier(service, member=member, rib="")

    line = services.create_batch(actor=agent_user, dossiers=[dossier]).batch.lines.get()

    assert line.rib == member.rib
    assert line.beneficiary_name == f"{member.last_name} {member.first_name}"


def test_it_refuses_a_member_without_any_rib(agent_user: User, service: Service) -> None:
    dossier = approved_dossier(service, member=member_with_account(rib=""), rib="")

    with pytest.raises(NothingToPay) as refused:
        services.create_batch(actor=agent_user, dossiers=[dossier])

    assert "RIB" in refused.value.refusals[0].reason
