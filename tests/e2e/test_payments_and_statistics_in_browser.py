"""Payments and statistics in a real browser: a supervisor makes a batch, downloads the bank
file, marks the batch paid; the statistics with their charts, in French on a wide screen and in
Arabic on a 360 px phone. Screenshots under test-artifacts/screenshots/payments-* and
statistics-*."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from dossiers.constants import DossierStatus
from tests.e2e.flows import DESK, Camera, Shoot, fits_the_screen, pay_the_listed_dossiers, signed_in
from tests.payments.factories import approved_dossier, service_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_supervisor_pays_a_batch_and_reads_the_statistics(
    live_server: Any, browser: Any, shoot: Shoot, supervisor_user: User
) -> None:
    service = service_of(None, code="AIDE", name_fr="Aide exceptionnelle", name_ar="مساعدة")
    dossiers = [approved_dossier(service, amount=a) for a in ("1000.10", "250.00", "0.35")]
    context = signed_in(
        browser, live_server, supervisor_user, language="fr", viewport=DESK, accept_downloads=True
    )
    page = context.new_page()

    page.goto(live_server.url + reverse("payments_batch_new"))
    assert page.inner_text(".pay-summary") == "3 dossiers, 1\xa0250,45 au total."
    camera = Camera(shoot, "payments-{number}-{step}")
    pay_the_listed_dossiers(page, live_server.url, label="Aides de mars", camera=camera)
    assert camera.names == [
        "payments-1-new-batch",
        "payments-2-exported-batch",
        "payments-3-paid-batch",
    ]
    for dossier in dossiers:
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.PAID

    page.goto(live_server.url + reverse("reports_statistics"))
    assert page.locator("svg.stats-chart").count() == 3
    shoot(page, "statistics-1-fr")
    context.close()

    phone = signed_in(browser, live_server, supervisor_user, language="ar")
    page = phone.new_page()
    page.goto(live_server.url + reverse("reports_statistics"))
    assert page.get_attribute("html", "dir") == "rtl"
    assert fits_the_screen(page)
    shoot(page, "statistics-2-ar-phone")
    page.goto(live_server.url + reverse("payments_batches"))
    assert fits_the_screen(page)
    shoot(page, "payments-4-list-ar-phone")
    phone.close()
