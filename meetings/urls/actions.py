from django.urls import path

from ..views import actions as views

M = "p/<slug:slug>/meetings/<int:pk>/"

urlpatterns = [
    path(M + "decisions/add/", views.decision_add, name="decision_add"),
    path(M + "action-points/add/", views.action_point_add, name="action_point_add"),
    path("p/<slug:slug>/decisions/", views.decision_list, name="decision_list"),
    path("p/<slug:slug>/decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("p/<slug:slug>/decisions/<int:pk>/change/", views.decision_edit, name="decision_edit"),
    path("p/<slug:slug>/action-points/", views.action_list, name="action_list"),
    path("p/<slug:slug>/action-points/<int:pk>/", views.action_detail, name="action_detail"),
    path("p/<slug:slug>/action-points/<int:pk>/change/", views.action_edit, name="action_edit"),
]
