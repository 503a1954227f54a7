"""(to be written)"""

from django.urls import path

from ._placeholder import placeholder


def urlpatterns(prefix: str) -> list:
    return [
        path(prefix + "proposals/", placeholder, name="proposals"),
    ]
