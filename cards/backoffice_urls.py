"""Mounted at /backoffice/cards/ (fos/urls.py), under the back office's staff-only prefix."""

from django.urls import path

from cards import backoffice

urlpatterns = [
    path("", backoffice.card_list, name="cards_backoffice"),
    path("issue/", backoffice.card_issue, name="cards_backoffice_issue"),
    path("<int:pk>/revoke/", backoffice.card_revoke, name="cards_backoffice_revoke"),
]
