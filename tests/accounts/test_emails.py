"""Account emails: the member's language, plain text and HTML."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.tasks import EMAIL_TEMPLATES, render_account_email
from tests.factories import MemberUserFactory

pytestmark = pytest.mark.django_db
CONTEXT: dict[str, Any] = {
    "url": "https://portail.example.ma/accounts/link/abc/",
    "validity_hours": 24,
    "new_email": "nouvelle@example.org",
    "failures": 7,
}
# Notices carry no link: they tell the member what happened.
NOTICES = {"password_changed", "email_change_requested", "email_changed", "attack_notice"}


@pytest.mark.parametrize("template", EMAIL_TEMPLATES)
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_it_renders_every_email_in_both_languages(template: str, language: str) -> None:
    user = MemberUserFactory.create(preferred_language=language)
    subject, text, html = render_account_email(template=template, user=user, context=CONTEXT)
    assert subject and "\n" not in subject
    assert "<html" not in text
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")
    if template not in NOTICES:
        assert CONTEXT["url"] in text
        assert CONTEXT["url"] in html
        assert "24" in text
    if template in {"email_change_requested", "email_changed"}:
        assert CONTEXT["new_email"] in text
        assert CONTEXT["new_email"] in html


def test_it_refuses_an_unknown_template() -> None:
    user = MemberUserFactory.create()
    with pytest.raises(ValueError, match="unknown"):
        render_account_email(template="../secret", user=user, context={})
