"""The statistics' period: a year, or a range of days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fos.fields import DateField
from reports.selectors import Period

# The first "Espace Adhérent" opened in 2019 (DOMAIN.md): no statistic starts earlier.
FIRST_YEAR = 2019
MAX_RANGE_DAYS = 366 * 10


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def year_choices() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, FIRST_YEAR - 1, -1)]


class PeriodForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Année"), coerce=int, choices=year_choices, required=False
    )
    start = DateField(label=_("Du"), required=False, widget=date_widget())
    end = DateField(label=_("Au"), required=False, widget=date_widget())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            self.add_error("end", _("Indiquez les deux dates de la période, ou une année."))
        elif start and end:
            if end < start:
                self.add_error("end", _("Cette date précède la date de début."))
            elif (end - start).days > MAX_RANGE_DAYS:
                self.add_error("end", _("La période est limitée à dix ans."))
        return data

    def period(self) -> Period:
        """The period asked for; this year when the form is empty or not valid."""
        if self.is_valid():
            start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
            if isinstance(start, dt.date) and isinstance(end, dt.date):
                return Period(start, end)
            if self.cleaned_data.get("year"):
                return Period.year(int(self.cleaned_data["year"]))
        return Period.year(timezone.localdate().year)
