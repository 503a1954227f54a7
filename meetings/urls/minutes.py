from django.urls import path

from ..views import minutes as views

M = "p/<slug:slug>/meetings/<int:pk>/minutes/"

urlpatterns = [
    path(M, views.minutes_page, name="minutes"),
    path(M + "write/", views.minutes_edit, name="minutes_edit"),
    path(M + "partner-views/add/", views.partner_view_add, name="partner_view_add"),
    path(M + "partner-views/<int:view_pk>/", views.partner_view_add, name="partner_view"),
    path(M + "send/", views.minutes_send, name="minutes_send"),
    path(M + "corrections/add/", views.correction_add, name="correction_add"),
    path(M + "corrections/<int:correction_pk>/accept/", views.correction_accept, name="correction_accept"),
    path(M + "corrections/<int:correction_pk>/answer/", views.correction_answer, name="correction_answer"),
    path(M + "approve/", views.minutes_approve, name="minutes_approve"),
    path(M + "unlock/", views.minutes_unlock, name="minutes_unlock"),
    path(M + "versions/", views.minutes_versions, name="minutes_versions"),
    path(M + "compare/", views.minutes_compare, name="minutes_compare"),
]
