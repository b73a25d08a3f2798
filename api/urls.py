from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from api import views

# The API's documentation pages, and only they, relax the portal's policy (CSP) for what their
# bundled viewers do (docs/decisions/error-pages.md): ReDoc builds its search index in a worker
# made from a blob: address, and ReDoc (styled-components) and Swagger UI write <style> elements.
# Scripts still come from the portal alone (drf-spectacular-sidecar's static files).
DOCS_POLICY = {"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}

urlpatterns = [
    path("auth/token/", views.ObtainTokenView.as_view(), name="api_token"),
    path("auth/logout/", views.RevokeTokenView.as_view(), name="api_logout"),
    path("accounts/registration/", views.RegistrationRequestView.as_view(), name="api_register"),
    path(
        "accounts/password-reset/",
        views.PasswordResetRequestView.as_view(),
        name="api_password_reset",
    ),
    path("me/", views.MeView.as_view(), name="api_me"),
    path("me/devices/", views.DevicesView.as_view(), name="api_devices"),
    path("me/devices/<str:device_id>/", views.DeviceRevokeView.as_view(), name="api_device_revoke"),
    path("me/email/", views.EmailChangeView.as_view(), name="api_email_change"),
    path("me/password/", views.PasswordChangeView.as_view(), name="api_password_change"),
    path("terms/", views.TermsView.as_view(), name="api_terms"),
    path("terms/accept/", views.TermsAcceptView.as_view(), name="api_terms_accept"),
    path("documents/", include("documents.api")),
    path("", include("membership.api")),
    path("", include("dossiers.api")),
    path("mail/", include("correspondence.api")),
    path("verify/", include("cards.api")),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "docs/",
        csp_update(DOCS_POLICY)(SpectacularSwaggerSplitView.as_view(url_name="api_schema")),
        name="api_docs",
    ),
    path(
        "redoc/",
        csp_update(DOCS_POLICY)(SpectacularRedocView.as_view(url_name="api_schema")),
        name="api_redoc",
    ),
    # Last: every other address ending in "/" (one without it is first sent there by
    # APPEND_SLASH) is the API's JSON 404.
    re_path(r"^.*/$", views.UnknownAddressView.as_view(), name="api_not_found"),
]
