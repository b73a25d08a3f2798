from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Statistiques")

    def ready(self) -> None:
        from backoffice.sections import Section, register

        register(
            Section(
                "reports_statistics",
                _("Statistiques"),
                _(
                    "Dossiers traités par prestation et par période, par statut, délai médian, "
                    "montants accordés et payés ; export CSV et XLSX."
                ),
                order=70,
            )
        )
