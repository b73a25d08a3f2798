"""The digital mail desk in a real browser on a 360 px phone, in French and in Arabic: a visitor
writes with an attachment, keeps the receipt and its code, follows the letter; an agent reads it.
Screenshots under test-artifacts/screenshots/mail-*."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from correspondence.models import Letter
from tests.correspondence.files import pdf
from tests.e2e.flows import choose_language, fits_the_screen, signed_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
CODE_RE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_visitor_writes_keeps_the_receipt_and_follows_the_letter(
    live_server: Any, browser: Any, phone: Any, shoot: Any, tmp_path: Path, language: str
) -> None:
    choose_language(phone, live_server.url + reverse("mail_visitor"), language)
    attachment = tmp_path / "lettre.pdf"
    attachment.write_bytes(pdf().read())
    phone.fill("input[name=full_name]", "Karima Idrissi")
    phone.fill("input[name=email]", "karima@example.org")
    phone.fill("input[name=subject]", "Demande d'adhésion de ma mère")
    phone.fill("textarea[name=body]", "Bonjour,\nma mère, retraitée, souhaite adhérer.")
    phone.set_input_files("input[name=attachments]", str(attachment))
    phone.fill("input[name=captcha_1]", "PASSED")
    assert fits_the_screen(phone)
    shoot(phone, f"mail-1-visitor-form-{language}")
    phone.locator("main form button[type=submit]").last.click()
    phone.wait_for_load_state()

    letter = Letter.objects.get()
    assert letter.reference in phone.content()
    assert phone.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    assert phone.locator("[data-print]").is_visible()  # print.js ran under the CSP
    code = CODE_RE.search(phone.content())
    assert code is not None
    assert fits_the_screen(phone)
    shoot(phone, f"mail-2-receipt-{language}")

    other = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    choose_language(other, live_server.url + reverse("mail_follow"), language)
    other.fill("input[name=reference]", letter.reference.lower())
    other.fill("input[name=access_code]", code.group(0))
    other.locator("main form button[type=submit]").first.click()
    other.wait_for_load_state()
    assert "lettre.pdf" in other.content()
    assert fits_the_screen(other)
    shoot(other, f"mail-3-follow-{language}")
    other.context.close()


def test_an_agent_reads_and_answers_on_a_phone(
    live_server: Any, browser: Any, shoot: Any, agent_user: User
) -> None:
    from correspondence import services

    sent = services.send_letter(
        subject="Réclamation sur un remboursement",
        body="Bonjour, je n'ai pas reçu le remboursement de mars.",
        attachments=[pdf("releve.pdf")],
        language="fr",
        visitor=services.VisitorIdentity(full_name="Omar Tazi", email="omar@example.org"),
    )
    context = signed_in(browser, live_server, agent_user, language="fr")
    page = context.new_page()
    page.goto(live_server.url + reverse("backoffice_mail_inbox"))
    assert sent.letter.reference in page.content()
    shoot(page, "mail-4-inbox")
    assert fits_the_screen(page)
    page.goto(live_server.url + reverse("backoffice_mail_letter", args=[sent.letter.pk]))
    page.fill("textarea[name=body] >> nth=0", "Le virement est parti le 2 avril.")
    assert fits_the_screen(page)
    shoot(page, "mail-5-agent-letter")
    page.locator("form[action$='/answer/'] button[type=submit]").click()
    page.wait_for_load_state()
    sent.letter.refresh_from_db()
    assert sent.letter.status == "answered"
    context.close()
