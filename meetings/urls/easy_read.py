from django.urls import path

from ..views import easy_read as views

M = "p/<slug:slug>/meetings/<int:pk>/easy-read/"

# One name for a point of any kind: reverse("meetings:easy_read_point", kwargs={..., "kind": "decision",
# "point_id": 4}) picks the route for that kind. The segments name the kind as the rest of the site does.
urlpatterns = [
    path(M, views.easy_read_page, name="easy_read"),
    path(M + "check/", views.easy_read_check, name="easy_read_check"),
    path(
        M + "agenda/<int:point_id>/", views.easy_read_point, {"kind": "agenda_item"}, name="easy_read_point"
    ),
    path(
        M + "decisions/<int:point_id>/", views.easy_read_point, {"kind": "decision"}, name="easy_read_point"
    ),
    path(
        M + "action-points/<int:point_id>/",
        views.easy_read_point,
        {"kind": "action_point"},
        name="easy_read_point",
    ),
]
