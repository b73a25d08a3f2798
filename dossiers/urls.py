from django.urls import path

from dossiers import views

urlpatterns = [
    path("services/<str:code>/", views.service_detail, name="service_detail"),
    path(
        "services/<str:code>/request/<int:campaign_id>/",
        views.start_request,
        name="dossier_start",
    ),
    path("dossiers/", views.dossier_list, name="dossier_list"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/resume/", views.dossier_resume, name="dossier_resume"),
    path("dossiers/<int:pk>/step/<str:step>/", views.dossier_step, name="dossier_step"),
    path("dossiers/<int:pk>/submit/", views.dossier_submit, name="dossier_submit"),
    path("dossiers/<int:pk>/created/", views.dossier_created, name="dossier_created"),
    path("dossiers/<int:pk>/originals/", views.dossier_originals, name="dossier_originals"),
    path("dossiers/<int:pk>/cancel/", views.dossier_cancel, name="dossier_cancel"),
    path("dossiers/<int:pk>/discard/", views.dossier_discard, name="dossier_discard"),
    path("dossiers/<int:pk>/answer/", views.dossier_answer, name="dossier_answer"),
]
