"""A mail server that is down: every send fails as a refused SMTP connection does."""

from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class DownBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise ConnectionRefusedError(111, "Connection refused")


DOWN = "tests.notifications.mail_server.DownBackend"
