from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = _("Données des adhérents et adhésions")

    def ready(self) -> None:
        from backoffice.sections import Section, register
        from fos.ratelimit import check_rates
        from membership.constants import RATE_SETTINGS

        check_rates(*RATE_SETTINGS)  # a malformed rate stops the start-up, not the first applicant
        register(
            Section(
                "backoffice_changes",
                _("Modifications de données"),
                _(
                    "Demandes des adhérents : changement de RIB, ajout ou correction d'un "
                    "conjoint ou d'un enfant. Comparer, vérifier les pièces, accepter ou rejeter."
                ),
            )
        )
        register(
            Section(
                "backoffice_applications",
                _("Demandes d'adhésion"),
                _(
                    "Retraités, détachés et mis à disposition qui demandent à adhérer : "
                    "vérifier les pièces, accepter (le lien d'activation part) ou rejeter."
                ),
            )
        )
