from django.urls import path

import fos.converters  # noqa: F401  (registers <id:...>, a bounded id)
from documents import views

urlpatterns = [
    path("", views.document_list, name="documents"),
    path("<id:pk>/", views.document_file, name="document_file"),
    path("<id:pk>/delete/", views.document_delete, name="document_delete"),
]
