"""A quote that opens a cell and never closes it is reported at the line where it was opened,
not as a column count on some line further down, on every entry point (issue 12, item 9)."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.importer import ImportFileError, _records, open_quote_line
from registry.models import Member
from tests.registry.import_csv import csv_bytes, reasons, run_import, valid_row

pytestmark = pytest.mark.django_db


def lines_of(*rows: dict[str, str]) -> list[str]:
    return csv_bytes(list(rows)).decode().splitlines(keepends=True)


def test_a_quote_left_open_to_the_end_of_the_file_is_reported_where_it_opens() -> None:
    header, first = lines_of(valid_row(1))
    _header, third, fourth = lines_of(valid_row(3), valid_row(4))
    broken = '500002,"CD500002,Bennani,Karim2\n'

    report = run_import(header + first + broken + third + fourth)

    assert reasons(report) == [
        (
            3,
            "",
            "Guillemet ouvert à la ligne 3 et jamais refermé en fin de cellule : "
            "l'import s'arrête à cette ligne.",
        )
    ]
    assert list(Member.objects.values_list("matricule", flat=True)) == ["500001"]


def test_a_quote_closed_by_the_next_quoted_cell_further_down_is_still_reported_where_it_opens() -> (
    None
):
    header, first = lines_of(valid_row(1))
    _header, *later = lines_of(
        valid_row(3), valid_row(4), valid_row(5, posting_entity="Trésorerie, Oujda")
    )
    broken = '500002,"CD500002\n'

    report = run_import("".join([header, first, broken, *later]))

    [(line, _matricule, reason)] = reasons(report)
    assert line == 3
    assert reason.startswith("Guillemet ouvert à la ligne 3 ")
    assert "colonnes" not in reason


def test_a_quote_that_swallows_line_ends_is_reported_where_it_opens_and_the_rest_is_read() -> None:
    header, first = lines_of(valid_row(1))
    _header, *later = lines_of(valid_row(4), valid_row(5))
    swallowed = '500002,"CD500002,Bennani\n500003,CD500003,Bennani"\n'

    report = run_import("".join([header, first, swallowed, *later]))

    assert reasons(report) == [
        (
            3,
            "500002",
            "Guillemet ouvert à la ligne 3 et refermé seulement à la ligne 4 : ces lignes ont "
            "été lues comme une seule, de 2 colonnes au lieu de 22.",
        )
    ]
    assert Member.objects.count() == 3


def test_the_line_is_that_of_the_quote_when_an_earlier_cell_of_the_record_spans_lines() -> None:
    lines = ['500002,"Ligne\n', 'suite",x\n', '500003,"CD,y\n']

    assert open_quote_line(lines, 10, ",") == 12
    assert open_quote_line(lines[:2], 10, ",") == 10


def test_a_header_with_an_unclosed_quote_refuses_the_file_and_names_line_1() -> None:
    text = csv_bytes([valid_row(1)]).decode().replace("matricule", '"matricule', 1)

    with pytest.raises(ImportFileError, match="Guillemet ouvert à la ligne 1 "):
        run_import(text)


def test_the_command_reports_it_at_the_same_line(tmp_path: Path) -> None:
    header, first = lines_of(valid_row(1))
    path = tmp_path / "registre.csv"
    path.write_text(header + first + '500002,"CD500002,Bennani\n', encoding="utf-8")
    out = io.StringIO()

    call_command("import_registry", str(path), stdout=out)

    assert (
        "Ligne 3 (matricule ?) : Guillemet ouvert à la ligne 3 et jamais refermé en fin de "
        "cellule : l'import s'arrête à cette ligne."
    ) in out.getvalue().splitlines()


CELL = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r\n\x00"), max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=5))
def test_any_file_a_csv_writer_makes_is_read_back_without_a_syntax_error(
    rows: list[list[str]],
) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([["a", "b", "c"], *rows])

    records = list(_records(out.getvalue(), ","))

    assert all(not record.error for record in records)
    assert [record.cells for record in records[1:]] == [
        row for row in rows if any(cell.strip() for cell in row)
    ]
