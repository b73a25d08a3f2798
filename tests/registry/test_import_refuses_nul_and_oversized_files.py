"""A file with a NUL character, or larger than REGISTRY_IMPORT_MAX_MB, is refused as a whole
with a message that says why (and, for the NUL, where), on the admin form and by the command;
nothing is written or kept."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from registry.importer import ImportFileError
from registry.models import ImportJob, Member
from tests.factories import UserFactory
from tests.registry.import_csv import csv_bytes, run_import, valid_row
from tests.registry.staff_login import login_staff

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:registry_member_import")
NUL_AT_LINE_3 = (
    "Le fichier contient un caractère nul (ligne 3) : ce n'est pas un CSV texte ; "
    "enregistrez-le au format « CSV UTF-8 »."
)
TOO_LARGE = (
    "Le fichier dépasse la taille maximale admise (1 Mo) : découpez-le en plusieurs fichiers."
)


def with_nul_on_line_3() -> bytes:
    rows = [valid_row(1), valid_row(2, posting_city="Ouj\x00da"), valid_row(3)]
    return csv_bytes(rows)


def larger_than_one_megabyte() -> bytes:
    """Ten rows, each with a remark column (not imported) of 110,000 characters."""
    rows = [valid_row(n) | {"Observations": "x" * 110_000} for n in range(1, 11)]
    data = csv_bytes(rows)
    assert len(data) > 1024 * 1024
    return data


@pytest.fixture
def admin_client(client: Client) -> Client:
    login_staff(client, UserFactory.create(is_staff=True, is_superuser=True))
    return client


def form_errors(client: Client, data: bytes) -> list[str]:
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("registre.csv", data)})
    assert response.status_code == 200
    return list(response.context["form"].errors["file"])


def test_it_refuses_a_nul_and_names_its_line() -> None:
    with pytest.raises(ImportFileError) as excinfo:
        run_import(with_nul_on_line_3())

    assert excinfo.value.message == NUL_AT_LINE_3
    assert not Member.objects.exists()


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_it_counts_the_lines_as_the_csv_reader_does(newline: str) -> None:
    text = csv_bytes([valid_row(1), valid_row(2, phone="06\x00")]).decode()

    with pytest.raises(ImportFileError, match=r"caractère nul \(ligne 3\)"):
        run_import(text.replace("\n", newline))


def test_it_refuses_a_utf16_export_without_a_byte_order_mark() -> None:
    data = csv_bytes([valid_row(1)]).decode().encode("utf-16-le")

    with pytest.raises(ImportFileError, match=r"caractère nul \(ligne 1\)"):
        run_import(data)


def test_the_form_refuses_a_nul_and_keeps_nothing(admin_client: Client) -> None:
    assert form_errors(admin_client, with_nul_on_line_3()) == [NUL_AT_LINE_3]
    assert not Member.objects.exists()
    assert not ImportJob.objects.exists()


def test_the_command_refuses_a_nul_with_the_same_message(tmp_path: Path) -> None:
    path = tmp_path / "registre.csv"
    path.write_bytes(with_nul_on_line_3())

    with pytest.raises(CommandError) as excinfo:
        call_command("import_registry", str(path), stdout=io.StringIO())

    assert str(excinfo.value) == NUL_AT_LINE_3


def test_the_form_refuses_a_file_over_the_limit_and_keeps_nothing(
    admin_client: Client, settings: object, media_root: Path
) -> None:
    settings.REGISTRY_IMPORT_MAX_MB = 1  # type: ignore[attr-defined]

    assert form_errors(admin_client, larger_than_one_megabyte()) == [TOO_LARGE]
    assert not Member.objects.exists()
    assert not ImportJob.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.csv"))


def test_the_limit_is_read_from_the_settings(
    admin_client: Client, settings: object, django_capture_on_commit_callbacks: Any
) -> None:
    settings.REGISTRY_IMPORT_MAX_MB = 2  # type: ignore[attr-defined]
    upload = SimpleUploadedFile("registre.csv", larger_than_one_megabyte())

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(IMPORT_URL, {"file": upload})

    assert Member.objects.count() == 10


def test_the_command_and_a_stream_refuse_a_file_over_the_limit(
    tmp_path: Path, settings: object
) -> None:
    settings.REGISTRY_IMPORT_MAX_MB = 1  # type: ignore[attr-defined]
    path = tmp_path / "registre.csv"
    path.write_bytes(larger_than_one_megabyte())

    with pytest.raises(CommandError) as excinfo:
        call_command("import_registry", str(path), stdout=io.StringIO())
    assert str(excinfo.value) == TOO_LARGE

    with pytest.raises(ImportFileError) as stream_error:
        run_import(larger_than_one_megabyte())
    assert stream_error.value.message == TOO_LARGE
    assert not Member.objects.exists()
