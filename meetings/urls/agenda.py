from django.urls import path

from ..views import agenda as views

M = "p/<slug:slug>/meetings/<int:pk>/"

urlpatterns = [
    path(M + "agenda/", views.agenda, name="agenda"),
    path(M + "agenda/add/", views.item_edit, name="item_add"),
    path(M + "agenda/<int:item_pk>/change/", views.item_edit, name="item_edit"),
    path(M + "agenda/<int:item_pk>/remove/", views.item_delete, name="item_delete"),
    path(M + "agenda/<int:item_pk>/move/", views.item_move, name="item_move"),
    path(M + "agenda/add-breaks/", views.breaks_add, name="breaks_add"),
    path(M + "agenda/<int:item_pk>/split/", views.item_split, name="item_split"),
    path("p/<slug:slug>/standing-items/", views.standing_items, name="standing_items"),
    path("p/<slug:slug>/standing-items/add/", views.standing_item_edit, name="standing_item_add"),
    path(
        "p/<slug:slug>/standing-items/<int:item_pk>/change/",
        views.standing_item_edit,
        name="standing_item_edit",
    ),
    path(
        "p/<slug:slug>/standing-items/<int:item_pk>/remove/",
        views.standing_item_delete,
        name="standing_item_delete",
    ),
    path(M + "access-plan/", views.plan, name="access_plan"),
    path(M + "access-plan/arrangements/add/", views.arrangement_edit, name="arrangement_add"),
    path(
        M + "access-plan/arrangements/<int:arrangement_pk>/change/",
        views.arrangement_edit,
        name="arrangement_edit",
    ),
    path(
        M + "access-plan/arrangements/<int:arrangement_pk>/remove/",
        views.arrangement_delete,
        name="arrangement_delete",
    ),
]
