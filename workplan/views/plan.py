"""The plan page, outcomes, themes (and moving them), outputs, comments and suggestions."""

from django.urls import path

from ._placeholder import coming


def urlpatterns(prefix: str) -> list:
    return [
        path(prefix + "", coming, name="plan"),
        path(prefix + "outcomes/add/", coming, name="outcome_add"),
        path(prefix + "outcomes/<int:pk>/", coming, name="outcome"),
        path(prefix + "outcomes/<int:pk>/edit/", coming, name="outcome_edit"),
        path(prefix + "outcomes/<int:pk>/remove/", coming, name="outcome_remove"),
        path(prefix + "outcomes/<int:pk>/status/", coming, name="outcome_status"),
        path(prefix + "outcomes/<int:pk>/comment/", coming, name="outcome_comment"),
        path(prefix + "outcomes/<int:pk>/themes/add/", coming, name="theme_add"),
        path(prefix + "themes/<int:pk>/edit/", coming, name="theme_edit"),
        path(prefix + "themes/<int:pk>/remove/", coming, name="theme_remove"),
        path(prefix + "themes/<int:pk>/move/", coming, name="theme_move"),
        path(prefix + "tasks/<int:pk>/outputs/add/", coming, name="output_add"),
        path(prefix + "outputs/<int:pk>/edit/", coming, name="output_edit"),
        path(prefix + "outputs/<int:pk>/remove/", coming, name="output_remove"),
    ]
