from django.urls import path

from backoffice import dossier_views, views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("dossiers/", dossier_views.queue_index, name="queue_index"),
    path("dossiers/queue/<str:code>/", dossier_views.queue, name="queue"),
    path("dossiers/<int:pk>/", dossier_views.dossier_detail, name="dossier"),
    path(
        "dossiers/<int:pk>/files/<int:attachment>/",
        dossier_views.dossier_file,
        name="dossier_file",
    ),
    path("dossiers/<int:pk>/<str:action>/", dossier_views.dossier_action, name="dossier_action"),
    path("audit/", views.audit, name="audit"),
]
