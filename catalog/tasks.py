"""Scheduled work on the catalogue."""

from celery import shared_task

from catalog.services import open_due_campaigns


@shared_task(ignore_result=True)
def open_yearly_campaigns() -> None:
    """Run daily by Celery beat; ``seed_demo`` and ``manage.py open_yearly_campaigns`` call the
    same service in the embedded run, where no beat runs."""
    open_due_campaigns()
