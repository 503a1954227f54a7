from django.urls import path

from ..views import meetings as views

M = "p/<slug:slug>/meetings/<int:pk>/"

urlpatterns = [
    path("p/<slug:slug>/meetings/", views.meeting_list, name="meeting_list"),
    path("p/<slug:slug>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("p/<slug:slug>/meetings/new-series/", views.series_new, name="series_new"),
    path(M, views.meeting_detail, name="meeting_detail"),
    path(M + "change/", views.meeting_edit, name="meeting_edit"),
    path(M + "cancel/", views.meeting_cancel, name="meeting_cancel"),
    path(M + "reply/", views.meeting_reply, name="meeting_reply"),
    path(M + "invited/", views.meeting_invitations, name="meeting_invitations"),
    path(M + "present/", views.meeting_presence, name="meeting_presence"),
    path(M + "roles/", views.meeting_roles, name="meeting_roles"),
    path(M + "calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("profile/calendar/", views.my_calendar, name="my_calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
