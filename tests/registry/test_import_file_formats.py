"""The CSV a spreadsheet or an HR system writes is read: BOM, semicolons, CRLF, quotes, aliases."""

import codecs

import pytest

from registry.models import Member
from tests.registry.import_csv import csv_bytes, csv_text, reasons, run_import, valid_row

pytestmark = pytest.mark.django_db

FRENCH_HEADER = {
    "matricule": "Matricule",
    "cin": "CIN",
    "last_name": "Nom",
    "first_name": "Prénom",
    "last_name_ar": "NOM_AR",
    "first_name_ar": "prenom_ar",
    "birth_date": "Date naissance",
    "sex": "Sexe",
    "position": "Position",
    "pension_number": "Numéro pension",
    "grade_scale": "Échelle",
    "step": "Échelon",
    "recruitment_date": "date_recrutement",
    "posting_type": "Type affectation",
    "posting_entity": "Entité",
    "posting_city": "Ville",
    "posting_province": "Province",
    "professional_email": "Email professionnel",
    "phone": "Téléphone",
    "rib": "RIB",
    "deceased": "Décédé",
    "death_date": "Date décès",
}


def test_it_reads_utf8_with_a_byte_order_mark() -> None:
    report = run_import(codecs.BOM_UTF8 + csv_bytes([valid_row(1)]))

    assert report.created == 1
    assert Member.objects.get().first_name_ar == "كريم"


def test_it_reads_semicolons_as_a_french_spreadsheet_writes_them() -> None:
    report = run_import(csv_bytes([valid_row(1), valid_row(2)], delimiter=";"))

    assert (report.created, report.rejections) == (2, [])


def test_it_reads_windows_line_endings() -> None:
    report = run_import(csv_text([valid_row(1), valid_row(2, rib="1")], newline="\r\n"))

    assert report.created == 1
    assert [line for line, _, _ in reasons(report)] == [3]
    assert Member.objects.get().phone == "0661234567"


def test_it_keeps_a_semicolon_inside_a_quoted_field() -> None:
    row = valid_row(1, posting_entity="Direction du Budget; Division 2")

    report = run_import(csv_bytes([row], delimiter=";"))

    assert report.created == 1
    assert Member.objects.get().posting_entity == "Direction du Budget; Division 2"


def test_it_counts_physical_lines_when_a_quoted_cell_spans_two() -> None:
    rows = [
        valid_row(1, posting_entity="Trésorerie\nprovinciale"),
        valid_row(2, sex="?", posting_entity="Division\ndu budget"),
        valid_row(3, sex="?"),
    ]

    report = run_import(csv_bytes(rows))

    assert [line for line, _, _ in reasons(report)] == [4, 6]
    assert Member.objects.get().posting_entity == "Trésorerie\nprovinciale"


def test_it_skips_blank_lines_but_counts_them() -> None:
    header, good, bad = csv_text([valid_row(1), valid_row(2, sex="?")]).splitlines()
    text = "\n".join([header, good, "", "," * 21, bad]) + "\n"

    report = run_import(text)

    assert report.created == 1
    assert [line for line, _, _ in reasons(report)] == [5]


def test_it_matches_french_headers_whatever_the_case_and_accents() -> None:
    row = {FRENCH_HEADER[key]: value for key, value in valid_row(1).items()}

    report = run_import(csv_bytes([row], delimiter=";"))

    assert (report.created, report.rejections, report.ignored_columns) == (1, [], [])
    member = Member.objects.get()
    assert (member.last_name_ar, member.grade_scale, member.step) == ("بناني", 11, 4)


def test_it_ignores_and_names_the_columns_it_does_not_know() -> None:
    row = valid_row(1) | {"Service payeur": "TGR", "Observations": "RAS"}

    report = run_import(csv_bytes([row]))

    assert report.created == 1
    assert report.ignored_columns == ["Service payeur", "Observations"]


def test_it_leaves_optional_columns_out_of_a_minimal_file() -> None:
    required = ["matricule", "cin", "last_name", "first_name", "birth_date", "sex", "position"]
    row = {key: valid_row(1)[key] for key in required}

    report = run_import(csv_bytes([row]))

    assert report.created == 1
    member = Member.objects.get()
    assert (member.rib, member.posting_type, member.is_deceased) == ("", "central", False)


def test_it_reads_the_private_email_that_registration_checks_against() -> None:
    """Registration sends a link only to the address the registry holds (issue 12, item 1):
    the importer must carry the private address of a retiree as well as the professional one."""
    row = valid_row(1, position="retired", pension_number="P1", professional_email="")
    row["email_personnel"] = "karim.retraite@example.ma"
    report = run_import(csv_bytes([row]))

    assert (report.created, report.rejections) == (1, [])
    assert Member.objects.get().private_email == "karim.retraite@example.ma"
