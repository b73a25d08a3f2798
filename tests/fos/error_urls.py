"""The portal's routes, the portal's error handlers, and two views that fail on purpose."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from fos.urls import handler400, handler403, handler404, handler500, urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def missing(request: HttpRequest) -> HttpResponse:
    raise Http404("no such dossier")


urlpatterns = [
    path("test-errors/boom/", boom),
    path("test-errors/missing/", missing),
    *urlpatterns,
]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
