from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "backoffice"
    verbose_name = _("Espace de gestion")

    def ready(self) -> None:
        from backoffice.sections import Section, register
        from backoffice.services import alert_agent_of_answer
        from dossiers.signals import documents_answered

        documents_answered.connect(alert_agent_of_answer, dispatch_uid="backoffice_agent_alert")
        register(
            Section(
                "backoffice:queue_index",
                _("Dossiers"),
                _(
                    "Les files de dossiers de vos prestations : filtrer, rechercher, étudier, "
                    "demander des documents, accepter ou rejeter."
                ),
                order=10,
            )
        )
        register(
            Section(
                "backoffice:audit",
                _("Journal des actions"),
                _("Qui a fait quoi, quand, avant et après : toutes les actions du personnel."),
                supervisors_only=True,
                order=90,
            )
        )
