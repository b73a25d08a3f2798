"""The statistics as files: CSV (UTF-8 with BOM, ";") per table, and one XLSX workbook.

Both carry the numbers of the page: whole numbers for files, amounts as Decimal with two
decimals (a number cell with a 2-decimal format in XLSX, never a float), the median in days to
the tenth. The files are in French (header, service names, statuses) whatever the reader's
language, so that files from different people line up.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from fos.csvfiles import Cell, csv_bytes, spreadsheet_value
from reports.selectors import ServiceFigures, Statistics

SERVICE_HEADER = (
    "Prestation",
    "Code",
    "Dossiers",
    "En cours",
    "Acceptés",
    "Rejetés",
    "Annulés",
    "Montants modifiés",
    "Montant accordé",
    "Montant payé",
    "Délai médian (jours)",
)
STATUS_HEADER = ("Statut", "Dossiers")
TOTAL_LABEL = "Total"
AMOUNT_FORMAT = "#,##0.00"
DAYS_FORMAT = "0.0"
COUNT_FORMAT = "0"
# Column formats of the service sheet, in SERVICE_HEADER order.
SERVICE_FORMATS = (
    None,
    None,
    COUNT_FORMAT,
    COUNT_FORMAT,
    COUNT_FORMAT,
    COUNT_FORMAT,
    COUNT_FORMAT,
    COUNT_FORMAT,
    AMOUNT_FORMAT,
    AMOUNT_FORMAT,
    DAYS_FORMAT,
)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _service_row(figures: ServiceFigures) -> list[Cell]:
    service = figures.service
    return [
        service.name if service else TOTAL_LABEL,
        service.code if service else None,
        figures.files,
        figures.in_progress,
        figures.granted,
        figures.rejected,
        figures.cancelled,
        figures.overridden,
        figures.approved_amount,
        figures.paid_amount,
        figures.median_days,
    ]


def service_rows(stats: Statistics) -> list[list[Cell]]:
    return [*(_service_row(f) for f in stats.services), _service_row(stats.total)]


def status_rows(stats: Statistics) -> list[list[Cell]]:
    rows: list[list[Cell]] = [[row.label, row.files] for row in stats.statuses]
    rows.append([TOTAL_LABEL, sum(row.files for row in stats.statuses)])
    return rows


def services_csv(stats: Statistics) -> bytes:
    with translation.override("fr"):
        return csv_bytes(SERVICE_HEADER, service_rows(stats))


def statuses_csv(stats: Statistics) -> bytes:
    with translation.override("fr"):
        return csv_bytes(STATUS_HEADER, status_rows(stats))


def _sheet(
    workbook: Workbook,
    title: str,
    header: Sequence[str],
    rows: list[list[Cell]],
    formats: Sequence[str | None],
    *,
    first: bool = False,
) -> None:
    sheet = workbook.active if first else None
    if sheet is None:
        sheet = workbook.create_sheet()
    sheet.title = title
    sheet.append([spreadsheet_value(title_text) for title_text in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([spreadsheet_value(value) for value in row])
    for index, title_text in enumerate(header, start=1):
        number_format = formats[index - 1]
        widest = max([len(str(title_text)), *(len(_shown(r[index - 1])) for r in rows)])
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(max(widest + 2, 10), 60)
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"


def _shown(value: Cell) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return "" if value is None else str(value)


def statistics_xlsx(stats: Statistics) -> bytes:
    """Two sheets, "Par prestation" and "Par statut", each with a header row and a total."""
    workbook = Workbook()
    with translation.override("fr"):
        services, statuses = service_rows(stats), status_rows(stats)
    _sheet(workbook, "Par prestation", SERVICE_HEADER, services, SERVICE_FORMATS, first=True)
    _sheet(workbook, "Par statut", STATUS_HEADER, statuses, (None, COUNT_FORMAT))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
