from django.apps import AppConfig


class FosConfig(AppConfig):
    name = "fos"
    verbose_name = "FOS"
