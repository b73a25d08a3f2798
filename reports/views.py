"""The back office's "Statistiques" under /backoffice/reports/ (mounted by fos/urls.py)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from backoffice.access import staff_required
from reports import exports
from reports.access import services_in_scope
from reports.charts import BarChart, Number, bar_chart
from reports.forms import PeriodForm
from reports.selectors import ServiceFigures, Statistics, statistics

EXPORTS: dict[str, tuple[Callable[[Statistics], bytes], str, str]] = {
    "services.csv": (exports.services_csv, "text/csv; charset=utf-8", "prestations"),
    "statuses.csv": (exports.statuses_csv, "text/csv; charset=utf-8", "statuts"),
    "xlsx": (exports.statistics_xlsx, exports.XLSX_CONTENT_TYPE, ""),
}


def _count(value: Number) -> str:
    return number_format(value, 0, force_grouping=True)


def _amount(value: Number) -> str:
    return number_format(Decimal(value), 2, force_grouping=True)


def _name(figures: ServiceFigures) -> str:
    return figures.service.name if figures.service else ""


def _charts(stats: Statistics, granting: list[ServiceFigures]) -> list[BarChart]:
    rtl = get_language_bidi()
    return [
        bar_chart(
            slug="files",
            title=_("Dossiers par prestation"),
            labels=[_name(f) for f in stats.services],
            series=[(_("Dossiers"), [f.files for f in stats.services])],
            text=_count,
            rtl=rtl,
        ),
        bar_chart(
            slug="amounts",
            title=_("Montants accordés et payés par prestation"),
            labels=[_name(f) for f in granting],
            series=[
                (_("Accordé"), [f.approved_amount for f in granting]),
                (_("Payé"), [f.paid_amount for f in granting]),
            ],
            text=_amount,
            rtl=rtl,
        ),
        bar_chart(
            slug="statuses",
            title=_("Dossiers par statut"),
            labels=[row.label for row in stats.statuses],
            series=[(_("Dossiers"), [row.files for row in stats.statuses])],
            text=_count,
            rtl=rtl,
        ),
    ]


@never_cache
@require_GET
@staff_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    stats = statistics(form.period(), scope=services_in_scope(request.user))
    granting = [figures for figures in stats.services if figures.approved_amount]
    files, amounts, statuses = _charts(stats, granting)
    context = {
        "form": form,
        "stats": stats,
        "granting": granting,
        "files_chart": files,
        "amounts_chart": amounts,
        "statuses_chart": statuses,
        "query": request.GET.urlencode(),
    }
    return render(request, "reports/backoffice/statistics.html", context)


@never_cache
@require_GET
@staff_required
def statistics_export(request: HttpRequest, kind: str) -> HttpResponse:
    writer, content_type, name = EXPORTS[kind]
    form = PeriodForm(request.GET or None)
    stats = statistics(form.period(), scope=services_in_scope(request.user))
    extension = "xlsx" if kind == "xlsx" else "csv"
    stem = "-".join(part for part in ("statistiques", name, stats.period.slug) if part)
    response = HttpResponse(writer(stats), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{extension}"'
    return response
