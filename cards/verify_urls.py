"""Public verification (mounted at /verify/): open to everyone, signed in or not
(accounts.middleware.ALWAYS_OPEN)."""

from django.urls import path

from cards import views

urlpatterns = [
    path(
        "attestation/<str:token>/",
        views.verify_attestation_page,
        name="attestation_verify",
    ),
    path("<str:token>/", views.verify_card_page, name="card_verify"),
    path("<str:token>/photo/", views.verify_card_photo, name="card_verify_photo"),
]
