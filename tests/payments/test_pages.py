"""The "Paiements" pages: the batch list, a new batch with its count and total before it is
made, the batch page and its downloads; each in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from backoffice.models import AuditEntry
from catalog.models import Service
from dossiers.constants import DossierStatus
from payments.constants import BatchStatus
from payments.models import PaymentBatch
from tests.payments.factories import approved_dossier, batch_of, exported

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_new_batch_page_shows_the_count_and_total_then_creates_it(
    agent_client: Client, service: Service
) -> None:
    for amount in ("1000.10", "250.00", "0.35"):
        approved_dossier(service, amount=amount)

    page = agent_client.get(f"/backoffice/payments/new/?service={service.pk}")

    text = page.content.decode()
    assert "3 dossiers, 1\xa0250,45 au total." in text
    response = agent_client.post(
        f"/backoffice/payments/new/?service={service.pk}",
        {"label": "Aides de mars", "dossier": [d.pk for d in page.context["selection"].dossiers]},
    )
    batch = PaymentBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/backoffice/payments/{batch.pk}/"
    assert (batch.count, batch.total, batch.label) == (3, Decimal("1250.45"), "Aides de mars")
    assert batch.service == service


def test_the_batch_page_shows_its_lines_and_totals(
    agent_client: Client, agent_user: User, service: Service
) -> None:
    dossiers = [approved_dossier(service, amount=a) for a in ("1000.10", "250.00")]
    batch = batch_of(agent_user, *dossiers)

    text = agent_client.get(f"/backoffice/payments/{batch.pk}/").content.decode()

    assert batch.reference in text
    for dossier in dossiers:
        assert str(dossier.number) in text
    assert "Marquer payé" not in text  # agents do not mark paid


@pytest.mark.parametrize(
    ("file_format", "content_type", "extension"),
    [("csv", "text/csv; charset=utf-8", "csv"), ("bank", "text/plain; charset=us-ascii", "txt")],
)
def test_the_downloads_have_their_type_and_name(
    agent_client: Client,
    agent_user: User,
    service: Service,
    file_format: str,
    content_type: str,
    extension: str,
) -> None:
    batch = batch_of(agent_user, approved_dossier(service))

    response = agent_client.post(
        f"/backoffice/payments/{batch.pk}/export/", {"format": file_format}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="{batch.reference}.{extension}"'
    )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.EXPORTED


def test_a_supervisor_marks_paid_from_the_page(
    supervisor_client: Client, agent_user: User, service: Service
) -> None:
    dossier = approved_dossier(service)
    batch = exported(batch_of(agent_user, dossier), agent_user)
    page = supervisor_client.get(f"/backoffice/payments/{batch.pk}/").content.decode()
    assert "Marquer payé" in page

    supervisor_client.post(f"/backoffice/payments/{batch.pk}/paid/", {"paid_on": "2000-01-01"})
    batch.refresh_from_db()
    assert batch.status == BatchStatus.EXPORTED  # before the export: refused with a message

    response = supervisor_client.post(
        f"/backoffice/payments/{batch.pk}/paid/", {"paid_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PAID


def test_an_agent_removes_a_line_and_cancels_a_draft(
    agent_client: Client, agent_user: User, service: Service
) -> None:
    keep, drop = approved_dossier(service), approved_dossier(service)
    batch = batch_of(agent_user, keep, drop)
    line = batch.lines.get(dossier=drop)

    agent_client.post(f"/backoffice/payments/{batch.pk}/lines/{line.pk}/remove/")
    agent_client.post(f"/backoffice/payments/{batch.pk}/cancel/", {"reason": ""})

    batch.refresh_from_db()
    assert (batch.count, batch.status) == (1, BatchStatus.CANCELLED)
    assert AuditEntry.objects.filter(action="payment_batch.cancelled").exists()


def test_the_list_reads_in_a_fixed_number_of_queries(
    supervisor_client: Client, agent_user: User, service: Service
) -> None:
    batch_of(agent_user, approved_dossier(service))
    queries(supervisor_client, "/backoffice/payments/")  # the session pushed: not counted
    one = queries(supervisor_client, "/backoffice/payments/")
    for _ in range(11):
        batch_of(agent_user, approved_dossier(service))

    assert queries(supervisor_client, "/backoffice/payments/") == one


def test_the_new_batch_page_reads_in_a_fixed_number_of_queries(
    supervisor_client: Client, service: Service
) -> None:
    approved_dossier(service)
    queries(supervisor_client, "/backoffice/payments/new/")  # the session pushed: not counted
    one = queries(supervisor_client, "/backoffice/payments/new/")
    for _ in range(11):
        approved_dossier(service)

    assert queries(supervisor_client, "/backoffice/payments/new/") == one


def test_the_batch_page_reads_in_a_fixed_number_of_queries(
    supervisor_client: Client, agent_user: User, service: Service
) -> None:
    small = batch_of(agent_user, approved_dossier(service))
    large = batch_of(agent_user, *(approved_dossier(service) for _ in range(12)))

    queries(
        supervisor_client, f"/backoffice/payments/{small.pk}/"
    )  # the session pushed: not counted
    one = queries(supervisor_client, f"/backoffice/payments/{small.pk}/")
    assert queries(supervisor_client, f"/backoffice/payments/{large.pk}/") == one
