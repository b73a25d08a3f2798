"""Who may do what: members never enter; agents prepare and export the batches of their
services; only supervisors mark a batch paid or cancel an exported one."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from accounts.models import User
from catalog.models import Service
from payments import services
from payments.constants import BatchStatus
from payments.errors import PaymentError
from payments.models import PaymentBatch
from tests.helpers import login_staff
from tests.payments.factories import approved_dossier, batch_of, exported, service_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(agent_user: User, service: Service) -> PaymentBatch:
    return exported(batch_of(agent_user, approved_dossier(service)), agent_user)


def urls(batch: PaymentBatch) -> list[str]:
    base = f"/backoffice/payments/{batch.pk}"
    return ["/backoffice/payments/", "/backoffice/payments/new/", f"{base}/"]


def test_it_refuses_members(member_client: Client, batch: PaymentBatch) -> None:
    for url in urls(batch):
        assert member_client.get(url).status_code == 403
    for action in ("export/", "paid/", "cancel/"):
        url = f"/backoffice/payments/{batch.pk}/{action}"
        assert member_client.post(url, {"format": "csv"}).status_code == 403


def test_it_sends_visitors_to_the_login_page(client: Client, batch: PaymentBatch) -> None:
    response = client.get("/backoffice/payments/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_agent_may_not_mark_a_batch_paid(
    agent_client: Client, agent_user: User, batch: PaymentBatch
) -> None:
    response = agent_client.post(
        f"/backoffice/payments/{batch.pk}/paid/", {"paid_on": timezone.localdate().isoformat()}
    )

    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.mark_batch_paid(batch=batch, actor=agent_user, paid_on=timezone.localdate())
    batch.refresh_from_db()
    assert batch.status == BatchStatus.EXPORTED


def test_a_supervisor_marks_a_batch_paid(supervisor_client: Client, batch: PaymentBatch) -> None:
    response = supervisor_client.post(
        f"/backoffice/payments/{batch.pk}/paid/", {"paid_on": timezone.localdate().isoformat()}
    )

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PAID


def test_only_a_supervisor_cancels_an_exported_batch(
    agent_user: User, supervisor_user: User, batch: PaymentBatch
) -> None:
    with pytest.raises(PermissionDenied):
        services.cancel_batch(batch=batch, actor=agent_user, reason="erreur")
    with pytest.raises(PaymentError, match="pourquoi"):
        services.cancel_batch(batch=batch, actor=supervisor_user)

    services.cancel_batch(batch=batch, actor=supervisor_user, reason="rejet de la banque")

    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED


def test_an_agent_sees_only_the_batches_of_their_services(
    client: Client, agent_of_other_service: User, batch: PaymentBatch
) -> None:
    service_of(agent_of_other_service)
    login_staff(client, agent_of_other_service)

    assert client.get(f"/backoffice/payments/{batch.pk}/").status_code == 404
    assert batch.reference not in client.get("/backoffice/payments/").content.decode()
    response = client.post(f"/backoffice/payments/{batch.pk}/export/", {"format": "csv"})
    assert response.status_code == 404
    with pytest.raises(PaymentError):
        services.export_batch(batch=batch, actor=agent_of_other_service, file_format="csv")


def test_an_agent_lists_only_the_payable_dossiers_of_their_services(
    agent_client: Client, service: Service
) -> None:
    mine = approved_dossier(service)
    foreign = approved_dossier(service_of(None))

    page = agent_client.get("/backoffice/payments/new/").content.decode()

    assert str(mine.number) in page
    assert str(foreign.number) not in page
