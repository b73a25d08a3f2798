from django.urls import path

import fos.converters  # noqa: F401  (registers <id:...>, a bounded id)
from backoffice import dossier_views, views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("dossiers/", dossier_views.queue_index, name="queue_index"),
    path("dossiers/queue/<str:code>/", dossier_views.queue, name="queue"),
    path("dossiers/<id:pk>/", dossier_views.dossier_detail, name="dossier"),
    path(
        "dossiers/<id:pk>/files/<id:attachment>/",
        dossier_views.dossier_file,
        name="dossier_file",
    ),
    path("dossiers/<id:pk>/<str:action>/", dossier_views.dossier_action, name="dossier_action"),
    path("audit/", views.audit, name="audit"),
]
