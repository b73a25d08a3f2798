"""The exceptional health aid as DOMAIN.md section 3 walks through it, as the member sees it on
a 360 px phone, in French and in Arabic: the service page, "Demander", the personal data, the
RIB, the person concerned, the motive, the one PDF, the review, "Terminer", the number, the
opened file and the history; then the agent asks for a document, the member answers from the
dossier page, the agent accepts and the member follows it.
Screenshots: test-artifacts/screenshots/health-aid-<language>-NN-<step>.png."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from playwright.sync_api import Browser, Page

from accounts.models import TermsAcceptance, TermsVersion, User
from backoffice.models import AgentAssignment
from catalog.models import Campaign, Service
from dossiers.constants import AttachmentRole, DossierStatus
from dossiers.models import Dossier
from dossiers.templatetags.dossier_tags import rib_groups
from registry.models import Child, Member, Spouse
from tests.dossiers.factories import pdf_bytes
from tests.e2e.flows import (
    DESK,
    Camera,
    Shoot,
    a_file,
    act,
    assert_in_language,
    badges_fit_their_cards,
    campaign_open_now,
    decimal_text,
    facts,
    fits_the_screen,
    heading,
    in_language,
    jpeg_bytes,
    next_step,
    row_of,
    signed_in,
    status_on,
    translated,
    wizard_title,
)
from tests.factories import ChildFactory, MemberUserFactory, SpouseFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SERVICE = "AIDE_SANTE"
DECLARED = "3000.00"
GRANTED = "1500.00"  # 50 % of what is left to pay, within the annual ceiling
ASKED = "Merci d'ajouter la facture de la clinique."


def day(moment: Any) -> str:
    return dateformat.format(timezone.localtime(moment), "d/m/Y")


def the_family(language: str) -> tuple[User, Member, Spouse, Child]:
    """A member who has accepted the terms, with a spouse and a child in the registry."""
    user = MemberUserFactory.create(preferred_language=language)
    member = user.member
    assert member is not None
    current = TermsVersion.current()
    assert current is not None
    TermsAcceptance.objects.create(user=user, version=current)
    return user, member, SpouseFactory.create(member=member), ChildFactory.create(member=member)


def service_page(page: Page, service: Service, campaign: Campaign, language: str) -> None:
    """Step 1: "Demandes disponibles" with the window and the documents, "Historique"."""
    assert heading(page) == in_language(language, lambda: service.name)
    assert page.inner_text("#available-title") == translated(language, "Demandes disponibles")
    assert page.inner_text("#history-title") == translated(language, "Historique des demandes")
    offer = page.locator("article.offer")
    assert offer.count() == 1
    window = translated(language, "Demandes reçues du %(start)s au %(end)s.") % {
        "start": day(campaign.opens_at),
        "end": day(campaign.closes_at),
    }
    assert window in offer.inner_text()
    with translation.override(language):
        document = str(service.documents.get().name)
    assert offer.locator("ul li").all_inner_texts() == [
        f"{document} ({translated(language, 'un seul fichier PDF')})"
    ]
    assert translated(language, "Aucune demande envoyée pour ce service.") in page.inner_text(
        "main"
    )


def the_request(
    page: Page,
    url: str,
    camera: Camera,
    tmp_path: Path,
    family: tuple[User, Member, Spouse, Child],
) -> Dossier:
    """Steps 2 to 9 of DOMAIN.md section 3, from "Demander" to the history."""
    language = camera.language
    _user, member, spouse, child = family
    service, campaign = campaign_open_now(SERVICE)
    page.locator(f"form[action$='/request/{campaign.pk}/'] button").click()

    # 2. The personal data, read only, then "Confirmer".
    page.wait_for_url("**/step/personal_data/")
    steps = page.locator(".wizard-steps .wizard-step-title").all_inner_texts()
    assert steps == [
        translated(language, title)
        for title in (
            "Confirmer les données personnelles",
            "Confirmer le RIB",
            "Choisir la personne concernée",
            "Motif et montant",
            "Charger les documents",
            "Récapitulatif",
        )
    ]
    assert wizard_title(page) == steps[0]
    shown = facts(page)
    assert shown[translated(language, "Date de naissance")] == "17/05/1980"
    assert shown[translated(language, "Échelle")] == "10"
    assert shown[translated(language, "Échelon")] == "5"
    assert shown[translated(language, "Date de recrutement")] == "01/09/2005"
    assert shown[translated(language, "Nombre d'enfants")] == "1"
    assert page.inner_text("button[name=next]") == translated(language, "Confirmer")
    assert fits_the_screen(page)
    camera(page, "personal-data")
    next_step(page)

    # 3. The RIB: confirm the 24 digits, or give a new one with its attestation.
    assert wizard_title(page) == steps[1]
    assert translated(
        language,
        "Veuillez confirmer votre RIB ou déposer votre attestation de RIB ou spécimen de chèque.",
    ) in page.inner_text("main")
    assert page.inner_text("p.rib").strip() == rib_groups(member.rib)
    camera(page, "rib")
    next_step(page)

    # 4. The person concerned: the member, the spouse or a child (which one).
    assert wizard_title(page) == steps[2]
    people = page.locator("label:has(input[name=beneficiary])").all_inner_texts()
    with translation.override(language):
        expected = [
            f"{translated(language, 'Adhérent')} — {member}",  # with the matricule
            f"{translated(language, 'Conjoint')} — {spouse}",
            f"{translated(language, 'Enfant')} — {child}",
        ]
    assert [" ".join(person.split()) for person in people] == expected
    page.locator(f"input[name=beneficiary][value='child:{child.pk}']").check()
    camera(page, "beneficiary")
    next_step(page)

    # 5. The motive, from the service's list, and the cost left to pay.
    assert wizard_title(page) == steps[3]
    motives = page.locator("label:has(input[name=motive])").all_inner_texts()
    with translation.override(language):
        listed = [str(motive.name) for motive in service.motives.order_by("order")]
    assert [motive.strip() for motive in motives] == listed
    oncology = service.motives.get(code="oncologie")
    page.locator(f"input[name=motive][value='{oncology.pk}']").check()
    page.fill("input[name=declared_amount]", DECLARED)
    camera(page, "motive")
    next_step(page)

    # 6. "Merci de charger le document nécessaire": one PDF holding every document.
    assert wizard_title(page) == steps[4]
    assert translated(language, "Merci de charger le document nécessaire.") in page.inner_text(
        "main"
    )
    required = service.documents.get()
    upload = page.locator("fieldset.upload")
    assert upload.count() == 1
    assert translated(language, "Tous les justificatifs dans un seul fichier PDF.") in (
        upload.inner_text()
    )
    assert "PDF" in upload.locator(".help").last.inner_text()
    page.set_input_files(
        f"input[name=file_{required.pk}]",
        a_file(tmp_path, "dossier-medical.pdf", pdf_bytes(pages=3)),
    )
    assert fits_the_screen(page)
    camera(page, "uploads")
    next_step(page)
    page.wait_for_url("**/step/review/")
    # The success tick, back on the uploads step ("Précédent").
    back = page.locator("main a.button-secondary[href$='/step/uploads/']")
    assert back.inner_text() == translated(language, "Précédent")
    back.click()
    tick = translated(language, "Document chargé : %(name)s") % {"name": "dossier-medical.pdf"}
    assert page.inner_text("fieldset.upload .success-tick") == f"✓ {tick}"
    camera(page, "uploaded")
    next_step(page)

    # 7. The review with every choice, "Terminer", "Votre dossier a été créé.", "Fermer".
    page.wait_for_url("**/step/review/")
    assert wizard_title(page) == steps[5]
    summary = facts(page)
    with translation.override(language):
        assert summary[translated(language, "Service")] == service.name
        assert summary[translated(language, "Adhérent")] == (
            f"{member.full_name} ({member.matricule})"
        )
        assert summary[translated(language, "Personne concernée")] == " ".join(
            f"{translated(language, 'Enfant')} — {child.display_name}".split()
        )
        assert summary[translated(language, "Motif")] == oncology.name
        document = f"{required.name} : dossier-medical.pdf"
    assert summary[translated(language, "RIB")] == rib_groups(member.rib)
    assert summary[translated(language, "Montant déclaré")] == (
        f"{decimal_text(language, DECLARED)} MAD"
    )
    assert summary[translated(language, "Documents")] == document
    assert fits_the_screen(page)
    camera(page, "review")
    page.locator("main form[action$='/submit/'] button[type=submit]").click()

    page.wait_for_url("**/created/")
    dossier = Dossier.objects.get(member=member)
    year = timezone.localdate().year
    assert re.fullmatch(rf"\d+/{SERVICE}/{year}", str(dossier.number))
    assert heading(page) == translated(language, "Votre dossier a été créé.")
    assert page.inner_text(".dossier-number") == dossier.number
    computed = translated(
        language,
        "Montant calculé selon les règles du service : %(amount)s %(currency)s (sous réserve "
        "de l'étude du dossier).",
    ) % {"amount": decimal_text(language, GRANTED), "currency": "MAD"}
    assert computed in page.inner_text("main")
    assert page.inner_text("main a.button") == translated(language, "Fermer")
    camera(page, "created")
    page.locator("main a.button").click()

    # 8. No original to hand in for this aid: closing shows that the file is opened.
    page.wait_for_url("**/?opened=1")
    opened = translated(language, "Votre dossier est ouvert : suivez ici son avancement.")
    assert page.inner_text(".alert-success") == opened
    assert facts(page)[translated(language, "Statut")] == translated(language, "Envoyée")
    camera(page, "opened")

    # 9. The request in the history: Année · Num Demande · Nom · Prénom · Statut Demande.
    page.goto(url + reverse("service_detail", args=[SERVICE]))
    table = page.locator("section:has(#history-title) table")
    assert table.locator("th").all_inner_texts() == [
        translated(language, column)
        for column in ("Année", "Num Demande", "Nom", "Prénom", "Statut Demande")
    ]
    with translation.override(language):
        last_name, first_name = dossier.beneficiary_names
    cells = row_of(page, dossier.pk).locator("td").all_inner_texts()
    assert cells == [
        str(dossier.year),
        dossier.number,
        last_name,
        first_name,
        translated(language, "Envoyée"),
    ]
    assert first_name == in_language(language, lambda: child.display_name)
    assert fits_the_screen(page)
    camera(page, "history")
    return dossier


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_member_asks_for_the_health_aid_step_by_step(
    live_server: Any,
    browser: Browser,
    shoot: Shoot,
    tmp_path: Path,
    agent_user: User,
    language: str,
) -> None:
    url = live_server.url
    camera = Camera(shoot, "health-aid-{language}-{number:02d}-{step}", language)
    family = the_family(language)
    service, campaign = campaign_open_now(SERVICE)
    AgentAssignment.objects.create(user=agent_user, service=service)
    phone = signed_in(browser, live_server, family[0], language=language).new_page()
    desk = signed_in(browser, live_server, agent_user, language=language, viewport=DESK)
    agent = desk.new_page()

    phone.goto(url + reverse("service_detail", args=[SERVICE]))
    assert_in_language(phone, language)
    service_page(phone, service, campaign, language)
    assert fits_the_screen(phone)
    camera(phone, "service")
    dossier = the_request(phone, url, camera, tmp_path, family)

    # The agent takes the dossier and asks for a document.
    agent.goto(url + reverse("backoffice:dossier", args=[dossier.pk]))
    act(agent, "take")
    act(agent, "request_documents", message=ASKED)
    assert status_on(agent, "main h1") == translated(language, "Documents demandés")
    assert ASKED in agent.inner_text(".agent-message")
    camera(agent, "agent-asks")
    asked = translated(language, "Documents demandés")
    told = [m for m in mail.outbox if m.to == [family[0].email]]
    assert told[-1].subject == translated(language, "Dossier %(number)s : %(status)s") % {
        "number": dossier.number,
        "status": asked,
    }
    assert ASKED in told[-1].body

    # The member reads the request on the dossier page and answers with the invoice.
    phone.goto(url + reverse("dossier_detail", args=[dossier.pk]))
    request = phone.locator("section.card-attention")
    assert request.locator("h2").inner_text() == translated(
        language, "La Fondation vous demande des documents"
    )
    assert request.locator(".agent-message").inner_text() == ASKED
    assert facts(phone)[translated(language, "Statut")] == asked
    phone.set_input_files(
        "input[name=file_1]", a_file(tmp_path, "facture-clinique.jpg", jpeg_bytes())
    )
    phone.fill("textarea[name=message]", "Voici la facture.")
    assert fits_the_screen(phone)
    assert badges_fit_their_cards(phone)
    camera(phone, "documents-asked")
    request.locator("button[type=submit]").click()
    phone.wait_for_load_state()
    assert translated(
        language, "Vos documents ont été envoyés : le dossier est de nouveau à l'étude."
    ) in phone.inner_text(".messages")
    assert facts(phone)[translated(language, "Statut")] == translated(language, "En cours d'étude")
    assert phone.locator("section.card-attention").count() == 0
    camera(phone, "answered")

    # The agent sees the answer on top of the dossier and accepts it.
    agent.goto(url + reverse("backoffice:dossier", args=[dossier.pk]))
    assert agent.locator(".alert-info").first.is_visible()
    answer = agent.locator(".staff-document", has_text="facture-clinique.jpg")
    assert translated(language, "Complément demandé par la Fondation") in answer.inner_text()
    offered = agent.input_value("input[name=approve-amount]").replace(",", ".")
    assert Decimal(offered) == Decimal(GRANTED)
    act(agent, "approve")
    assert status_on(agent, "main h1") == translated(language, "Acceptée")
    camera(agent, "agent-accepts")

    # The member follows it: accepted, the amount granted, every step in the timeline.
    phone.goto(url + reverse("dossier_detail", args=[dossier.pk]))
    shown = facts(phone)
    assert shown[translated(language, "Statut")] == translated(language, "Acceptée")
    assert (
        shown[translated(language, "Montant accordé")] == f"{decimal_text(language, GRANTED)} MAD"
    )
    assert phone.locator(".timeline .status").all_inner_texts() == [
        translated(language, status)
        for status in (
            "Envoyée",
            "En cours d'étude",
            "Documents demandés",
            "En cours d'étude",
            "Acceptée",
        )
    ]
    assert ASKED in phone.inner_text(".timeline")
    assert fits_the_screen(phone)
    assert badges_fit_their_cards(phone)
    camera(phone, "accepted")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.APPROVED
    assert dossier.attachments.filter(role=AttachmentRole.ANSWER).count() == 1
    assert camera.names[-1] == f"health-aid-{language}-16-accepted"
    desk.close()
    phone.context.close()
