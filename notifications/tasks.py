from celery import shared_task

from notifications.services import deliver, deliver_due


@shared_task(ignore_result=True)
def deliver_email(email_id: int) -> None:
    deliver(email_id)


@shared_task(ignore_result=True)
def deliver_due_emails() -> None:
    """Run every minute by Celery beat (and `manage.py send_pending_emails` in the embedded run)."""
    deliver_due()
