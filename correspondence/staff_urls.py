"""The back office's "Bureau d'ordre" under /backoffice/mail/ (mounted by fos/urls.py)."""

from django.urls import path

from correspondence import staff_views

urlpatterns = [
    path("", staff_views.mail_inbox, name="backoffice_mail_inbox"),
    path("<int:pk>/", staff_views.mail_letter, name="backoffice_mail_letter"),
    path("<int:pk>/route/", staff_views.mail_route, name="backoffice_mail_route"),
    path("<int:pk>/answer/", staff_views.mail_answer, name="backoffice_mail_answer"),
    path("<int:pk>/note/", staff_views.mail_note, name="backoffice_mail_note"),
    path("<int:pk>/close/", staff_views.mail_close, name="backoffice_mail_close"),
    path("<int:pk>/reopen/", staff_views.mail_reopen, name="backoffice_mail_reopen"),
    path(
        "<int:pk>/attachments/<int:attachment>/",
        staff_views.mail_attachment,
        name="backoffice_mail_attachment",
    ),
]
