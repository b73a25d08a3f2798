"""/bench/: the floor views of bench/load.py, mounted by fos/urls.py only with BENCH_VIEWS."""

from django.urls import path

from fos import bench_views

urlpatterns = [
    path("hello/", bench_views.hello, name="bench_hello"),
    path("floor/", bench_views.floor, name="bench_floor"),
    path("insert/", bench_views.insert, name="bench_insert"),
]
