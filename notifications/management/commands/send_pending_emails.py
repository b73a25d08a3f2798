from typing import Any

from django.core.management.base import BaseCommand

from notifications.services import deliver_due


class Command(BaseCommand):
    help = "Send the outbox's pending emails whose next try is due (cron, or Celery beat)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = deliver_due()
        self.stdout.write(f"{sent} email(s) sent")
