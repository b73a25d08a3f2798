"""CSV files that French-locale spreadsheets and bank back-ends read as they are, and the one
rule every exported spreadsheet cell (CSV or XLSX) goes through.

UTF-8 with a byte-order mark (Excel then reads the accents right), ";" between cells, CRLF
line ends, decimal comma for amounts. A text cell that a spreadsheet could take for a formula
gets a leading apostrophe (``safe_text``), so a name in a file never runs; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_PREFIX = "'"
# What a spreadsheet reads as the start of a formula; NFKC folds the full-width, small,
# superscript and subscript forms (U+FF1D, U+FF0B, U+FF0D, U+FF20, U+FE66, U+207A ...) onto these.
FORMULA_STARTS = frozenset("=+-@")
# A cell starting with one of these is split, trimmed or re-typed by some spreadsheets.
LINE_CONTROLS = frozenset("\t\r\n")
# Characters shown like a plus, minus or dash that NFKC leaves alone: a reader of the file, or a
# spreadsheet's locale, may take them for the ASCII sign.
SIGN_LOOKALIKES = frozenset("\u2212\u2795\u2796\u02d6\u02d7\u2052")
# Invisible or blank characters a spreadsheet may skip before the first one it reads.
_SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
# XML 1.0 refuses these control characters: openpyxl would raise on them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
Cell = str | int | Decimal | None


def _is_skipped(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in _SKIPPED_CATEGORIES


def _is_sign(char: str) -> bool:
    return (
        unicodedata.normalize("NFKC", char)[:1] in FORMULA_STARTS
        or char in SIGN_LOOKALIKES
        or unicodedata.category(char) == "Pd"  # every dash and hyphen
    )


def starts_a_formula(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (or re-type it as one)."""
    for char in text:
        if char in LINE_CONTROLS:
            return True
        if not _is_skipped(char):
            return _is_sign(char)
    return False


def safe_text(text: str) -> str:
    """The text with a leading apostrophe when it could start a formula, unchanged otherwise."""
    return FORMULA_PREFIX + text if starts_a_formula(text) else text


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("a CSV cell is text, a whole number or a Decimal, never a boolean")
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return safe_text(str(value))


def spreadsheet_value(value: Cell) -> Cell:
    """An XLSX cell's value: numbers as they are, text safe and free of what XML refuses."""
    if isinstance(value, bool):
        raise TypeError("a spreadsheet cell is text, a whole number or a Decimal, never a boolean")
    if value is None or isinstance(value, int | Decimal):
        return value
    return safe_text(_NOT_XML.sub("", str(value)))


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
