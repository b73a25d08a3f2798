from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Paiements")

    def ready(self) -> None:
        from backoffice.sections import Section, register

        register(
            Section(
                "payments_batches",
                _("Paiements"),
                _(
                    "Lots de virements des dossiers acceptés : préparer un lot, exporter le "
                    "fichier de la banque, marquer le lot payé (superviseurs)."
                ),
                order=60,
            )
        )
