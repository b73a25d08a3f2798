"""Every upload is an import job: who sent it, how far it has gone, what it did. A large file
is imported by a background task; its page shows the progress and reloads itself until the
job ends; every refused line is in a CSV report only importers may download."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from accounts.models import User
from registry import import_jobs
from registry.importer import BatchWriter, ParsedRow
from registry.models import ImportJob, ImportJobStatus, Member
from tests.factories import UserFactory
from tests.registry.import_csv import csv_bytes, valid_row
from tests.registry.staff_login import login_staff

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:registry_member_import")
RunOnCommit = Callable[..., Any]


def job_url(job: ImportJob) -> str:
    return reverse("admin:registry_importjob_change", args=[job.pk])


def report_url(job: ImportJob) -> str:
    return reverse("admin:registry_importjob_report", args=[job.pk])


@pytest.fixture
def importer_user() -> User:
    return UserFactory.create(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client: Client, importer_user: User) -> Client:
    login_staff(client, importer_user)
    return client


@pytest.fixture
def in_background(settings: Any) -> None:
    settings.REGISTRY_IMPORT_BACKGROUND_KB = 0  # every file is "large"


def upload(client: Client, data: bytes, **fields: str) -> HttpResponse:
    file = SimpleUploadedFile("registre RH.csv", data, "text/csv")
    return client.post(IMPORT_URL, {"file": file, **fields})  # type: ignore[return-value]


def rows_with_two_bad() -> list[dict[str, str]]:
    rows = [valid_row(n) for n in range(1, 6)]
    rows[1] = valid_row(2, sex="?")
    rows[3] = valid_row(4, matricule="=1+2", cin="CD999")
    return rows


def read_report(response: Any) -> list[list[str]]:
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_a_large_file_is_queued_and_its_page_shows_it_waiting_and_reloading(
    admin_client: Client, in_background: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = upload(admin_client, csv_bytes(rows_with_two_bad()))

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job_url(job)
    assert len(queued) == 1
    assert job.status == ImportJobStatus.QUEUED
    assert not Member.objects.exists()
    page = admin_client.get(job_url(job)).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Import en cours : cette page se met à jour toutes les 3 secondes." in page


def test_the_task_imports_it_and_the_page_shows_the_counts_and_the_report(
    admin_client: Client,
    importer_user: User,
    in_background: None,
    django_capture_on_commit_callbacks: Any,
    media_root: Path,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        upload(admin_client, csv_bytes(rows_with_two_bad()))

    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.DONE
    assert (job.created, job.updated, job.unchanged, job.rejected) == (3, 0, 0, 2)
    assert (job.rows_done, job.rows_total, job.percent_done) == (5, 5, 100)
    assert job.created_by == importer_user
    assert job.original_name == "registre RH.csv"
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at
    assert Member.objects.count() == 3
    assert not job.file, "the uploaded file is not kept once read"
    assert not list((media_root / "registry" / "imports").rglob("*.csv"))
    page = admin_client.get(job_url(job)).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert '<progress max="100" value="100">100 %</progress> 5 / 5' in page
    assert f'href="{report_url(job)}"' in page


def test_the_report_lists_every_refused_line_with_its_number_and_reason(
    admin_client: Client, in_background: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        upload(admin_client, csv_bytes(rows_with_two_bad()))
    job = ImportJob.objects.get()

    response = admin_client.get(report_url(job))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="rejets-import-{job.pk}.csv"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    header, *rows = read_report(response)
    assert header == ["Ligne", "Matricule", "Motif"]
    assert [(line, matricule) for line, matricule, _reason in rows] == [
        ("3", "500002"),
        ("5", "'=1+2"),  # a formula in the file does not become one in the report
    ]
    assert rows[0][2].startswith("Sexe : valeur « ? » inconnue")


def test_progress_is_written_after_each_batch(
    admin_client: Client,
    in_background: None,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.REGISTRY_IMPORT_BATCH_SIZE = 2
    seen: list[tuple[str, int, int | None]] = []
    write = BatchWriter.write

    def spy(self: BatchWriter, rows: list[ParsedRow]) -> None:
        job = ImportJob.objects.get()
        seen.append((job.status, job.rows_done, job.rows_total))
        write(self, rows)

    monkeypatch.setattr(BatchWriter, "write", spy)

    with django_capture_on_commit_callbacks(execute=True):
        upload(admin_client, csv_bytes([valid_row(n) for n in range(1, 6)]))

    assert seen == [("running", 0, None), ("running", 2, 5), ("running", 4, 5)]
    assert ImportJob.objects.get().rows_done == 5


def test_a_small_file_is_imported_at_once_and_links_its_job_and_report(
    admin_client: Client, importer_user: User
) -> None:
    response = upload(admin_client, csv_bytes(rows_with_two_bad()))

    assert response.status_code == 200
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.DONE and job.created_by == importer_user
    page = response.content.decode()
    assert '<th scope="row">Lignes rejetées</th><td>2</td>' in page
    assert f'href="{job_url(job)}"' in page
    assert f'href="{report_url(job)}"' in page


def test_a_dry_run_job_writes_no_member(
    admin_client: Client, in_background: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        upload(admin_client, csv_bytes([valid_row(1)]), dry_run="on")

    job = ImportJob.objects.get()
    assert (job.dry_run, job.status, job.created) == (True, ImportJobStatus.DONE, 1)
    assert not Member.objects.exists()


def test_a_task_delivered_twice_imports_once(
    admin_client: Client, in_background: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        upload(admin_client, csv_bytes([valid_row(1)]))
    job = ImportJob.objects.get()

    assert import_jobs.run_job(job.pk) is None
    assert ImportJob.objects.get().finished_at == job.finished_at


def test_a_file_refused_as_a_whole_at_run_time_fails_the_job_with_the_message(
    importer_user: User,
) -> None:
    job = ImportJob(original_name="vide.csv", created_by=importer_user)
    job.file.save("vide.csv", ContentFile(b"matricule;nom\n1;Alaoui\n"), save=False)
    job.save()

    assert import_jobs.run_job(job.pk) is None

    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert job.error.startswith("Colonnes obligatoires absentes de la ligne d'en-tête")
    assert job.finished_at is not None


def test_an_arabic_speaking_administrator_gets_the_job_in_arabic(
    admin_client: Client, in_background: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            IMPORT_URL,
            {"file": SimpleUploadedFile("r.csv", csv_bytes([valid_row(1)]))},
            HTTP_ACCEPT_LANGUAGE="ar",
        )

    assert ImportJob.objects.get().language == "ar"


def staff_with(*codenames: str) -> User:
    user = UserFactory.create(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.mark.parametrize("codenames", [(), ("view_member",), ("add_member",)])
def test_only_who_may_import_sees_jobs_and_reports(
    client: Client, importer_user: User, codenames: tuple[str, ...]
) -> None:
    login_staff(client, importer_user)
    upload(client, csv_bytes(rows_with_two_bad()))
    job = ImportJob.objects.get()

    login_staff(client, staff_with(*codenames))

    assert client.get(report_url(job)).status_code == 403
    assert client.get(job_url(job)).status_code in (302, 403)

    login_staff(client, staff_with("add_member", "change_member"))
    assert client.get(report_url(job)).status_code == 200
    assert client.get(job_url(job)).status_code == 200


def test_an_anonymous_visitor_is_sent_to_log_in_for_a_report(
    client: Client, admin_client: Client
) -> None:
    upload(admin_client, csv_bytes(rows_with_two_bad()))
    job = ImportJob.objects.get()
    admin_client.logout()

    response = admin_client.get(report_url(job))

    assert response.status_code == 302
    assert "login/" in response["Location"]


def test_the_jobs_list_shows_each_import_with_its_progress(admin_client: Client) -> None:
    upload(admin_client, csv_bytes(rows_with_two_bad()))

    page = admin_client.get(reverse("admin:registry_importjob_changelist")).content.decode()

    assert "registre RH.csv" in page
    assert '<progress max="100" value="100">100 %</progress> 5 / 5' in page
    assert reverse("admin:registry_importjob_add") not in page
