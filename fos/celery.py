"""Celery application: Redis broker in production, eager execution in the embedded run."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fos.settings")

app = Celery("fos")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
