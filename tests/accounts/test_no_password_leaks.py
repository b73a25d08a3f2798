"""No response, email or log line ever holds a password."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import AccountEvent, TermsVersion
from tests.accounts.conftest import CAPTCHA
from tests.accounts.helpers import html_of, token_from_outbox
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
FIRST = "Premier-secret-Xq81"
SECOND = "Second-secret-Wz52"
WRONG = "Mauvais-secret-Kp07"


def test_it_never_shows_a_password(
    client: Client, run_on_commit: Any, caplog: pytest.LogCaptureFixture, terms: TermsVersion
) -> None:
    caplog.set_level(logging.DEBUG)
    member = MemberFactory.create()
    bodies: list[str] = []

    def keep(response: Any) -> Any:
        bodies.append(response.content.decode())
        return response

    keep(
        run_on_commit(
            client.post,
            reverse("register"),
            {
                "matricule": member.matricule,
                "cin": member.cin,
                "position": member.position,
                "email": f"{member.matricule}@finances.gov.ma",
                **CAPTCHA,
            },
        )
    )
    link = reverse("account_link", kwargs={"token": token_from_outbox()})
    keep(client.post(link, {"new_password1": FIRST, "new_password2": FIRST + "x"}))
    keep(client.post(link, {"new_password1": FIRST, "new_password2": FIRST}))
    login = reverse("login")
    keep(client.post(login, {"username": member.matricule, "password": WRONG, **CAPTCHA}))
    keep(client.post(login, {"username": member.matricule, "password": FIRST, **CAPTCHA}))
    keep(client.post(reverse("terms"), {"version": terms.pk}, follow=True))
    change = reverse("password_change")
    keep(
        client.post(
            change, {"old_password": WRONG, "new_password1": SECOND, "new_password2": SECOND}
        )
    )
    keep(
        run_on_commit(
            client.post,
            change,
            {"old_password": FIRST, "new_password1": SECOND, "new_password2": SECOND},
            follow=True,
        )
    )
    keep(client.post(reverse("api_token"), {"matricule": member.matricule, "password": WRONG}))
    keep(client.post(reverse("api_token"), {"matricule": member.matricule, "password": SECOND}))
    anonymous = Client()
    for _ in range(6):
        keep(anonymous.post(login, {"username": member.matricule, "password": WRONG, **CAPTCHA}))

    assert len(mail.outbox) == 2  # the link, then the "password changed" notice
    texts = bodies + [str(message.body) for message in mail.outbox]
    texts += [html_of(message) for message in mail.outbox]
    texts += [str(message.subject) for message in mail.outbox]
    texts += [record.getMessage() for record in caplog.records]
    texts += [str(event.details) + event.user_agent for event in AccountEvent.objects.all()]
    assert any("Connexion bloquée" in text for text in bodies)
    for secret in (FIRST, SECOND, WRONG):
        assert not [text for text in texts if secret in text], secret
