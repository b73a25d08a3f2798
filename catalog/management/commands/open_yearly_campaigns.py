from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.services import open_due_campaigns, open_yearly_campaigns


class Command(BaseCommand):
    help = (
        "Open the yearly campaigns from their templates: this year's, and next year's in "
        "December, or those of --year (idempotent; Celery beat runs it daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int)

    def handle(self, *args: Any, year: int | None, **options: Any) -> None:
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError(f"Year {year} is out of range.")
        created = open_yearly_campaigns(year=year) if year else open_due_campaigns()
        for campaign in created:
            self.stdout.write(f"{campaign.service.code}: {campaign.name_fr}")
        self.stdout.write(self.style.SUCCESS(f"{len(created)} yearly campaign(s) opened."))
