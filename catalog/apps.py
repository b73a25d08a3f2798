from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalogue des prestations")

    def ready(self) -> None:
        from catalog import rules  # noqa: F401  (registers the rule kinds)
