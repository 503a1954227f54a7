"""The printed plan in standard, large print and easy read (PDF and web), and putting "Work plan: what is
late, what is next" on a meeting's agenda."""

from django.urls import path

from ._placeholder import coming


def urlpatterns(prefix: str, variants=()) -> list:
    return [
        path(prefix + "agenda/", coming, name="agenda_add"),
        *(path(f"{prefix}print/{v}.pdf", coming, {"variant": v}, name="print_pdf") for v in variants),
        *(path(f"{prefix}print/{v}/", coming, {"variant": v}, name="print_web") for v in variants),
    ]
