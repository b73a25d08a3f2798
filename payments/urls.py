"""The back office's "Paiements" under /backoffice/payments/ (mounted by fos/urls.py)."""

from django.urls import path

from payments import views

urlpatterns = [
    path("", views.batch_list, name="payments_batches"),
    path("new/", views.batch_new, name="payments_batch_new"),
    path("<int:pk>/", views.batch_detail, name="payments_batch"),
    path("<int:pk>/export/", views.batch_export, name="payments_batch_export"),
    path("<int:pk>/paid/", views.batch_mark_paid, name="payments_batch_paid"),
    path("<int:pk>/cancel/", views.batch_cancel, name="payments_batch_cancel"),
    path(
        "<int:pk>/lines/<int:line>/remove/",
        views.batch_remove_line,
        name="payments_batch_remove_line",
    ),
]
