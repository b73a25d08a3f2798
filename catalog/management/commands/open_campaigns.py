from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.services import open_campaigns


class Command(BaseCommand):
    help = "Create the year's campaigns from the previous year's, one year later (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args: Any, year: int, **options: Any) -> None:
        if not 2000 <= year <= 2100:
            raise CommandError(f"Year {year} is out of range.")
        created = open_campaigns(year=year)
        for campaign in created:
            self.stdout.write(f"{campaign.service.code}: {campaign.name_fr}")
        self.stdout.write(self.style.SUCCESS(f"{len(created)} campaign(s) created for {year}."))
