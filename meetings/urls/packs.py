from django.urls import path

from ..views import packs as views

M = "p/<slug:slug>/meetings/<int:pk>/pack/"

urlpatterns = [
    path(M + "send/", views.pack_send, name="pack_send"),
    path(M + "print-and-post/", views.pack_print_list, name="pack_print_list"),
    path(M + "sent/", views.pack_sent, name="pack_sent"),
]
