"""The timeline (a list by month first, then a drawn SVG with its table), activities, and the CSV and
iCalendar exports."""

from django.urls import path

from ._placeholder import coming


def urlpatterns(prefix: str) -> list:
    return [
        path(prefix + "timeline/", coming, name="timeline"),
        path(prefix + "activities/", coming, name="activities"),
        path(prefix + "activities/add/", coming, name="activity_add"),
        path(prefix + "activities/<int:pk>/edit/", coming, name="activity_edit"),
        path(prefix + "activities/<int:pk>/remove/", coming, name="activity_remove"),
        path(prefix + "export/plan.csv", coming, name="export_csv"),
        path(prefix + "export/plan.ics", coming, name="export_ics"),
    ]
