"""Build registry CSV files for the import tests: every row is valid unless a test says so."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from registry.importer import HEADERS, ImportReport, import_members
from registry.validators import rib_key

HEADER = list(HEADERS)


def make_rib(n: int) -> str:
    prefix = f"230810{n:016d}"
    return prefix + rib_key(prefix)


def valid_row(n: int = 1, **overrides: str) -> dict[str, str]:
    row = {
        "matricule": f"{500000 + n}",
        "cin": f"CD{500000 + n}",
        "last_name": "Bennani",
        "first_name": f"Karim{n}",
        "last_name_ar": "بناني",
        "first_name_ar": "كريم",
        "birth_date": "1982-03-14",
        "sex": "M",
        "position": "active",
        "pension_number": "",
        "grade_scale": "11",
        "step": "4",
        "recruitment_date": "2008-09-01",
        "posting_type": "external",
        "posting_entity": "Trésorerie provinciale",
        "posting_city": "Oujda",
        "posting_province": "oujda-angad",
        "professional_email": f"karim{n}@finances.gov.ma",
        "phone": "0661234567",
        "rib": make_rib(n),
        "deceased": "0",
        "death_date": "",
    }
    return row | overrides


def csv_text(
    rows: Sequence[Mapping[str, str]],
    *,
    header: Sequence[str] | None = None,
    delimiter: str = ",",
    newline: str = "\n",
) -> str:
    """The rows under ``header`` (default: the first row's keys, else the canonical header)."""
    columns = list(header or (rows[0] if rows else HEADER))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue()


def csv_bytes(rows: Sequence[Mapping[str, str]], *, delimiter: str = ",") -> bytes:
    return csv_text(rows, delimiter=delimiter).encode("utf-8")


def run_import(
    data: bytes | str, *, batch_size: int | None = None, dry_run: bool = False
) -> ImportReport:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return import_members(io.BytesIO(raw), batch_size=batch_size, dry_run=dry_run)


def reasons(report: ImportReport) -> list[tuple[int, str, str]]:
    return [(r.line, r.matricule, r.reason) for r in report.rejections]
