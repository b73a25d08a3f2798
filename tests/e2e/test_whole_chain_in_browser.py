"""The whole chain in a real browser, in the member's language (French, then Arabic right to
left): a member registers against the registry, sets a password from the emailed link, logs in,
accepts the terms, changes the password and asks for the air-transport support with a boarding
pass (JPEG) and a receipt (PDF) on a 360 px phone; an agent signs in with the second factor and
accepts the dossier; a supervisor pays it in a batch; the member sees it "Payée".
Screenshots: test-artifacts/screenshots/chain-<language>-NN-<step>.png."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page

from accounts.models import User
from backoffice.models import AgentAssignment
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from dossiers.templatetags.dossier_tags import rib_groups
from registry.models import Member, PostingType, Province
from tests.dossiers.factories import pdf_bytes
from tests.e2e.flows import (
    DESK,
    PHONE,
    Camera,
    Shoot,
    a_file,
    act,
    assert_in_language,
    campaign_open_now,
    decimal_text,
    fits_the_screen,
    heading,
    in_language,
    join_the_portal,
    jpeg_bytes,
    money_text,
    next_step,
    pay_the_listed_dossiers,
    row_of,
    staff_signs_in,
    status_on,
    translated,
    wizard_title,
)
from tests.factories import MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SERVICE = "TRANS_AIR"
DECLARED = "2400.00"
GRANTED = "720.00"  # 30 % of the round-trip ticket


def member_posted_in_oujda() -> Member:
    """In the registry, not yet on the portal: posted where the air-transport support applies."""
    return MemberFactory.create(
        posting_type=PostingType.EXTERNAL,
        posting_city="Oujda",
        posting_province=Province.objects.get(code="oujda-angad"),
    )


def member_asks_for_air_transport(
    page: Page, url: str, member: Member, camera: Camera, tmp_path: Path, language: str
) -> Dossier:
    """Dashboard -> service page -> every wizard step -> "Terminer" -> the dossier page."""
    service, campaign = campaign_open_now(SERVICE)
    service_name = in_language(language, lambda: service.name)
    page.goto(url + "/")
    assert heading(page) == translated(language, "Tableau de bord")
    assert in_language(language, lambda: member.full_name) in page.inner_text("main .lead")
    tile = page.locator(f"a.service-tile-link[href$='/services/{SERVICE}/']")
    assert tile.inner_text().splitlines()[0].strip() == service_name
    camera(page, "dashboard")
    tile.click()
    page.wait_for_load_state()

    assert heading(page) == service_name
    offer = page.locator("article.offer", has=page.locator(f"form[action$='/{campaign.pk}/']"))
    with translation.override(language):
        documents = [str(document.name) for document in service.documents.all()]
    for name in documents:
        assert name in offer.inner_text()
    assert fits_the_screen(page)
    camera(page, "service")
    offer.locator("button[type=submit]").click()
    page.wait_for_url("**/step/personal_data/")

    assert wizard_title(page) == translated(language, "Confirmer les données personnelles")
    assert "17/05/1980" in page.inner_text(".dossier-facts")  # the registry's birth date
    camera(page, "personal-data")
    next_step(page)

    assert wizard_title(page) == translated(language, "Confirmer le RIB")
    assert page.inner_text("p.rib").strip() == rib_groups(member.rib)
    camera(page, "rib")
    next_step(page)

    assert wizard_title(page) == translated(language, "Choisir la personne concernée")
    page.locator("input[name=beneficiary][value=member]").check()
    camera(page, "beneficiary")
    next_step(page)

    assert wizard_title(page) == translated(language, "Montant et date de la facture")
    page.fill("input[name=declared_amount]", DECLARED)
    camera(page, "amount")
    next_step(page)

    assert wizard_title(page) == translated(language, "Charger les documents")
    boarding_pass, receipt = service.documents.order_by("order")
    page.set_input_files(
        f"input[name=file_{boarding_pass.pk}]",
        a_file(tmp_path, "carte-embarquement.jpg", jpeg_bytes()),
    )
    page.set_input_files(
        f"input[name=file_{receipt.pk}]", a_file(tmp_path, "recu-billet.pdf", pdf_bytes())
    )
    assert fits_the_screen(page)
    camera(page, "uploads")
    next_step(page)

    page.wait_for_url("**/step/review/")
    summary = page.inner_text(".dossier-facts")
    assert service_name in summary
    assert decimal_text(language, DECLARED) in summary
    assert "carte-embarquement.jpg" in summary and "recu-billet.pdf" in summary
    assert fits_the_screen(page)
    camera(page, "review")
    page.locator("main form[action$='/submit/'] button[type=submit]").click()

    page.wait_for_url("**/created/")
    dossier = Dossier.objects.get(member=member)
    assert re.fullmatch(rf"\d+/{SERVICE}/\d{{4}}", str(dossier.number))
    assert heading(page) == translated(language, "Votre dossier a été créé.")
    assert page.inner_text(".dossier-number") == dossier.number
    assert decimal_text(language, GRANTED) in page.inner_text("main")  # the computed amount
    camera(page, "created")
    page.locator("main a.button").click()

    page.wait_for_url("**/?opened=1")
    assert status_on(page) == translated(language, "Envoyée")
    camera(page, "dossier-sent")
    return dossier


def agent_accepts(
    browser: Browser, url: str, agent: User, dossier: Dossier, camera: Camera, language: str
) -> None:
    context = browser.new_context(viewport=DESK)
    page = context.new_page()
    staff_signs_in(page, url, agent, language)
    page.goto(url + reverse("backoffice:queue", args=[SERVICE]))
    assert_in_language(page, language)
    assert heading(page).endswith(in_language(language, lambda: dossier.service.name))
    camera(page, "agent-queue")
    page.locator(f"main a:text-is('{dossier.number}')").click()
    page.wait_for_url(f"**/backoffice/dossiers/{dossier.pk}/")
    camera(page, "agent-dossier")

    act(page, "take")
    assert status_on(page, "main h1") == translated(language, "En cours d'étude")
    # The approval form offers the amount the rules compute.
    offered = page.input_value("input[name=approve-amount]").replace(",", ".")
    assert Decimal(offered) == Decimal(GRANTED)
    act(page, "approve")
    assert translated(language, "Le dossier est accepté.") in page.inner_text(".messages")
    assert status_on(page, "main h1") == translated(language, "Acceptée")
    camera(page, "agent-approved")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.APPROVED
    assert str(dossier.approved_amount) == GRANTED
    context.close()


def supervisor_pays(
    browser: Browser, url: str, supervisor: User, dossier: Dossier, camera: Camera, language: str
) -> None:
    context = browser.new_context(viewport=DESK, accept_downloads=True)
    page = context.new_page()
    staff_signs_in(page, url, supervisor, language)
    page.goto(url + reverse("payments_batch_new"))
    assert_in_language(page, language)
    row = page.locator("table.pay-table tbody tr")
    assert row.count() == 1
    assert str(dossier.number) in row.inner_text()
    assert row.locator("td.pay-number").inner_text() == money_text(language, GRANTED)
    batch = pay_the_listed_dossiers(page, url, label=f"Transport {language}", camera=camera)
    assert money_text(language, GRANTED) in page.inner_text("tfoot")
    assert batch.lines.get().dossier_id == dossier.pk
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PAID
    context.close()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_it_runs_from_registration_to_payment(
    live_server: Any,
    browser: Browser,
    phone: Page,
    shoot: Shoot,
    tmp_path: Path,
    agent_user: User,
    supervisor_user: User,
    language: str,
) -> None:
    url = live_server.url
    camera = Camera(shoot, "chain-{language}-{number:02d}-{step}", language)
    member = member_posted_in_oujda()
    AgentAssignment.objects.create(user=agent_user, service=campaign_open_now(SERVICE)[0])
    assert phone.viewport_size == PHONE

    join_the_portal(
        phone,
        url,
        member,
        camera,
        language=language,
        first_password="Palmier-du-Sud-2026",
        new_password="Cedre-de-l-Atlas-2027",
    )
    dossier = member_asks_for_air_transport(phone, url, member, camera, tmp_path, language)

    agent_accepts(browser, url, agent_user, dossier, camera, language)
    supervisor_pays(browser, url, supervisor_user, dossier, camera, language)

    paid = translated(language, "Payée")
    phone.goto(url + reverse("dossier_list"))
    assert_in_language(phone, language)
    assert heading(phone) == translated(language, "Mes demandes")
    row = row_of(phone, dossier.pk)
    assert str(dossier.number) in row.inner_text()
    assert row.locator(".status").inner_text() == paid
    assert fits_the_screen(phone)
    camera(phone, "list-paid")

    row.locator("a").click()
    phone.wait_for_url(f"**/dossiers/{dossier.pk}/")
    assert str(dossier.number) in heading(phone)
    assert status_on(phone, "main .dossier-facts") == paid
    assert f"{decimal_text(language, GRANTED)} MAD" in phone.inner_text(".dossier-facts")
    assert paid in phone.inner_text(".timeline")
    assert fits_the_screen(phone)
    camera(phone, "dossier-paid")

    told = [m for m in mail.outbox if m.to == [member.professional_email]]
    assert told[-1].subject == translated(language, "Dossier %(number)s : %(status)s") % {
        "number": dossier.number,
        "status": paid,
    }
    assert len(camera.names) == 24
