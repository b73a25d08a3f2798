from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalogue des prestations")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from catalog import (
            models,
            rules,  # noqa: F401  (registers the rule kinds)
            snapshot,
        )

        for model in (
            models.ServiceCategory,
            models.Service,
            models.Motive,
            models.Campaign,
            models.RequiredDocument,
            models.Rule,
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    snapshot.invalidate,
                    sender=model,
                    dispatch_uid=f"catalog-snapshot-{model.__name__}-{id(signal)}",
                )
