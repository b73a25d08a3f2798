from __future__ import annotations

import re
from typing import cast

from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.utils import timezone

from accounts.models import TermsVersion

LINK_RE = re.compile(r"https?://[^\s\"<]+/accounts/link/([A-Za-z0-9_\-]+)/")


def token_from_outbox(index: int = -1) -> str:
    match = LINK_RE.search(str(mail.outbox[index].body))
    assert match, mail.outbox[index].body
    return match.group(1)


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def html_of(message: EmailMessage) -> str:
    return str(cast(EmailMultiAlternatives, message).alternatives[0][0])


def publish_newer_terms(current: TermsVersion) -> TermsVersion:
    """A version of the terms after ``current``, published now."""
    return TermsVersion.objects.create(
        version=current.version + 1,
        title_fr="Charte v2",
        title_ar="الميثاق 2",
        body_fr="Texte",
        body_ar="نص",
        published_at=timezone.now(),
    )
