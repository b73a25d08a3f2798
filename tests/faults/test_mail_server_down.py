"""The mail server down: actions that email still succeed, their emails wait in the outbox, and
they leave exactly once when the server is back and ``send_pending_emails`` runs (cron or
Celery beat).

A real SMTP server (aiosmtpd) listens on a loopback port; the portal (production profile,
EMAIL_URL pointing at it) runs under gunicorn with its own database. Without Redis, Celery runs
the delivery at once in the request, which is where a failure would show.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.parse
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from bench.server import free_port, request
from tests.faults.conftest import MakePortal
from tests.faults.portal import Portal

pytestmark = pytest.mark.faults

HOST = "127.0.0.1"
WAIT = 15.0


class Inbox:
    """aiosmtpd's handler: every message received, as parsed email messages."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.messages.append(message_from_bytes(envelope.original_content or b""))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]


class MailServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname=HOST, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def _wait_for_mail(inbox: Inbox, address: str) -> Message:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = inbox.to(address)
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no email to {address} within {WAIT} s")


def _api_reset(portal: Portal, member: dict[str, Any]) -> int:
    started = time.monotonic()
    reply = request(
        portal.server.port,
        "POST",
        "/api/v1/accounts/password-reset/",
        body=f'{{"matricule": "{member["matricule"]}", "cin": "{member["cin"]}"}}'.encode(),
        headers={"Content-Type": "application/json"},
    )
    assert time.monotonic() - started < WAIT
    return reply.status


def _cookies(set_cookie: str) -> dict[str, str]:
    found = {}
    for line in set_cookie.split("\n"):
        name, _, rest = line.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def _web_reset(portal: Portal, member: dict[str, Any]) -> tuple[int, str]:
    """The "mot de passe oublié" form, as a person fills it: the captcha's answer is read from
    the database (the production profile has no test answer)."""
    path = "/accounts/password/forgotten/"
    page = request(portal.server.port, "GET", path)
    assert page.status == 200
    html = page.body.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    hashkey = re.search(r'name="captcha_0" value="([^"]+)"', html)
    assert csrf and hashkey
    ((answer,),) = portal.sql(
        "SELECT response FROM captcha_captchastore WHERE hashkey = %s", (hashkey.group(1),)
    )
    cookies = _cookies(page.headers["set-cookie"])
    form = {
        "csrfmiddlewaretoken": csrf.group(1),
        "matricule": member["matricule"],
        "cin": member["cin"],
        "captcha_0": hashkey.group(1),
        "captcha_1": answer,
    }
    started = time.monotonic()
    reply = request(
        portal.server.port,
        "POST",
        path,
        body=urllib.parse.urlencode(form).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    assert time.monotonic() - started < WAIT
    return reply.status, reply.headers.get("location", "")


def _outbox(portal: Portal, address: str) -> list[tuple[Any, ...]]:
    return portal.sql(
        "SELECT status, attempts, last_error, next_attempt_at > now(), sent_at IS NOT NULL "
        'FROM notifications_outboundemail WHERE "to" = %s ORDER BY id',
        (address,),
    )


def test_actions_succeed_while_the_mail_server_is_down_and_mails_leave_once_back(
    make_portal: MakePortal,
) -> None:
    smtp = MailServer(free_port())
    portal = make_portal("mail", EMAIL_URL=f"smtp://{HOST}:{smtp.port}?timeout=5")
    first, by_form, by_api = [m for m in portal.members if m["email"]][:3]
    smtp.start()
    try:
        portal.server.start()
        # The wiring: with the server up, the email leaves during the request.
        assert _api_reset(portal, first) == 202
        assert "mot de passe" in str(_wait_for_mail(smtp.inbox, first["email"])["Subject"]).lower()

        smtp.stop()
        status, location = _web_reset(portal, by_form)
        assert (status, location) == (302, "/accounts/link/sent/")
        assert _api_reset(portal, by_api) == 202
        for member in (by_form, by_api):
            ((state, attempts, error, later, sent),) = _outbox(portal, member["email"])
            assert (state, attempts, later, sent) == ("pending", 1, True, False)
            assert "refused" in error.lower()
        assert "0 email(s) sent" in portal.manage("send_pending_emails")  # not due yet

        smtp.start()
        portal.sql("UPDATE notifications_outboundemail SET next_attempt_at = now() "
                   "WHERE status = 'pending' RETURNING id")  # fmt: skip
        assert "2 email(s) sent" in portal.manage("send_pending_emails")
        assert "0 email(s) sent" in portal.manage("send_pending_emails")  # once, not twice
        for member in (by_form, by_api):
            assert len(smtp.inbox.to(member["email"])) == 1
            ((state, attempts, _error, _later, sent),) = _outbox(portal, member["email"])
            assert (state, attempts, sent) == ("sent", 2, True)
        assert len(smtp.inbox.to(first["email"])) == 1
    finally:
        smtp.stop()
