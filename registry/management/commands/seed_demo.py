"""Load the demo registry and the demo logins (docs/demo.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from catalog.services import open_demo_campaigns, open_due_campaigns
from registry.demo import DEFAULT_MEMBERS, MIN_MEMBERS, seed
from registry.demo_accounts import DEMO_PASSWORD, ensure_demo_logins, login_rows
from registry.models import Member


class Command(BaseCommand):
    help = (
        "Load a deterministic demo registry (members, spouses, children) and the demo logins. "
        "Members are upserted by matricule: running it again adds no duplicate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--members",
            type=int,
            default=DEFAULT_MEMBERS,
            help=f"How many members (default {DEFAULT_MEMBERS}, at least {MIN_MEMBERS}).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the registry has a member."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with FOS_ENV=production (the demo logins share a public password).",
        )

    def handle(
        self,
        *args: Any,
        members: int,
        if_empty: bool,
        allow_production: bool,
        **options: Any,
    ) -> None:
        if settings.PRODUCTION and not allow_production:
            raise CommandError("Refusing to load demo data in production (--allow-production).")
        if members < MIN_MEMBERS:
            raise CommandError(f"--members must be at least {MIN_MEMBERS}.")
        # What Celery beat does in production: the embedded run has no beat.
        yearly = open_due_campaigns()
        if yearly:
            self.stdout.write(f"{len(yearly)} yearly campaign(s) opened from their templates.")
        if if_empty and Member.objects.exists():
            self.stdout.write("The registry already has members: demo data not loaded.")
            if login_rows() is not None:  # the demo's own database: keep its services open
                open_demo_campaigns()
            return
        with transaction.atomic():
            report = seed(members)
            logins = ensure_demo_logins()
            demo_campaigns = open_demo_campaigns()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo registry: {report.created} members created, {report.updated} updated, "
                f"{report.spouses} spouses and {report.children} children added; "
                f"{len(logins)} demo logins (password {DEMO_PASSWORD}); "
                f"{len(demo_campaigns)} demo campaign(s) open today. "
                "List them with: manage.py demo_logins"
            )
        )
