"""The sender's pages under /mail/ (mounted by fos/urls.py)."""

from django.urls import path

import fos.converters  # noqa: F401  (registers <id:...>, a bounded id)
from correspondence import views

urlpatterns = [
    path("", views.mail_list, name="mail_list"),
    path("new/", views.mail_new, name="mail_new"),
    path("<id:pk>/", views.mail_detail, name="mail_detail"),
    path("<id:pk>/receipt/", views.mail_receipt, name="mail_receipt"),
    path("<id:pk>/reply/", views.mail_reply, name="mail_reply"),
    path(
        "<id:pk>/attachments/<id:attachment>/",
        views.mail_attachment,
        name="mail_attachment",
    ),
    path("visitor/", views.mail_visitor, name="mail_visitor"),
    path("follow/", views.mail_follow, name="mail_follow"),
    path("follow/end/", views.mail_follow_end, name="mail_follow_end"),
    path("follow/<str:reference>/", views.mail_visitor_letter, name="mail_visitor_letter"),
    path(
        "follow/<str:reference>/receipt/",
        views.mail_visitor_receipt,
        name="mail_visitor_receipt",
    ),
    path(
        "follow/<str:reference>/reply/",
        views.mail_visitor_reply,
        name="mail_visitor_reply",
    ),
    path(
        "follow/<str:reference>/attachments/<id:attachment>/",
        views.mail_visitor_attachment,
        name="mail_visitor_attachment",
    ),
]
