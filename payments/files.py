"""The two files of a payment batch: a CSV table for people and a fixed-width transfer file for
the bank ("virement de masse"), both carrying the batch's count and total.

The transfer file's layout is documented field by field in docs/admin-guide.md ("Fichier de
virement"); ``RECORD_LENGTH`` and the three ``*_FIELDS`` tables below are that layout.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from fos.csvfiles import csv_bytes

RECORD_LENGTH = 128
LINE_END = "\r\n"
CURRENCY = "MAD"
NAME_WIDTH = 35
REFERENCE_WIDTH = 40
COUNT_WIDTH = 6
LINE_AMOUNT_WIDTH = 15
TOTAL_WIDTH = 18
CENT = Decimal("0.01")

# (name, first position counting from 1, width): the documented layout of each record.
HEADER_FIELDS = (
    ("record_type", 1, 2),  # "01"
    ("batch_reference", 3, 16),
    ("created_on", 19, 8),  # AAAAMMJJ
    ("sender_rib", 27, 24),
    ("sender_name", 51, NAME_WIDTH),
    ("currency", 86, 3),
    ("count", 89, COUNT_WIDTH),
    ("total_centimes", 95, TOTAL_WIDTH),
    ("filler", 113, 16),
)
DETAIL_FIELDS = (
    ("record_type", 1, 2),  # "02"
    ("line_number", 3, COUNT_WIDTH),
    ("beneficiary_name", 9, NAME_WIDTH),
    ("rib", 44, 24),
    ("amount_centimes", 68, LINE_AMOUNT_WIDTH),
    ("reference", 83, REFERENCE_WIDTH),
    ("filler", 123, 6),
)
TRAILER_FIELDS = (
    ("record_type", 1, 2),  # "03"
    ("count", 3, COUNT_WIDTH),
    ("total_centimes", 9, TOTAL_WIDTH),
    ("filler", 27, 102),
)

_LIGATURES = str.maketrans({"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss", "Ø": "O"})
_NOT_BANK_TEXT = re.compile(r"[^A-Z0-9 ]+")


class FileLayoutError(ValueError):
    """A value does not fit its field; the file is not written."""


def fold_ascii(text: str) -> str:
    """Upper-case ASCII letters, digits and single spaces, as banks' files accept them:
    "Aït-Ṣaïd Œuvre" → "AIT SAID OEUVRE". Letters with no Latin form (Arabic) are dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii").upper()
    return " ".join(_NOT_BANK_TEXT.sub(" ", ascii_only).split())


def centimes(amount: Decimal) -> int:
    """The amount in centimes; refuses an amount with a fraction of a centime."""
    if amount.quantize(CENT) != amount:
        raise FileLayoutError(f"{amount} has a fraction of a centime")
    return int(amount * 100)


def _text(value: str, width: int) -> str:
    return value[:width].ljust(width)


def _number(value: int, width: int) -> str:
    text = str(value)
    if value < 0 or len(text) > width:
        raise FileLayoutError(f"{value} does not fit {width} digits")
    return text.zfill(width)


@dataclass(frozen=True)
class TransferLine:
    dossier_number: str
    matricule: str
    beneficiary_name: str
    rib: str
    amount: Decimal
    service_name: str


@dataclass(frozen=True)
class BatchFigures:
    reference: str
    created_on: dt.date
    count: int
    total: Decimal


def _record(*parts: str) -> str:
    record = "".join(parts)
    if len(record) != RECORD_LENGTH:
        raise FileLayoutError(f"record of {len(record)} characters instead of {RECORD_LENGTH}")
    return record


def bank_transfer_file(
    batch: BatchFigures,
    lines: Sequence[TransferLine],
    *,
    sender_rib: str,
    sender_name: str,
) -> bytes:
    """The "virement de masse" file: a header, one detail record per line, a trailer."""
    if len(sender_rib) != 24 or not sender_rib.isdigit():
        raise FileLayoutError("the sender's RIB must be 24 digits")
    if not batch.reference.isascii() or len(batch.reference) > 16:
        raise FileLayoutError("the batch reference does not fit")
    count = _number(batch.count, COUNT_WIDTH)
    total = _number(centimes(batch.total), TOTAL_WIDTH)
    records = [
        _record(
            "01",
            _text(batch.reference, 16),
            batch.created_on.strftime("%Y%m%d"),
            sender_rib,
            _text(fold_ascii(sender_name), NAME_WIDTH),
            CURRENCY,
            count,
            total,
            " " * 16,
        )
    ]
    for number, line in enumerate(lines, start=1):
        if len(line.rib) != 24 or not line.rib.isdigit():
            raise FileLayoutError(f"line {number}: the RIB must be 24 digits")
        reference = line.dossier_number
        if not reference.isascii() or len(reference) > REFERENCE_WIDTH:
            raise FileLayoutError(f"line {number}: the dossier number does not fit")
        records.append(
            _record(
                "02",
                _number(number, COUNT_WIDTH),
                _text(fold_ascii(line.beneficiary_name), NAME_WIDTH),
                line.rib,
                _number(centimes(line.amount), LINE_AMOUNT_WIDTH),
                _text(reference, REFERENCE_WIDTH),
                " " * 6,
            )
        )
    records.append(_record("03", count, total, " " * 102))
    return (LINE_END.join(records) + LINE_END).encode("ascii")


CSV_HEADER = (
    "Lot",
    "N°",
    "Numéro de dossier",
    "Matricule",
    "Bénéficiaire",
    "RIB",
    "Montant",
    "Prestation",
)
TOTAL_LABEL = "TOTAL"


def batch_csv_file(batch: BatchFigures, lines: Sequence[TransferLine]) -> bytes:
    """One row per transfer, then a TOTAL row with the count (column N°) and the total."""
    rows: list[list[str | int | Decimal | None]] = [
        [
            batch.reference,
            number,
            line.dossier_number,
            line.matricule,
            line.beneficiary_name,
            line.rib,
            line.amount,
            line.service_name,
        ]
        for number, line in enumerate(lines, start=1)
    ]
    rows.append([TOTAL_LABEL, batch.count, None, None, None, None, batch.total, None])
    return csv_bytes(CSV_HEADER, rows)
