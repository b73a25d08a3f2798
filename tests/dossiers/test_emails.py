"""Dossier emails in the recipient's language, plain text and HTML, for every status."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts.models import User
from dossiers.constants import DossierStatus
from dossiers.models import DossierEvent
from dossiers.tasks import EMAIL_TEMPLATES, render_dossier_email
from tests.dossiers.factories import SentDossierFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [s for s in DossierStatus if s != DossierStatus.DRAFT])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_it_renders_the_status_email_in_both_languages(
    alice: User, status: DossierStatus, language: str
) -> None:
    alice.preferred_language = language
    dossier = SentDossierFactory.create(member=alice.member, status=status)
    event = DossierEvent.objects.create(
        dossier=dossier, from_status="submitted", to_status=status, actor_role="agent", reason="R"
    )
    subject, text, html = render_dossier_email(
        template="status_changed",
        user=alice,
        context={"dossier": dossier, "event": event, "status": status, "notice": "N", "link": ""},
    )
    assert subject and "\n" not in subject and str(dossier.number) in subject
    assert "<html" not in text and str(dossier.number) in text
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")
    with translation.override(language):
        assert str(status.label) in subject


@pytest.mark.parametrize("template", EMAIL_TEMPLATES)
def test_every_template_renders(alice: User, agent: User, template: str) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    event = DossierEvent.objects.create(
        dossier=dossier,
        from_status="documents_requested",
        to_status="in_review",
        actor_role="member",
        details={"documents": [1, 2]},
    )
    subject, text, html = render_dossier_email(
        template=template,
        user=agent,
        context={
            "dossier": dossier,
            "event": event,
            "status": DossierStatus.IN_REVIEW,
            "documents": 2,
        },
    )
    assert subject and text and "</html>" in html


def test_it_refuses_an_unknown_template(alice: User) -> None:
    with pytest.raises(ValueError, match="unknown"):
        render_dossier_email(template="../x", user=alice, context={})
