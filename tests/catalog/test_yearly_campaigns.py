"""Each service's yearly campaign is opened from its template by a scheduled task, once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from catalog import tasks
from catalog.constants import RulePurpose
from catalog.models import Campaign, CampaignTemplate, Rule, Service
from catalog.services import open_due_campaigns, open_yearly_campaigns, years_due
from tests.catalog.factories import ServiceFactory, local
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FUTURE = 2031


def test_the_default_catalogue_has_a_template_for_every_campaign_of_2026() -> None:
    keys_2026 = set(Campaign.objects.filter(year=2026).values_list("service__code", "key"))
    templates = set(CampaignTemplate.objects.values_list("service__code", "key"))
    assert keys_2026 <= templates
    assert not Service.objects.filter(is_active=True, campaign_templates__isnull=True).exists()


def test_the_template_keeps_the_2026_window() -> None:
    summer = CampaignTemplate.objects.get(service__code="ESTIVAGE", key="summer")
    assert summer.name_fr == "Estivage — été"
    assert summer.window(FUTURE) == (dt.date(FUTURE, 7, 1), dt.date(FUTURE, 10, 1))
    assert summer.invoice_window(FUTURE) == (dt.date(FUTURE, 7, 1), dt.date(FUTURE, 9, 15))
    all_year = CampaignTemplate.objects.get(service__code="PRET_SOC")
    assert all_year.window(FUTURE) == (dt.date(FUTURE, 1, 1), dt.date(FUTURE + 1, 1, 1))


def test_the_task_opens_next_years_campaigns_exactly_once() -> None:
    with time_machine.travel(local(FUTURE - 1, 12, 1, 0, 5)):
        tasks.open_yearly_campaigns.delay()
        tasks.open_yearly_campaigns.delay()
    templates = CampaignTemplate.objects.filter(is_active=True, service__is_active=True)
    opened = Campaign.objects.filter(year=FUTURE)
    assert opened.count() == templates.count()
    assert set(opened.values_list("service_id", "key")) == set(
        templates.values_list("service_id", "key")
    )
    assert Campaign.objects.filter(year=FUTURE - 1).count() == templates.count()


def test_the_new_campaign_follows_the_template_and_keeps_the_campaign_rules() -> None:
    template = CampaignTemplate.objects.get(service__code="ESTIVAGE", key="off-summer")
    template.closes_month, template.closes_day = 12, 20
    template.save()
    last_year = Campaign.objects.get(service__code="ESTIVAGE", year=2026, key="off-summer")
    quota = Rule.objects.create(
        service=last_year.service,
        campaign=last_year,
        purpose=RulePurpose.ELIGIBILITY,
        kind="max_count_per_campaign_per_beneficiary",
        params={"max_count": 2},
        order=99,
    )
    open_yearly_campaigns(year=2027)
    open_yearly_campaigns(year=2027)
    campaign = Campaign.objects.get(service__code="ESTIVAGE", year=2027, key="off-summer")
    assert campaign.name_fr == "Estivage — hors été 2027"
    assert campaign.name_ar == "الاصطياف — خارج فترة الصيف 2027"
    assert timezone.localtime(campaign.opens_at) == local(2027, 9, 16)
    assert timezone.localtime(campaign.closes_at) == local(2027, 12, 20)
    assert (campaign.invoice_date_from, campaign.invoice_date_to) == (
        dt.date(2027, 9, 16),
        dt.date(2027, 11, 30),
    )
    rules = list(campaign.rules.values_list("kind", "params", "order"))
    assert rules == [(quota.kind, quota.params, quota.order)]


def test_it_leaves_a_campaign_the_administrator_already_made_for_the_year() -> None:
    template = CampaignTemplate.objects.get(service__code="PRET_AID")
    made = Campaign.objects.create(
        service=template.service,
        key=template.key,
        year=FUTURE,
        name_fr="Prêt Aïd avancé",
        opens_at=local(FUTURE, 3, 1),
        closes_at=local(FUTURE, 4, 1),
    )
    assert template.service_id not in {c.service_id for c in open_yearly_campaigns(year=FUTURE)}
    made.refresh_from_db()
    assert made.name_fr == "Prêt Aïd avancé"


def test_an_inactive_template_opens_nothing() -> None:
    CampaignTemplate.objects.filter(service__code="CTM").update(is_active=False)
    open_yearly_campaigns(year=FUTURE)
    assert not Campaign.objects.filter(service__code="CTM", year=FUTURE).exists()


def test_a_29_february_bound_falls_on_the_28th_in_a_common_year() -> None:
    template = CampaignTemplate.objects.create(
        service=ServiceFactory.create(),
        name_fr="Fin février",
        name_ar="نهاية فبراير",
        opens_month=2,
        opens_day=29,
        closes_month=3,
        closes_day=31,
    )
    assert template.window(2027) == (dt.date(2027, 2, 28), dt.date(2027, 3, 31))
    assert template.window(2028) == (dt.date(2028, 2, 29), dt.date(2028, 3, 31))


def test_it_refuses_a_day_that_no_month_has_and_half_an_invoice_window() -> None:
    template = CampaignTemplate(
        service=ServiceFactory.create(),
        name_fr="x",
        name_ar="x",
        opens_month=4,
        opens_day=31,
        closes_month=5,
        closes_day=1,
        invoice_from_month=4,
        invoice_from_day=1,
    )
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert {"opens_day", "invoice_to_day"} <= set(error.value.message_dict)


def test_next_years_campaigns_are_due_from_december() -> None:
    assert years_due(dt.date(2027, 11, 30)) == [2027]
    assert years_due(dt.date(2027, 12, 1)) == [2027, 2028]


def test_an_administrator_who_opens_them_is_written_in_the_admin_history() -> None:
    admin = UserFactory.create(is_staff=True)
    with time_machine.travel(local(FUTURE, 2, 1)):
        opened = open_due_campaigns(actor=admin)
    assert opened
    assert LogEntry.objects.filter(user=admin).count() == len(opened)


def test_the_command_opens_them_and_says_how_many() -> None:
    out = StringIO()
    call_command("open_yearly_campaigns", "--year", str(FUTURE), stdout=out)
    call_command("open_yearly_campaigns", "--year", str(FUTURE), stdout=out)
    count = CampaignTemplate.objects.filter(is_active=True, service__is_active=True).count()
    assert f"{count} yearly campaign(s) opened." in out.getvalue()
    assert "0 yearly campaign(s) opened." in out.getvalue()


def test_celery_beat_runs_the_task_daily() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["open-yearly-campaigns"]
    assert entry["task"] == "catalog.tasks.open_yearly_campaigns"
