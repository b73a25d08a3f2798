from django.apps import AppConfig


class FosConfig(AppConfig):
    name = "fos"
    verbose_name = "FOS"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from fos.sessions import touched_at_login

        user_logged_in.connect(touched_at_login, dispatch_uid="fos-session-touched-at-login")
