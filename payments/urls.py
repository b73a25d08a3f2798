"""The back office's "Paiements" under /backoffice/payments/ (mounted by fos/urls.py)."""

from django.urls import path

import fos.converters  # noqa: F401  (registers <id:...>, a bounded id)
from payments import views

urlpatterns = [
    path("", views.batch_list, name="payments_batches"),
    path("new/", views.batch_new, name="payments_batch_new"),
    path("<id:pk>/", views.batch_detail, name="payments_batch"),
    path("<id:pk>/export/", views.batch_export, name="payments_batch_export"),
    path("<id:pk>/paid/", views.batch_mark_paid, name="payments_batch_paid"),
    path("<id:pk>/cancel/", views.batch_cancel, name="payments_batch_cancel"),
    path(
        "<id:pk>/lines/<id:line>/remove/",
        views.batch_remove_line,
        name="payments_batch_remove_line",
    ),
]
