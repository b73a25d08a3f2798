"""The member's card pages (mounted at /card/): no identifier in any of them."""

from django.urls import path

from cards import views

urlpatterns = [
    path("", views.card, name="card"),
    path("issue/", views.card_issue, name="card_issue"),
    path("pdf/", views.card_pdf, name="card_pdf"),
    path("attestation/", views.attestation_pdf, name="card_attestation"),
    path("statement/", views.statement_choose, name="card_statement_choose"),
    path("statement/<int:year>/", views.statement_pdf, name="card_statement"),
]
