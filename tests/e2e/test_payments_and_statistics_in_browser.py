"""Payments and statistics in a real browser: a supervisor makes a batch, downloads the bank
file, marks the batch paid; the statistics with their charts, in French on a wide screen and in
Arabic on a 360 px phone. Screenshots under test-artifacts/screenshots/payments-* and
statistics-*."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from dossiers.constants import DossierStatus
from payments.models import PaymentBatch
from tests.helpers import login_staff
from tests.payments.factories import approved_dossier, service_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def signed_in(browser: Any, live_server: Any, user: User, width: int, language: str) -> Any:
    client = login_staff(Client(), user)
    context = browser.new_context(viewport={"width": width, "height": 800}, accept_downloads=True)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            },
            {"name": "fos_language", "value": language, "url": live_server.url},
        ]
    )
    return context


def fits_the_screen(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_a_supervisor_pays_a_batch_and_reads_the_statistics(
    live_server: Any, browser: Any, shoot: Any, supervisor_user: User
) -> None:
    service = service_of(None, code="AIDE", name_fr="Aide exceptionnelle", name_ar="مساعدة")
    dossiers = [approved_dossier(service, amount=a) for a in ("1000.10", "250.00", "0.35")]
    context = signed_in(browser, live_server, supervisor_user, 1280, "fr")
    page = context.new_page()

    page.goto(live_server.url + reverse("payments_batch_new"))
    assert page.inner_text(".pay-summary") == "3 dossiers, 1\xa0250,45 au total."
    shoot(page, "payments-1-new-batch")
    page.fill("input[name=label]", "Aides de mars")
    page.locator("form.pay-create button[type=submit]").click()
    page.wait_for_selector("h1:has-text('VIR-')")
    batch = PaymentBatch.objects.get()
    with page.expect_download() as download:
        page.locator("button[name=format][value=bank]").click()
    assert download.value.suggested_filename == f"{batch.reference}.txt"
    page.goto(live_server.url + reverse("payments_batch", args=[batch.pk]))
    shoot(page, "payments-2-exported-batch")
    page.fill("input[name=paid_on]", timezone.localdate().isoformat())
    page.locator("form[action$='/paid/'] button[type=submit]").click()
    page.wait_for_selector(".pay-status-paid")
    shoot(page, "payments-3-paid-batch")
    for dossier in dossiers:
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.PAID

    page.goto(live_server.url + reverse("reports_statistics"))
    assert page.locator("svg.stats-chart").count() == 3
    shoot(page, "statistics-1-fr")
    context.close()

    phone = signed_in(browser, live_server, supervisor_user, 360, "ar")
    page = phone.new_page()
    page.goto(live_server.url + reverse("reports_statistics"))
    assert page.get_attribute("html", "dir") == "rtl"
    assert fits_the_screen(page)
    shoot(page, "statistics-2-ar-phone")
    page.goto(live_server.url + reverse("payments_batches"))
    assert fits_the_screen(page)
    shoot(page, "payments-4-list-ar-phone")
    phone.close()
