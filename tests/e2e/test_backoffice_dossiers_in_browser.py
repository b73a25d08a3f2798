"""The agents' queue and dossier page in a real browser, on a desk screen and a 360 px phone, in
French and in Arabic: an agent opens the queue, a dossier with an image and a PDF, takes it in
review and accepts it. Screenshots under test-artifacts/screenshots/backoffice-*."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import ViewportSize

from accounts.models import User
from backoffice.models import AgentAssignment
from documents.models import MemberDocument
from dossiers.constants import AttachmentRole, DossierStatus
from dossiers.models import Dossier, DossierAttachment
from tests.backoffice.helpers import paying_service, png_bytes, sent_dossier
from tests.dossiers.factories import member_document
from tests.e2e.flows import act, fits_the_screen, signed_in
from tests.factories import MemberUserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PNG = png_bytes()


def _dossier(agent: User) -> Dossier:
    service = paying_service()
    AgentAssignment.objects.create(user=agent, service=service)
    member_user = MemberUserFactory.create()
    member = member_user.member
    assert member is not None
    dossier = sent_dossier(member_user, service)
    image = MemberDocument(
        member=member,
        original_name="embarquement.png",
        content_type="image/png",
        size=len(PNG),
        sha256="e" * 64,
    )
    image.file.save("embarquement.png", ContentFile(PNG), save=False)
    image.save()
    for document in (image, member_document(member)):
        DossierAttachment.objects.create(
            dossier=dossier, role=AttachmentRole.REQUIRED_DOCUMENT, document=document
        )
    return dossier


@pytest.mark.parametrize(("language", "width"), [("fr", 1280), ("ar", 360)])
def test_an_agent_takes_and_accepts_a_dossier(
    live_server: Any, browser: Any, shoot: Any, agent_user: User, language: str, width: int
) -> None:
    dossier = _dossier(agent_user)
    agent_user.preferred_language = language
    agent_user.save()
    viewport: ViewportSize = {"width": width, "height": 800}
    context = signed_in(browser, live_server, agent_user, language=language, viewport=viewport)
    page = context.new_page()
    page.goto(f"{live_server.url}/backoffice/dossiers/queue/{dossier.service.code}/")
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    assert str(dossier.number) in page.content()
    assert fits_the_screen(page)
    shoot(page, f"backoffice-1-queue-{language}")

    page.goto(f"{live_server.url}/backoffice/dossiers/{dossier.pk}/")
    preview = page.locator("img.document-preview")
    preview.scroll_into_view_if_needed()
    for _attempt in range(50):  # loading="lazy": it loads once scrolled into view
        if preview.evaluate("img => img.complete && img.naturalWidth > 0"):
            break
        page.wait_for_timeout(100)
    assert preview.evaluate("img => img.naturalWidth") == 40  # the image was served and shown
    assert page.locator("a[target=_blank][href*='/files/']").count() >= 2
    assert fits_the_screen(page)
    shoot(page, f"backoffice-2-dossier-{language}")
    act(page, "take")
    act(page, "approve")
    shoot(page, f"backoffice-3-accepted-{language}")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.APPROVED
    context.close()
