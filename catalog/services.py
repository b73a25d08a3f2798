"""Writes on the catalogue."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from catalog.models import Campaign, CampaignTemplate, Service
from registry.validators import add_years

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

# From this month on, next year's campaigns are opened too, so that an administrator sees (and
# may adjust) them before they open, and none is missing at midnight on 1 January.
NEXT_YEAR_FROM_MONTH = 12


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


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def years_due(today: dt.date) -> list[int]:
    """The years whose yearly campaigns must exist on ``today``."""
    return [today.year, today.year + 1] if today.month >= NEXT_YEAR_FROM_MONTH else [today.year]


@transaction.atomic
def open_yearly_campaigns(*, year: int, actor: User | None = None) -> list[Campaign]:
    """Open ``year``'s campaign of every active template of an active service, once.

    The window comes from the template; the campaign rules (quotas, ceilings of a campaign) are
    those of the service's latest campaign with the same key, so what an administrator set
    carries on from year to year. A campaign that exists for the year and key is left as it is.
    Each campaign opened is written to the admin's history (by ``actor``, when there is one)
    and to the log.
    """
    templates = CampaignTemplate.objects.filter(is_active=True, service__is_active=True)
    created = []
    for template in templates.select_related("service").order_by("pk"):
        if Campaign.objects.filter(
            service_id=template.service_id, year=year, key=template.key
        ).exists():
            continue
        campaign = _open(template, year)
        _carry_rules(campaign)
        _audit(campaign, actor)
        created.append(campaign)
    return created


def _open(template: CampaignTemplate, year: int) -> Campaign:
    opens, closes = template.window(year)
    invoice_from, invoice_to = template.invoice_window(year)
    return Campaign.objects.create(
        service_id=template.service_id,
        key=template.key,
        year=year,
        name_fr=f"{template.name_fr} {year}",
        name_ar=f"{template.name_ar} {year}",
        opens_at=_midnight(opens),
        closes_at=_midnight(closes),
        invoice_date_from=invoice_from,
        invoice_date_to=invoice_to,
    )


def _carry_rules(campaign: Campaign) -> None:
    previous = (
        Campaign.objects.filter(
            service_id=campaign.service_id, key=campaign.key, year__lt=campaign.year
        )
        .order_by("-year")
        .first()
    )
    if previous is None:
        return
    for rule in previous.rules.all():
        rule.pk = None
        rule.campaign = campaign
        rule.save()


def _audit(campaign: Campaign, actor: User | None) -> None:
    logger.info("Yearly campaign opened: %s (%s)", campaign.name_fr, campaign.service.code)
    if actor is None:
        return
    LogEntry.objects.create(
        user_id=actor.pk,
        content_type_id=ContentType.objects.get_for_model(Campaign).pk,
        object_id=str(campaign.pk),
        object_repr=str(campaign)[:200],
        action_flag=ADDITION,
        change_message=f"Campagne annuelle {campaign.year} ouverte d'après son modèle.",
    )


def open_due_campaigns(
    *, today: dt.date | None = None, actor: User | None = None
) -> list[Campaign]:
    """This year's yearly campaigns, and next year's in December (what the daily task runs)."""
    day = today or timezone.localdate()
    return [
        campaign
        for year in years_due(day)
        for campaign in open_yearly_campaigns(year=year, actor=actor)
    ]


DEMO_KEY = "demo"
DEMO_OPENED_DAYS_AGO = 60
DEMO_CLOSES_IN_DAYS = 120
DEMO_LASTS_AT_LEAST_DAYS = 30


@transaction.atomic
def open_demo_campaigns(*, today: dt.date | None = None) -> list[Campaign]:
    """A campaign open today for every active service that would not be open today and a month
    later (the demo only); returns the campaigns opened or moved.

    Its window is counted from the day the demo is seeded, and runs far enough past it (over
    the turn of the year too) that each service can be requested on whatever day the demo is
    shown; its invoice window is the same, for services that check invoices.
    """
    day = today or timezone.localdate()
    now = _midnight(day)
    # open today and a month later (by the same campaign or the next): a campaign closing
    # tomorrow leaves the demo shown next week with nothing to request
    later = _midnight(day + dt.timedelta(days=DEMO_LASTS_AT_LEAST_DAYS))
    active = Campaign.objects.filter(is_active=True)
    open_now = active.filter(opens_at__lte=now, closes_at__gt=now).values("service_id")
    open_later = active.filter(opens_at__lte=later, closes_at__gt=later).values("service_id")
    services = Service.objects.filter(is_active=True).exclude(
        Q(pk__in=open_now) & Q(pk__in=open_later)
    )
    created = []
    for service in services.order_by("pk"):
        # update: a demo campaign of this year that has closed since is moved to today
        campaign, _created = Campaign.objects.update_or_create(
            service=service,
            year=day.year,
            key=DEMO_KEY,
            defaults={
                "name_fr": f"{service.name_fr} (démonstration {day.year})",
                "name_ar": f"{service.name_ar} (عرض تجريبي {day.year})",
                "opens_at": _midnight(day - dt.timedelta(days=DEMO_OPENED_DAYS_AGO)),
                "closes_at": _midnight(day + dt.timedelta(days=DEMO_CLOSES_IN_DAYS)),
                "invoice_date_from": day - dt.timedelta(days=DEMO_OPENED_DAYS_AGO),
                "invoice_date_to": day + dt.timedelta(days=DEMO_CLOSES_IN_DAYS),
            },
        )
        created.append(campaign)
    return created
