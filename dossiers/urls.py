from django.urls import path

import fos.converters  # noqa: F401  (registers <id:...>, a bounded id)
from dossiers import views

urlpatterns = [
    path("services/<str:code>/", views.service_detail, name="service_detail"),
    path(
        "services/<str:code>/request/<id:campaign_id>/",
        views.start_request,
        name="dossier_start",
    ),
    path("dossiers/", views.dossier_list, name="dossier_list"),
    path("dossiers/<id:pk>/", views.dossier_detail, name="dossier_detail"),
    path("dossiers/<id:pk>/resume/", views.dossier_resume, name="dossier_resume"),
    path("dossiers/<id:pk>/step/<str:step>/", views.dossier_step, name="dossier_step"),
    path("dossiers/<id:pk>/submit/", views.dossier_submit, name="dossier_submit"),
    path("dossiers/<id:pk>/created/", views.dossier_created, name="dossier_created"),
    path("dossiers/<id:pk>/originals/", views.dossier_originals, name="dossier_originals"),
    path("dossiers/<id:pk>/cancel/", views.dossier_cancel, name="dossier_cancel"),
    path("dossiers/<id:pk>/discard/", views.dossier_discard, name="dossier_discard"),
    path("dossiers/<id:pk>/answer/", views.dossier_answer, name="dossier_answer"),
]
