"""The application's URLs plus the two floors of the benchmark: a view that renders the base layout
with a one-line body (the same middleware, session, authentication, context processors and base
template as every page), and a bare HttpResponse."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from lovp.urls import urlpatterns as application_urls


def trivial_page(request):
    return render(request, "bench/trivial.html")


def bare_response(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial_page, name="bench_trivial"),
    path("bench/bare/", bare_response, name="bench_bare"),
    *application_urls,
]
