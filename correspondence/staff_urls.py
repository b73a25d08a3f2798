"""The back office's "Bureau d'ordre" under /backoffice/mail/ (mounted by fos/urls.py)."""

from django.urls import path

import fos.converters  # noqa: F401  (registers <id:...>, a bounded id)
from correspondence import staff_views

urlpatterns = [
    path("", staff_views.mail_inbox, name="backoffice_mail_inbox"),
    path("<id:pk>/", staff_views.mail_letter, name="backoffice_mail_letter"),
    path("<id:pk>/route/", staff_views.mail_route, name="backoffice_mail_route"),
    path("<id:pk>/answer/", staff_views.mail_answer, name="backoffice_mail_answer"),
    path("<id:pk>/note/", staff_views.mail_note, name="backoffice_mail_note"),
    path("<id:pk>/close/", staff_views.mail_close, name="backoffice_mail_close"),
    path("<id:pk>/reopen/", staff_views.mail_reopen, name="backoffice_mail_reopen"),
    path(
        "<id:pk>/attachments/<id:attachment>/",
        staff_views.mail_attachment,
        name="backoffice_mail_attachment",
    ),
]
