from celery import shared_task

from registry.import_jobs import run_job


@shared_task(ignore_result=True)
def run_import_job(job_id: int) -> None:
    """A large registry file, imported outside the request (registry/import_jobs.py)."""
    run_job(job_id)
