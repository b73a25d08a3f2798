"""CSV files that French-locale spreadsheets and bank back-ends read as they are.

UTF-8 with a byte-order mark (Excel then reads the accents right), ";" between cells, CRLF
line ends, decimal comma for amounts. A text cell that a spreadsheet would take for a formula
(=, +, -, @, tab, carriage return) gets a leading apostrophe, so a name in a file never runs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | Decimal | None


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("a CSV cell is text, a whole number or a Decimal, never a boolean")
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([cell_text(str(title)) for title in header])
    for row in rows:
        writer.writerow([cell_text(value) for value in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def decimal_from_cell(text: str) -> Decimal:
    """The Decimal a cell written by ``cell_text`` holds (for readers and tests)."""
    return Decimal(text.replace(",", "."))
