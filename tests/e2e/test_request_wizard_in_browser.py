"""A member asks for the air-transport support on a 360 px phone, in French and in Arabic:
dashboard, service page, every wizard step, "Terminer", the number, the dossier page.
Screenshots under test-artifacts/screenshots/dossier-*."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import TermsAcceptance, TermsVersion
from dossiers.models import Dossier
from tests.dossiers.factories import pdf_bytes
from tests.dossiers.helpers import default_service, post_in
from tests.e2e.flows import fits_the_screen, signed_in
from tests.factories import MemberUserFactory, SpouseFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_member_asks_on_a_phone(
    live_server: Any, browser: Any, shoot: Any, tmp_path: Path, language: str
) -> None:
    user = MemberUserFactory.create(preferred_language=language)
    current = TermsVersion.current()
    assert current is not None and user.member is not None
    TermsAcceptance.objects.create(user=user, version=current)
    post_in(user, "oujda-angad")
    SpouseFactory.create(member=user.member)
    service, campaign = default_service("TRANS_AIR")
    context = signed_in(browser, live_server, user, language=language)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    assert fits_the_screen(page)
    shoot(page, f"dossier-1-dashboard-{language}")

    page.goto(live_server.url + reverse("service_detail", args=["TRANS_AIR"]))
    assert fits_the_screen(page)
    shoot(page, f"dossier-2-service-{language}")
    page.locator(f"form[action$='/request/{campaign.pk}/'] button").click()

    steps = ["personal_data", "rib", "beneficiary", "motive", "uploads"]
    for number, step in enumerate(steps, start=3):
        page.wait_for_url(f"**/step/{step}/")
        if step == "beneficiary":
            page.locator("input[name=beneficiary][value^=spouse]").check()
        if step == "motive":
            page.fill("input[name=declared_amount]", "2400")
        if step == "uploads":
            for index, required in enumerate(service.documents.all()):
                path = tmp_path / f"piece-{index}.pdf"
                path.write_bytes(pdf_bytes())
                page.set_input_files(f"input[name=file_{required.pk}]", str(path))
        assert fits_the_screen(page), step
        shoot(page, f"dossier-{number}-{step}-{language}")
        page.locator("button[name=next]").click()

    page.wait_for_url("**/step/review/")
    assert fits_the_screen(page)
    shoot(page, f"dossier-8-review-{language}")
    page.locator(f"form[action$='/{page.url.split('/')[-4]}/submit/'] button").click()
    page.wait_for_url("**/created/")
    dossier = Dossier.objects.get(member=user.member)
    assert dossier.number is not None and dossier.number in page.content()
    assert fits_the_screen(page)
    shoot(page, f"dossier-9-created-{language}")
    page.locator("main a.button").click()
    page.wait_for_url("**/?opened=1")
    assert fits_the_screen(page)
    shoot(page, f"dossier-10-detail-{language}")
    context.close()
