"""Posting the visitor's forms as a browser would."""

from __future__ import annotations

import re
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.test import Client
from django.urls import reverse

from tests.helpers import CAPTCHA

CODE_RE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")


def visitor_letter_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "full_name": "Karima Idrissi",
        "cin": "",
        "email": "karima@example.org",
        "phone": "",
        "subject": "Demande de renseignements",
        "body": "Bonjour, ma mère, retraitée, souhaite adhérer.",
        **CAPTCHA,
    }
    data.update(overrides)
    return data


def post_visitor_letter(client: Client, **overrides: Any) -> Any:
    return client.post(reverse("mail_visitor"), visitor_letter_data(**overrides))


def follow(client: Client, reference: str, code: str) -> Any:
    return client.post(reverse("mail_follow"), {"reference": reference, "access_code": code})


def code_in(text: str) -> str:
    match = CODE_RE.search(text)
    assert match is not None, "an access code is shown"
    return match.group(0)


def html_of(message: EmailMessage) -> str:
    """The HTML part of an email (the portal sends text and HTML)."""
    assert isinstance(message, EmailMultiAlternatives)
    content, _mimetype = message.alternatives[0]
    return str(content)
