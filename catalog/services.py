"""Writes on the catalogue."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from catalog.models import Campaign
from registry.validators import add_years


def _next_year_moment(moment: dt.datetime) -> dt.datetime:
    local = timezone.localtime(moment)
    day = add_years(local.date(), 1)
    return timezone.make_aware(dt.datetime.combine(day, local.time().replace(tzinfo=None)))


def _next_year_day(day: dt.date | None) -> dt.date | None:
    return add_years(day, 1) if day is not None else None


@transaction.atomic
def open_campaigns(*, year: int) -> list[Campaign]:
    """Copy last year's campaigns (and their campaign rules) to ``year``, one year later.

    A campaign that already exists for ``year`` (same service and key) is left as it is, so
    running it twice creates nothing more; names have the year replaced.
    """
    previous, created = str(year - 1), []
    for source in Campaign.objects.filter(year=year - 1).prefetch_related("rules"):
        if Campaign.objects.filter(
            service_id=source.service_id, year=year, key=source.key
        ).exists():
            continue
        campaign = Campaign.objects.create(
            service_id=source.service_id,
            key=source.key,
            year=year,
            name_fr=source.name_fr.replace(previous, str(year)),
            name_ar=source.name_ar.replace(previous, str(year)),
            opens_at=_next_year_moment(source.opens_at),
            closes_at=_next_year_moment(source.closes_at),
            invoice_date_from=_next_year_day(source.invoice_date_from),
            invoice_date_to=_next_year_day(source.invoice_date_to),
            is_active=source.is_active,
        )
        for rule in source.rules.all():
            rule.pk = None
            rule.campaign = campaign
            rule.save()
        created.append(campaign)
    return created
