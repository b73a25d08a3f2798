from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from dossiers import views as dossiers_views
from fos import views


class FaviconView(RedirectView):
    """/favicon.ico, which browsers and bots ask for whatever the page says: the static file
    (its hashed name in production, resolved on each request, once the manifest exists)."""

    permanent = False

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        return static("favicon.ico")


urlpatterns = [
    # The member's dashboard once signed in; the public home page for everyone else.
    path("", dossiers_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("captcha/", include("captcha.urls")),
    path("documents/", include("documents.urls")),
    path("", include("dossiers.urls")),
    path("card/", include("cards.urls")),
    path("verify/", include("cards.verify_urls")),
    path("mail/", include("correspondence.urls")),
    path("", include("membership.urls")),
    path("api/v1/", include("api.urls")),
    path("backoffice/cards/", include("cards.backoffice_urls")),
    path("backoffice/mail/", include("correspondence.staff_urls")),
    path("backoffice/payments/", include("payments.urls")),
    path("backoffice/reports/", include("reports.urls")),
    path("backoffice/", include("membership.backoffice_urls")),
    path("backoffice/", include("backoffice.urls")),
    path("admin/", admin.site.urls),
]
if settings.BENCH_VIEWS:  # bench/load.py's floor views; fos/settings.py refuses it in production
    urlpatterns.append(path("bench/", include("fos.bench_urls")))
handler400 = "fos.errors.bad_request"
handler403 = "fos.errors.permission_denied"
handler404 = "fos.errors.page_not_found"
handler500 = "fos.errors.server_error"
