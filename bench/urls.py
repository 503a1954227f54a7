"""The app's addresses and one more, for the page benchmark only: /bench/bare/, a bare Django page (one
template with a 50-item loop) that shows what this server, Django and the middleware can serve at best. The
real app never routes to it: only bench.settings names this module."""

from django.urls import path
from django.views.generic import TemplateView

from coproduction.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401

urlpatterns = [
    path(
        "bench/bare/",
        TemplateView.as_view(template_name="bench/bare.html", extra_context={"items": range(1, 51)}),
        name="bench_bare",
    ),
    *urlpatterns,
]
