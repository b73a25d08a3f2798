"""No cell of a file the portal exports can start a formula, whatever character it opens with
(issue 12, item 9): one helper (fos.csvfiles.safe_text) guards the CSV writer and every XLSX
sheet. Numbers stay numbers."""

# ruff: noqa: RUF001  (the look-alike characters are the point of these tests)

from __future__ import annotations

import csv
import io
import unicodedata
from decimal import Decimal

import pytest
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from fos.csvfiles import cell_text, csv_bytes, safe_text, spreadsheet_value
from tests.reports.conftest import KnownSet

YEAR = "?year=2025"
# What spreadsheets (Excel, LibreOffice, Google Sheets) read as a formula once they have skipped
# what they skip: written here from their documentation, apart from the helper's own rules.
SPREADSHEET_SIGNS = "=+-@"
SPREADSHEET_CONTROLS = "\t\r\n"


def spreadsheet_would_compute(text: str) -> bool:
    stripped = text.lstrip(" \u00a0\u3000\u200b\u200e\u200f\ufeff\u2060\u202a\u202b\u202e")
    if any(char in SPREADSHEET_CONTROLS for char in text[: len(text) - len(stripped) + 1]):
        return True
    if not stripped:
        return False
    return unicodedata.normalize("NFKC", stripped[0])[:1] in SPREADSHEET_SIGNS


DANGEROUS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\n=1",
    "\tplain",
    "   =1+1",
    "\u00a0=1",
    "\u3000=1",
    "\u200b=1",
    "\u202e=1",
    "\ufeff=1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "﹦1",
    "﹢1",
    "﹣1",
    "﹫x",
    "⁼1",
    "₊1",
    "\u22121",  # minus sign
    "\u2013cmd",  # en dash
    "\u2796x",  # heavy minus sign
    '=HYPERLINK("http://x";"cliquer")',
    "=cmd|' /C calc'!A0",
]
TRICKY = st.sampled_from([*"=+-@\t\r\n \u00a0\u200b\u202e\ufeff＝＋－＠﹦\u2212", "a", "1", "'"])
TEXT = st.text(st.one_of(TRICKY, st.characters(exclude_categories=["Cs"])), max_size=12)


@pytest.mark.parametrize("text", DANGEROUS)
def test_each_known_way_to_start_a_formula_gets_the_apostrophe(text: str) -> None:
    assert safe_text(text) == "'" + text
    assert cell_text(text) == "'" + text
    assert spreadsheet_value(text) == "'" + text


@pytest.mark.parametrize("text", ["Benjelloun", "Aït-Saïd", "بناني", "", " ", "'=déjà", "1-2"])
def test_plain_text_is_left_as_it_is(text: str) -> None:
    assert safe_text(text) == text


@given(TEXT)
@example("  ＝1")
@example("\u200b\t")
def test_no_text_cell_the_helper_produces_can_start_a_formula(text: str) -> None:
    for produced in (safe_text(text), cell_text(text), spreadsheet_value(text)):
        assert isinstance(produced, str)
        assert not spreadsheet_would_compute(produced)


@given(TEXT)
def test_the_helper_only_ever_adds_one_apostrophe_and_always_when_needed(text: str) -> None:
    assert safe_text(text) in (text, "'" + text)
    if spreadsheet_would_compute(text):
        assert safe_text(text) == "'" + text


@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.decimals(places=2, allow_nan=False, allow_infinity=False),
)
def test_numbers_stay_numbers(number: int, amount: Decimal) -> None:
    assert spreadsheet_value(number) == number
    assert cell_text(number) == str(number)
    assert spreadsheet_value(amount) == amount
    assert cell_text(amount) == format(amount, "f").replace(".", ",")


@given(st.lists(TEXT, min_size=1, max_size=4))
def test_a_workbook_of_these_cells_holds_no_formula(texts: list[str]) -> None:
    workbook = Workbook()
    workbook.active.append([spreadsheet_value(text) for text in texts])
    buffer = io.BytesIO()
    workbook.save(buffer)

    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet is not None
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            assert cell.value is None or not spreadsheet_would_compute(str(cell.value))


def test_the_csv_writer_guards_the_header_and_every_row() -> None:
    content = csv_bytes(["=titre"], [["＠x"], [Decimal("-5.00")], [-3]]).decode("utf-8-sig")

    assert content == "'=titre\r\n'＠x\r\n-5,00\r\n-3\r\n"


HOSTILE = {"AID": '=HYPERLINK("http://x";"Aide")', "LOAN": " ＋1+1", "CAMP": "\u2212Colonie"}


@pytest.fixture
def hostile(known: KnownSet) -> KnownSet:
    for service in (known.aid, known.loan, known.camp):
        service.name_fr = HOSTILE[service.code]
        service.save(update_fields=["name_fr"])
    return known


@pytest.mark.django_db
def test_the_statistics_csv_neutralises_service_names(
    supervisor_client: Client, hostile: KnownSet
) -> None:
    response = supervisor_client.get(f"/backoffice/reports/export/services.csv{YEAR}")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    names = {row[1]: row[0] for row in rows[1:] if row[1]}
    assert names["AID"] == "'" + HOSTILE["AID"]
    assert names["LOAN"] == "'" + HOSTILE["LOAN"]
    assert not any(spreadsheet_would_compute(cell) for row in rows for cell in row)


@pytest.mark.django_db
def test_the_statistics_workbook_neutralises_service_names_and_keeps_numbers(
    supervisor_client: Client, hostile: KnownSet
) -> None:
    response = supervisor_client.get(f"/backoffice/reports/export/xlsx{YEAR}")

    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Par prestation"]
    aid = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "AID")
    assert aid[0].value == "'" + HOSTILE["AID"] and aid[0].data_type == "s"
    assert aid[2].value == 4 and aid[2].data_type == "n"
    assert aid[8].data_type == "n"
    for name in workbook.sheetnames:
        for row in workbook[name].iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    assert not spreadsheet_would_compute(cell.value), cell.coordinate
