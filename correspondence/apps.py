from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "correspondence"
    verbose_name = _("Bureau d'ordre digital")

    def ready(self) -> None:
        from django.conf import settings

        from backoffice.sections import Section, register
        from correspondence.ratelimit import parse_rate

        # Fail at start-up, not on the first visitor's letter.
        parse_rate(settings.MAIL_DESK_VISITOR_RATE, setting="MAIL_DESK_VISITOR_RATE")
        parse_rate(settings.MAIL_DESK_FOLLOW_RATE, setting="MAIL_DESK_FOLLOW_RATE")
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
