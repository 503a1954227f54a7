"""Ranking themes and recording the agreed order; agreeing the plan at a meeting (its snapshot), what has
changed since, and the plan's settings."""

from django.urls import path

from ._placeholder import coming


def urlpatterns(prefix: str) -> list:
    return [
        path(prefix + "outcomes/<int:pk>/rank/", coming, name="ranking_open"),
        path(prefix + "rankings/<int:pk>/", coming, name="ranking"),
        path(prefix + "rankings/<int:pk>/agree/", coming, name="ranking_agree"),
        path(prefix + "agree/", coming, name="plan_agree"),
        path(prefix + "versions/", coming, name="versions"),
        path(prefix + "versions/<int:number>/", coming, name="version"),
        path(prefix + "changes/", coming, name="changes"),
        path(prefix + "settings/", coming, name="settings"),
    ]
