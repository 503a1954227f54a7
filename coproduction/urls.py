from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("p/<slug:slug>/", views.workspace, name="workspace"),
    path("help/", views.help_page, name="help"),
    path("help/chairs/", views.help_page, {"topic": "chairs"}, name="help_chairs"),
    path("help/coordinators/", views.help_page, {"topic": "coordinators"}, name="help_coordinators"),
    path("help/easy-read/", views.help_easy_read, name="help_easy_read"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("accounts/", include("allauth.urls")),
    path("", include("partners.urls")),
    path("", include("meetings.urls")),
    path("", include("groundrules.urls")),
    path("", include("workplan.urls")),
]

# The admin only where it is wanted (see ADMIN_ENABLED), and then with no sign-in form of its own: people
# sign in through the workspace's, which has the rate limits and two-factor authentication.
if settings.DEBUG or settings.ADMIN_ENABLED:
    admin.site.login = secure_admin_login(admin.site.login)
    urlpatterns.append(path("admin/", admin.site.urls))

handler404 = "coproduction.views.not_found"
handler403 = "coproduction.views.forbidden"
handler500 = "coproduction.views.server_error"
