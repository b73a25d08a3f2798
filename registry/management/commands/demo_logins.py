"""Print the demo logins made by seed_demo, for `make run` to show before serving."""

from __future__ import annotations

from dataclasses import astuple
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from registry.demo_accounts import ABSENT, DEMO_URL, LoginRow, current_totp_code, login_rows

CAPTCHA_HELP = (
    "Captcha: type the letters of the image (the arrows draw another), or choose the question in "
    "words and type the sum in digits. For scripted runs, CAPTCHA_TEST_MODE=1 make run accepts "
    "the answer PASSED (development and test only; production refuses the setting)."
)
CAPTCHA_TEST_MODE_ON = "Captcha: CAPTCHA_TEST_MODE is on, the answer PASSED is accepted."
SECOND_FACTOR_HELP = (
    "Staff (agent, superviseur, admin) enrol a second factor at their first login: the page "
    "shows a QR code and its key for any TOTP app (FreeOTP, Aegis, Google Authenticator). "
    "Without a phone, print the 6-digit code it expects with: "
    "python manage.py demo_logins --code agent"
)

HEADERS = LoginRow("Rôle", "Identifiant", "Mot de passe", "Nom", "Position")


def render_table(rows: list[LoginRow]) -> str:
    table = [astuple(HEADERS), *(astuple(row) for row in rows)]
    widths = [max(len(cell) for cell in column) for column in zip(*table, strict=True)]
    lines = [_line(cells, widths) for cells in table]
    lines.insert(1, _line(tuple("-" * width for width in widths), widths))
    return "\n".join(lines)


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()


class Command(BaseCommand):
    help = "Print the demo logins (role, login, password, name, position) and the portal address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default=DEMO_URL, help=f"Address shown (default {DEMO_URL}).")
        parser.add_argument(
            "--code",
            metavar="LOGIN",
            help="Print the current second-factor code of a staff login (not in production).",
        )

    def handle(self, *args: Any, url: str, code: str | None, **options: Any) -> None:
        if code is not None:
            self._print_code(code)
            return
        rows = login_rows()
        if rows is None:
            self.stdout.write(
                "No demo logins yet. Create them with: python manage.py seed_demo "
                "(or make run, which loads the demo data into an empty database)."
            )
            return
        self.stdout.write(f"\nFOS Portal: {url}\n\nDemo logins (docs/demo.md):\n")
        self.stdout.write(render_table(rows))
        if any(row.password == ABSENT for row in rows):
            self.stdout.write("\nSome demo logins are missing: python manage.py seed_demo")
        self.stdout.write("")
        self.stdout.write(CAPTCHA_TEST_MODE_ON if settings.CAPTCHA_TEST_MODE else CAPTCHA_HELP)
        self.stdout.write(SECOND_FACTOR_HELP)
        self.stdout.write("")

    def _print_code(self, username: str) -> None:
        if settings.PRODUCTION:
            raise CommandError("Refusing to print second-factor codes in production.")
        totp_code = current_totp_code(username)
        if totp_code is None:
            raise CommandError(
                f"{username} has no second factor yet: log in once, the enrolment page makes it."
            )
        self.stdout.write(totp_code)
