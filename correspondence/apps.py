from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "correspondence"
    verbose_name = _("Bureau d'ordre digital")

    def ready(self) -> None:
        from backoffice.sections import Section, register
        from correspondence.constants import RATE_SETTINGS
        from fos.ratelimit import check_rates

        check_rates(*RATE_SETTINGS)  # fail at start-up, not on the first visitor's letter
        register(
            Section(
                "backoffice_mail_inbox",
                _("Bureau d'ordre"),
                _(
                    "Courrier des adhérents et des visiteurs : orienter vers un service, "
                    "répondre, clore."
                ),
            )
        )
