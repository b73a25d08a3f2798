from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes")

    def ready(self) -> None:
        # Whatever settings module is used, the fixed captcha answer never reaches production.
        if getattr(settings, "CAPTCHA_TEST_MODE", False) and settings.FOS_ENV not in {
            "test",
            "development",
        }:
            raise ImproperlyConfigured("CAPTCHA_TEST_MODE is only allowed in test or development")
        from accounts import signals  # noqa: F401
