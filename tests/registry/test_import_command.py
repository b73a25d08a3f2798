"""manage.py import_registry prints the summary and each rejected line; only an unusable file
makes it fail."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from registry.models import Member
from tests.registry.import_csv import csv_bytes, valid_row

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "registre.csv"
    path.write_bytes(data)
    return path


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("import_registry", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_prints_the_summary_and_each_rejected_line(tmp_path: Path) -> None:
    rows = [valid_row(1), valid_row(2, sex="X"), valid_row(3, matricule="1A")]
    path = write(tmp_path, csv_bytes(rows, delimiter=";"))

    output = run_command(str(path))

    assert output.splitlines() == [
        "Adhérents créés : 1",
        "Adhérents mis à jour : 0",
        "Adhérents inchangés : 0",
        "Lignes rejetées : 2",
        "Ligne 3 (matricule 500002) : Sexe : valeur « X » inconnue "
        "(valeurs admises : M, F (H pour homme)).",
        "Ligne 4 (matricule 1A) : Matricule : "
        "Le matricule ne doit contenir que des chiffres (12 au plus).",
    ]
    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_it_reports_a_second_run_as_unchanged(tmp_path: Path) -> None:
    path = write(tmp_path, csv_bytes([valid_row(1), valid_row(2)]))
    run_command(str(path))

    output = run_command(str(path), "--batch-size", "1")

    assert "Adhérents inchangés : 2" in output.splitlines()


@pytest.mark.django_db
def test_a_dry_run_says_so_and_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, csv_bytes([valid_row(1) | {"Observations": "RAS"}]))

    output = run_command(str(path), "--dry-run")

    assert output.splitlines()[:3] == [
        "Simulation : rien n'a été enregistré.",
        "Colonnes ignorées : Observations",
        "Adhérents créés : 1",
    ]
    assert not Member.objects.exists()


def test_it_refuses_a_file_without_the_required_columns(tmp_path: Path) -> None:
    path = write(tmp_path, b"matricule;nom\n123;Alaoui\n")

    with pytest.raises(CommandError, match="Colonnes obligatoires absentes"):
        run_command(str(path))


@pytest.mark.parametrize("size", ["0", "-3", "dix", "10001"])
def test_it_refuses_a_batch_size_out_of_range(tmp_path: Path, size: str) -> None:
    with pytest.raises(CommandError, match="un nombre entre 1 et 10000 est attendu"):
        run_command(str(tmp_path / "x.csv"), "--batch-size", size)


def manage(*args: str, database: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "fos.settings_test"}
    if database is not None:
        env["DATABASE_URL"] = f"sqlite:///{database}"
    return subprocess.run(  # noqa: S603 (our own manage.py, arguments from the test)
        [sys.executable, str(MANAGE), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=MANAGE.parent,
        check=False,
    )


def test_the_process_exits_non_zero_with_the_message_for_an_unusable_file(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, b"matricule,cin\n1,AB1\n")

    result = manage("import_registry", str(path))

    assert result.returncode == 1
    assert "Colonnes obligatoires absentes de la ligne d'en-tête : last_name (nom)" in (
        result.stderr
    )


def test_the_process_exits_non_zero_for_a_missing_file(tmp_path: Path) -> None:
    result = manage("import_registry", str(tmp_path / "absent.csv"))

    assert result.returncode == 1
    assert "Le fichier ne peut pas être lu" in result.stderr


def test_the_process_exits_zero_when_only_some_rows_are_rejected(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    assert manage("migrate", "--noinput", database=database).returncode == 0
    path = write(tmp_path, csv_bytes([valid_row(1), valid_row(2, rib="12")]))

    result = manage("import_registry", str(path), database=database)

    assert result.returncode == 0, result.stderr
    assert "Adhérents créés : 1" in result.stdout
    assert "Ligne 3 (matricule 500002) : RIB : " in result.stdout


@pytest.mark.django_db
def test_it_writes_the_same_report_as_the_admin_when_asked(tmp_path: Path) -> None:
    rows = [valid_row(1), valid_row(2, sex="?"), valid_row(3, matricule="@1")]
    path = write(tmp_path, csv_bytes(rows))
    report = tmp_path / "rejets.csv"

    run_command(str(path), "--report", str(report))

    content = report.read_bytes().decode("utf-8-sig")
    lines = content.split("\r\n")
    assert lines[0] == "Ligne;Matricule;Motif"
    assert lines[1].startswith("3;500002;Sexe : valeur « ? » inconnue")
    assert lines[2].startswith("4;'@1;")
