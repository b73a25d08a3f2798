"""The admin's registry upload as a job: the file kept in storage, imported at once when it is
small or by a Celery task when it is large, its progress written after each batch, and every
line it refused kept as a CSV report (docs/decisions/registry-import-in-background.md)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fos.csvfiles import Cell, csv_bytes
from registry.importer import ImportFileError, ImportReport, Progress, check_file, import_members
from registry.models import ImportJob, ImportJobStatus

logger = logging.getLogger(__name__)


def background_from_bytes() -> int:
    """Files from this size on (settings.REGISTRY_IMPORT_BACKGROUND_KB, about 2,000 rows a
    megabyte) are imported by a background task."""
    return settings.REGISTRY_IMPORT_BACKGROUND_KB * 1024


def rejections_csv(report: ImportReport) -> bytes:
    """Every refused line with its number and reason, as the portal writes every CSV."""
    rows: list[list[Cell]] = [[r.line, r.matricule, r.reason] for r in report.rejections]
    return csv_bytes([_("Ligne"), _("Matricule"), _("Motif")], rows)


@dataclass(frozen=True)
class StartedImport:
    job: ImportJob
    report: ImportReport | None  # set when the file was imported at once, and did not fail
    queued: bool = False  # large: a background task imports it


def start_import(
    *, upload: UploadedFile, dry_run: bool, user_id: int | None, language: str
) -> StartedImport:
    """Keep the file and who sent it, then import it now or queue it.

    Raises ImportFileError, keeping nothing, when the file as a whole would be refused."""
    check_file(upload)
    size = upload.size or 0
    job = ImportJob(
        original_name=(upload.name or "")[:255],
        size=size,
        dry_run=dry_run,
        language=language,
        created_by_id=user_id,
    )
    # The sender's file name is shown, never used as a path.
    job.file.save(f"{uuid.uuid4().hex}.csv", upload, save=False)
    job.save()
    if size < background_from_bytes():
        report = run_job(job.pk)
        job.refresh_from_db()
        return StartedImport(job, report)
    from registry.tasks import run_import_job

    transaction.on_commit(partial(run_import_job.delay, job.pk))
    return StartedImport(job, None, queued=True)


def run_job(job_id: int) -> ImportReport | None:
    """Import a queued job's file. A job another worker already took (a task delivered twice)
    is left alone. The uploaded file is deleted once read: the registry's source is the HR
    system, and the report keeps what the administrator needs."""
    taken = ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING, started_at=timezone.now()
    )
    if not taken:
        return None
    job = ImportJob.objects.get(pk=job_id)
    with translation.override(job.language):
        try:
            with job.file.open("rb") as file:
                report = import_members(file, dry_run=job.dry_run, progress=_progress(job_id))
        except ImportFileError as exc:
            _finish(job, ImportJobStatus.FAILED, error=exc.message)
            return None
        except Exception:
            logger.exception("registry import job %s failed", job_id)
            _finish(
                job,
                ImportJobStatus.FAILED,
                error=_(
                    "L'import s'est interrompu sur une erreur imprévue ; les lots déjà écrits "
                    "sont enregistrés. Prévenez l'administrateur technique."
                ),
            )
            raise
        if report.rejections:
            name = f"rejets-{job.pk}.csv"
            job.report.save(name, ContentFile(rejections_csv(report)), save=False)
    _finish(job, ImportJobStatus.DONE, report=report)
    return report


def _progress(job_id: int) -> Progress:
    def write(report: ImportReport, done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(
            rows_done=done,
            rows_total=total,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            rejected=report.rejected,
            ignored_columns=report.ignored_columns,
        )

    return write


def _finish(
    job: ImportJob, status: str, *, error: str = "", report: ImportReport | None = None
) -> None:
    job.refresh_from_db(fields=["rows_done", "rows_total"])
    job.file.delete(save=False)
    job.status = status
    job.error = error
    job.finished_at = timezone.now()
    fields = ["file", "report", "status", "error", "finished_at"]
    if report is not None:
        job.created, job.updated = report.created, report.updated
        job.unchanged, job.rejected = report.unchanged, report.rejected
        job.ignored_columns = report.ignored_columns
        fields += ["created", "updated", "unchanged", "rejected", "ignored_columns"]
    job.save(update_fields=fields)
