"""The back-office pages of member data and membership, mounted under /backoffice/."""

from django.urls import path

import fos.converters  # noqa: F401  (registers <id:...>, a bounded id)
from membership import backoffice

urlpatterns = [
    path("changes/", backoffice.change_list, name="backoffice_changes"),
    path("changes/<id:pk>/", backoffice.change_review, name="backoffice_change"),
    path("membership/", backoffice.application_list, name="backoffice_applications"),
    path("membership/<id:pk>/", backoffice.application_review, name="backoffice_application"),
    path(
        "membership/<id:pk>/files/<id:file_pk>/",
        backoffice.application_file,
        name="backoffice_application_file",
    ),
]
