from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "cards"
    verbose_name = _("Cartes d'adhérent et attestations")

    def ready(self) -> None:
        from backoffice.sections import Section, register
        from cards import signals

        signals.connect()
        register(
            Section(
                "cards_backoffice",
                _("Cartes d'adhérent"),
                _("Rechercher une carte, délivrer une carte, révoquer une carte (superviseurs)."),
            )
        )
