"""One request per campaign and beneficiary, as a rule of the default services that need it.

Services that count requests per year already have ``max_count_per_year_per_beneficiary`` (air
transport allows 4 round trips a year); the health aid, the disability cover and the COVID-19
tests take several requests a year within their annual ceilings. The others get
``max_count_per_campaign_per_beneficiary`` (one by default), which an administrator may remove
or raise like any rule (docs/decisions/dossier-states-and-numbering.md).
"""

from django.db import migrations

KIND = "max_count_per_campaign_per_beneficiary"
SERVICES = ["ESTIVAGE", "UNIV_PART", "CTM", "RENAULT", "ANAPEC"]
ORDER = 900


def install(apps, schema_editor):
    Service = apps.get_model("catalog", "Service")
    Rule = apps.get_model("catalog", "Rule")
    for service in Service.objects.filter(code__in=SERVICES):
        Rule.objects.update_or_create(
            service=service,
            campaign=None,
            motive=None,
            kind=KIND,
            defaults={"purpose": "eligibility", "params": {}, "order": ORDER},
        )


def uninstall(apps, schema_editor):
    Rule = apps.get_model("catalog", "Rule")
    Rule.objects.filter(service__code__in=SERVICES, kind=KIND, campaign=None).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_default_catalogue")]

    operations = [migrations.RunPython(install, uninstall)]
