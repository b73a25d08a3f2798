"""Two agents act on the same dossier at once: the second gets a clear conflict message and
nothing of theirs is written."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from backoffice.models import AuditEntry, RejectionReason
from backoffice.services import give_second_approval
from dossiers.constants import DossierStatus
from dossiers.errors import ConflictError
from dossiers.models import Dossier, DossierEvent
from tests.backoffice.helpers import act
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def test_the_second_of_two_forms_with_the_same_version_gets_the_conflict(
    agent_client: Client,
    supervisor_user: User,
    dossier: Dossier,
    run_on_commit: Callable[..., Any],
) -> None:
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.IN_REVIEW)
    dossier.refresh_from_db()
    seen = dossier.version
    colleague = login_staff(Client(), supervisor_user)
    assert (
        f'name="approve-version" value="{seen}"'
        in agent_client.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    )

    run_on_commit(act, agent_client, dossier, "approve", amount="600.00", version=seen)
    mail.outbox.clear()
    reason = RejectionReason.objects.get(code="dossier_incomplet")
    response = run_on_commit(act, colleague, dossier, "reject", reason=reason.pk, version=seen)

    assert response.status_code == 302
    page = colleague.get(response["Location"]).content.decode()
    assert "vient d&#x27;être modifié par quelqu&#x27;un d&#x27;autre" in page
    assert "votre action n&#x27;a pas été enregistrée" in page
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.APPROVED
    assert dossier.approved_amount == Decimal("600.00")
    assert dossier.version == seen + 1
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["dossier.approve"]
    assert not mail.outbox


def test_a_second_approval_on_a_stale_page_is_a_conflict(
    agent_user: User, supervisor_user: User, dossier: Dossier
) -> None:
    Dossier.objects.filter(pk=dossier.pk).update(
        status=DossierStatus.APPROVED,
        approved_amount=Decimal("1500.00"),
        second_approval_required=True,
        version=5,
    )
    with pytest.raises(ConflictError):
        give_second_approval(dossier=dossier, user=supervisor_user, expected_version=4)
    dossier.refresh_from_db()
    assert dossier.second_approved_by is None
    assert not AuditEntry.objects.exists()
