"""open_campaigns copies last year's campaigns one year later, once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from catalog.constants import RulePurpose
from catalog.models import Campaign, Rule
from tests.catalog.factories import local

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_2026() -> None:
    # From 2027 on the migrations also open the current year's campaigns from their templates.
    Campaign.objects.filter(year__gt=2026).delete()


def test_it_creates_next_years_campaigns_from_this_years() -> None:
    out = StringIO()
    call_command("open_campaigns", "--year", "2027", stdout=out)
    assert Campaign.objects.filter(year=2027).count() == Campaign.objects.filter(year=2026).count()
    off_summer = Campaign.objects.get(service__code="ESTIVAGE", year=2027, key="off-summer")
    assert off_summer.name_fr == "Estivage 2027 — hors été"
    assert off_summer.name_ar == "الاصطياف 2027 — خارج فترة الصيف"
    assert timezone.localtime(off_summer.opens_at) == local(2027, 9, 16)
    assert (off_summer.invoice_date_from, off_summer.invoice_date_to) == (
        dt.date(2027, 9, 16),
        dt.date(2027, 11, 30),
    )
    assert off_summer.is_open(local(2027, 10, 1))
    assert "campaign(s) created for 2027" in out.getvalue()


def test_it_is_idempotent_and_keeps_an_edited_campaign() -> None:
    call_command("open_campaigns", "--year", "2027", stdout=StringIO())
    edited = Campaign.objects.get(service__code="Col_E", year=2027)
    edited.name_fr = "Colonies 2027 (édition spéciale)"
    edited.save()
    count = Campaign.objects.count()
    call_command("open_campaigns", "--year", "2027", stdout=StringIO())
    assert Campaign.objects.count() == count
    edited.refresh_from_db()
    assert edited.name_fr == "Colonies 2027 (édition spéciale)"


def test_it_copies_the_campaign_rules() -> None:
    source = Campaign.objects.get(service__code="TRANS_AIR", year=2026)
    Rule.objects.create(
        service=source.service,
        campaign=source,
        purpose=RulePurpose.ELIGIBILITY,
        kind="max_count_per_year_per_beneficiary",
        params={"max_count": 6},
    )
    call_command("open_campaigns", "--year", "2027", stdout=StringIO())
    copy = Campaign.objects.get(service__code="TRANS_AIR", year=2027)
    assert list(copy.rules.values_list("params", flat=True)) == [{"max_count": 6}]
    assert source.rules.count() == 1


def test_it_refuses_an_absurd_year() -> None:
    with pytest.raises(CommandError):
        call_command("open_campaigns", "--year", "20270")
