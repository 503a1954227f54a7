"""(to be written)"""

from django.urls import path

from ._placeholder import placeholder


def urlpatterns(prefix: str, variants) -> list:
    return [
        path(prefix + "", placeholder, name="current"),
        path(prefix + "versions/", placeholder, name="versions"),
        path(prefix + "settings/", placeholder, name="settings"),
    ]
