from django.contrib import admin
from django.urls import include, path

from fos import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("documents/", include("documents.urls")),
    path("captcha/", include("captcha.urls")),
    path("api/v1/", include("api.urls")),
    path("backoffice/", include("backoffice.urls")),
    path("admin/", admin.site.urls),
]
