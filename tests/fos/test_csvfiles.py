"""CSV files for French-locale spreadsheets: BOM, ";", decimal comma, no formula ever runs."""

from __future__ import annotations

from decimal import Decimal

from fos.csvfiles import cell_text, csv_bytes, decimal_from_cell


def test_it_writes_utf8_with_a_bom_and_semicolons() -> None:
    content = csv_bytes(["Nom", "Montant"], [["Zoé", Decimal("1000.10")], ["Ali", None]])

    assert content == "\ufeffNom;Montant\r\nZoé;1000,10\r\nAli;\r\n".encode()


def test_it_keeps_every_centime() -> None:
    for amount in ("0.35", "1250.45", "99999999.99"):
        assert decimal_from_cell(cell_text(Decimal(amount))) == Decimal(amount)


def test_a_cell_never_becomes_a_formula() -> None:
    assert cell_text('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert cell_text("-2+3") == "'-2+3"
    assert cell_text("@SUM(A1)") == "'@SUM(A1)"
    assert cell_text("Benjelloun") == "Benjelloun"
