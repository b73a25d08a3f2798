from django.urls import path

from documents import views

urlpatterns = [
    path("", views.document_list, name="documents"),
    path("<int:pk>/", views.document_file, name="document_file"),
    path("<int:pk>/delete/", views.document_delete, name="document_delete"),
]
