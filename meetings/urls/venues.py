from django.urls import path

from ..views import venues as views

urlpatterns = [
    path("p/<slug:slug>/venues/", views.venue_list, name="venue_list"),
    path("p/<slug:slug>/venues/add/", views.venue_add, name="venue_add"),
    path("p/<slug:slug>/venues/<int:pk>/", views.venue_detail, name="venue_detail"),
    path("p/<slug:slug>/venues/<int:pk>/edit/", views.venue_edit, name="venue_edit"),
    path("p/<slug:slug>/venues/<int:pk>/delete/", views.venue_delete, name="venue_delete"),
    path("p/<slug:slug>/venues/<int:pk>/photos/add/", views.venue_photo_add, name="venue_photo_add"),
    path("p/<slug:slug>/venues/<int:pk>/photos/<int:photo_pk>/", views.venue_photo, name="venue_photo"),
    path(
        "p/<slug:slug>/venues/<int:pk>/photos/<int:photo_pk>/delete/",
        views.venue_photo_delete,
        name="venue_photo_delete",
    ),
]
