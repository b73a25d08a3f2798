"""The back office's "Statistiques" under /backoffice/reports/ (mounted by fos/urls.py)."""

from django.urls import path, re_path

from reports import views

urlpatterns = [
    path("", views.statistics_page, name="reports_statistics"),
    re_path(
        r"^export/(?P<kind>services\.csv|statuses\.csv|xlsx)$",
        views.statistics_export,
        name="reports_statistics_export",
    ),
]
