"""Yearly campaign templates from the default catalogue's 2026 campaigns; this year's campaigns.

A template keeps the 2026 window as month and day bounds and the name without its year. Then
the current year's campaigns are opened relative to the day the migration runs, as
``catalog.services.open_yearly_campaigns`` does (next year's are the daily task's; written out here: a migration
does not import app code that may change). Re-running is harmless.
"""

import datetime as dt

from django.db import migrations
from django.utils import timezone

SOURCE_YEAR = 2026


def _day_in(year, month, day):
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, day - 1)


def _after(year, month, day, start):
    end = _day_in(year, month, day)
    return end if end > start else _day_in(year + 1, month, day)


def create_templates(apps, schema_editor):
    Campaign = apps.get_model("catalog", "Campaign")
    CampaignTemplate = apps.get_model("catalog", "CampaignTemplate")
    for campaign in Campaign.objects.filter(year=SOURCE_YEAR):
        opens = timezone.localtime(campaign.opens_at).date()
        closes = timezone.localtime(campaign.closes_at).date()
        invoice = {}
        if campaign.invoice_date_from and campaign.invoice_date_to:
            invoice = {
                "invoice_from_month": campaign.invoice_date_from.month,
                "invoice_from_day": campaign.invoice_date_from.day,
                "invoice_to_month": campaign.invoice_date_to.month,
                "invoice_to_day": campaign.invoice_date_to.day,
            }
        CampaignTemplate.objects.get_or_create(
            service_id=campaign.service_id,
            key=campaign.key,
            defaults={
                "name_fr": " ".join(campaign.name_fr.replace(str(SOURCE_YEAR), "").split()),
                "name_ar": " ".join(campaign.name_ar.replace(str(SOURCE_YEAR), "").split()),
                "opens_month": opens.month,
                "opens_day": opens.day,
                "closes_month": closes.month,
                "closes_day": closes.day,
                **invoice,
            },
        )


def open_current_campaigns(apps, schema_editor):
    Campaign = apps.get_model("catalog", "Campaign")
    CampaignTemplate = apps.get_model("catalog", "CampaignTemplate")
    Rule = apps.get_model("catalog", "Rule")
    today = timezone.localdate()
    years = [today.year]
    templates = CampaignTemplate.objects.filter(is_active=True, service__is_active=True)
    for year in years:
        for template in templates:
            if Campaign.objects.filter(
                service_id=template.service_id, year=year, key=template.key
            ).exists():
                continue
            opens = _day_in(year, template.opens_month, template.opens_day)
            closes = _after(year, template.closes_month, template.closes_day, opens)
            invoice_from = invoice_to = None
            if template.invoice_from_month:
                invoice_from = _day_in(year, template.invoice_from_month, template.invoice_from_day)
                invoice_to = _day_in(year, template.invoice_to_month, template.invoice_to_day)
                if invoice_to < invoice_from:
                    invoice_to = _day_in(year + 1, template.invoice_to_month, template.invoice_to_day)
            campaign = Campaign.objects.create(
                service_id=template.service_id,
                key=template.key,
                year=year,
                name_fr=f"{template.name_fr} {year}",
                name_ar=f"{template.name_ar} {year}",
                opens_at=timezone.make_aware(dt.datetime.combine(opens, dt.time())),
                closes_at=timezone.make_aware(dt.datetime.combine(closes, dt.time())),
                invoice_date_from=invoice_from,
                invoice_date_to=invoice_to,
            )
            previous = (
                Campaign.objects.filter(
                    service_id=template.service_id, key=template.key, year__lt=year
                )
                .order_by("-year")
                .first()
            )
            for rule in Rule.objects.filter(campaign=previous) if previous else []:
                rule.pk = None
                rule.campaign = campaign
                rule.save()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_campaign_template")]

    operations = [
        migrations.RunPython(create_templates, migrations.RunPython.noop),
        migrations.RunPython(open_current_campaigns, migrations.RunPython.noop),
    ]
