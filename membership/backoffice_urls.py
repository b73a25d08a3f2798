"""The back-office pages of member data and membership, mounted under /backoffice/."""

from django.urls import path

from membership import backoffice

urlpatterns = [
    path("changes/", backoffice.change_list, name="backoffice_changes"),
    path("changes/<int:pk>/", backoffice.change_review, name="backoffice_change"),
    path("membership/", backoffice.application_list, name="backoffice_applications"),
    path("membership/<int:pk>/", backoffice.application_review, name="backoffice_application"),
    path(
        "membership/<int:pk>/files/<int:file_pk>/",
        backoffice.application_file,
        name="backoffice_application_file",
    ),
]
