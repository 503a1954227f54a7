from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("p/<slug:slug>/", views.workspace, name="workspace"),
    path("help/", views.help_page, name="help"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("partners.urls")),
    path("", include("meetings.urls")),
]

handler404 = "coproduction.views.not_found"
handler403 = "coproduction.views.forbidden"
handler500 = "coproduction.views.server_error"
