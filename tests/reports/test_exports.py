"""The CSV and XLSX exports read back to the page's numbers: whole numbers for files, amounts
as numbers with two decimals (never text, never a float rounding away a centime)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from fos.csvfiles import decimal_from_cell
from reports.exports import SERVICE_FORMATS, SERVICE_HEADER
from tests.reports.conftest import KnownSet

pytestmark = pytest.mark.django_db
YEAR = "?year=2025"


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_services_csv_has_the_pages_numbers(supervisor_client: Client, known: KnownSet) -> None:
    response = supervisor_client.get(f"/backoffice/reports/export/services.csv{YEAR}")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="statistiques-prestations-2025.csv"' in response["Content-Disposition"]
    header, *rows = csv_rows(response.content)
    assert header == list(SERVICE_HEADER)
    by_code = {row[1]: row for row in rows}
    aid = by_code["AID"]
    assert aid[0] == "Aide"
    assert [int(value) for value in aid[2:8]] == [4, 0, 3, 1, 0, 1]
    assert decimal_from_cell(aid[8]) == Decimal("1250.45")
    assert decimal_from_cell(aid[9]) == Decimal("250.35")
    assert decimal_from_cell(aid[10]) == Decimal("5.0")
    assert by_code["LOAN"][10] == ""
    total = rows[-1]
    assert total[0] == "Total"
    assert int(total[2]) == 6
    assert decimal_from_cell(total[8]) == Decimal("1250.45")


def test_the_statuses_csv_adds_up(supervisor_client: Client, known: KnownSet) -> None:
    response = supervisor_client.get(f"/backoffice/reports/export/statuses.csv{YEAR}")

    header, *rows = csv_rows(response.content)
    assert header == ["Statut", "Dossiers"]
    counts = {label: int(files) for label, files in rows}
    assert counts["Payée"] == 2 and counts["Rejetée"] == 1
    assert counts.pop("Total") == sum(counts.values()) == 6


def test_the_workbook_has_numbers_formats_and_widths(
    supervisor_client: Client, known: KnownSet
) -> None:
    response = supervisor_client.get(f"/backoffice/reports/export/xlsx{YEAR}")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="statistiques-2025.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Par prestation", "Par statut"]
    sheet = workbook["Par prestation"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(SERVICE_HEADER)
    aid_row = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "AID")
    assert [cell.value for cell in aid_row[2:8]] == [4, 0, 3, 1, 0, 1]
    approved, paid, median = aid_row[8], aid_row[9], aid_row[10]
    assert approved.data_type == "n" and approved.number_format == "#,##0.00"
    assert Decimal(str(approved.value)) == Decimal("1250.45")
    assert Decimal(str(paid.value)) == Decimal("250.35")
    assert Decimal(str(median.value)) == Decimal("5.0") and median.number_format == "0.0"
    total = rows[-1]
    assert total[0] == "Total" and total[2] == 6
    assert Decimal(str(total[8])) == Decimal("1250.45")
    assert all(sheet.column_dimensions[letter].width >= 10 for letter in "ABCDEFGHIJK")
    assert len(SERVICE_FORMATS) == len(SERVICE_HEADER)
    statuses = list(workbook["Par statut"].iter_rows(values_only=True))
    assert statuses[0] == ("Statut", "Dossiers") and statuses[-1] == ("Total", 6)


def test_a_range_names_the_file_after_its_days(supervisor_client: Client, db: None) -> None:
    response = supervisor_client.get(
        "/backoffice/reports/export/xlsx?start=2025-03-01&end=2025-03-31"
    )

    assert 'filename="statistiques-2025-03-01_2025-03-31.xlsx"' in response["Content-Disposition"]
