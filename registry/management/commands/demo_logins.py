"""Print the demo logins made by seed_demo, for `make run` to show before serving."""

from __future__ import annotations

from dataclasses import astuple
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from registry.demo_accounts import ABSENT, DEMO_URL, LoginRow, login_rows

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

    def handle(self, *args: Any, url: str, **options: Any) -> None:
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
