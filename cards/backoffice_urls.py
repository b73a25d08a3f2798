"""Mounted at /backoffice/cards/ (fos/urls.py), under the back office's staff-only prefix."""

from django.urls import path

import fos.converters  # noqa: F401  (registers <id:...>, a bounded id)
from cards import backoffice

urlpatterns = [
    path("", backoffice.card_list, name="cards_backoffice"),
    path("issue/", backoffice.card_issue, name="cards_backoffice_issue"),
    path("<id:pk>/revoke/", backoffice.card_revoke, name="cards_backoffice_revoke"),
]
