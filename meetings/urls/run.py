from django.urls import path

from ..views import run as views

M = "p/<slug:slug>/meetings/<int:pk>/"

urlpatterns = [
    path(M + "run/", views.run, name="run"),
    path(M + "run/start/", views.run_start, name="run_start"),
    path(M + "run/next/", views.run_item_next, name="run_item_next"),
    path(M + "run/end/", views.run_end, name="run_end"),
    path(M + "run/note/", views.run_note_add, name="run_note_add"),
    path(M + "run/present/", views.run_presence, name="run_presence"),
    path(M + "run/take-over/", views.run_control_take, name="run_control_take"),
    path(M + "run/hand-over/", views.run_control_hand_over, name="run_control_hand_over"),
    path(M + "follow/", views.follow, name="follow"),
]
