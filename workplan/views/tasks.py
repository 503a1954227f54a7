"""Tasks: adding, the task page, changing dates (with why), status, what it needs first, its action points,
removing; and the new dates proposed for tasks that wait for one that slipped."""

from django.urls import path

from ._placeholder import coming


def urlpatterns(prefix: str) -> list:
    return [
        path(prefix + "outcomes/<int:pk>/tasks/add/", coming, name="task_add"),
        path(prefix + "tasks/<int:pk>/", coming, name="task"),
        path(prefix + "tasks/<int:pk>/edit/", coming, name="task_edit"),
        path(prefix + "tasks/<int:pk>/update/", coming, name="task_update"),
        path(prefix + "tasks/<int:pk>/remove/", coming, name="task_remove"),
        path(prefix + "tasks/<int:pk>/comment/", coming, name="task_comment"),
        path(prefix + "tasks/<int:pk>/action-points/", coming, name="task_actions"),
        path(prefix + "moves/", coming, name="moves"),
        path(prefix + "moves/<int:pk>/", coming, name="move"),
    ]
