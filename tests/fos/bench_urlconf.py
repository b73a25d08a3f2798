"""The portal's URLs with the floor views mounted, as fos/urls.py does with BENCH_VIEWS on."""

from django.urls import include, path

from fos.urls import handler400, handler500
from fos.urls import urlpatterns as portal_urls

urlpatterns = [*portal_urls, path("bench/", include("fos.bench_urls"))]
__all__ = ["handler400", "handler500", "urlpatterns"]
