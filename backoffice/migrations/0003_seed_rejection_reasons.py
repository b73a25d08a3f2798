# The reasons agents pick when rejecting a dossier; administrators edit them in the admin.

from django.db import migrations

REASONS = [
    ("dossier_incomplet", "Dossier incomplet", "ملف غير مكتمل"),
    ("hors_delai", "Demande hors délai", "طلب خارج الآجال"),
    ("conditions_non_remplies", "Conditions d'éligibilité non remplies", "شروط الاستفادة غير مستوفاة"),
    ("pieces_non_conformes", "Pièces justificatives non conformes", "الوثائق المثبتة غير مطابقة"),
    ("originaux_non_deposes", "Originaux non déposés dans le délai", "لم يتم إيداع الوثائق الأصلية داخل الأجل"),
    ("doublon", "Demande en double", "طلب مكرر"),
    ("plafond_atteint", "Plafond de la prestation atteint", "تم بلوغ سقف الخدمة"),
    ("autre", "Autre motif (précisé ci-dessous)", "سبب آخر (مبين أدناه)"),
]


def seed(apps, schema_editor):
    RejectionReason = apps.get_model("backoffice", "RejectionReason")
    for order, (code, name_fr, name_ar) in enumerate(REASONS, start=1):
        RejectionReason.objects.update_or_create(
            code=code, defaults={"name_fr": name_fr, "name_ar": name_ar, "order": order * 10}
        )


def unseed(apps, schema_editor):
    RejectionReason = apps.get_model("backoffice", "RejectionReason")
    RejectionReason.objects.filter(code__in=[code for code, _fr, _ar in REASONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("backoffice", "0002_assignments_alerts_rejection_reasons")]

    operations = [migrations.RunPython(seed, unseed)]
