"""The agents' queue and dossier page in a real browser, on a desk screen and a 360 px phone, in
French and in Arabic: an agent opens the queue, a dossier with an image and a PDF, takes it in
review and accepts it. Screenshots under test-artifacts/screenshots/backoffice-*."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client

from accounts.models import User
from backoffice.models import AgentAssignment
from documents.models import MemberDocument
from dossiers.constants import AttachmentRole, DossierStatus
from dossiers.models import Dossier, DossierAttachment
from tests.backoffice.helpers import paying_service, png_bytes, sent_dossier
from tests.dossiers.factories import member_document
from tests.factories import MemberUserFactory
from tests.helpers import login_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PNG = png_bytes()


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def fits_the_screen(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


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
    client = login_staff(Client(), agent_user)
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )
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
    page.locator("form[action$='/take/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("form[action$='/approve/'] button[type=submit]").click()
    page.wait_for_load_state()
    shoot(page, f"backoffice-3-accepted-{language}")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.APPROVED
    context.close()
