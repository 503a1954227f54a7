from django.urls import path

from ..views import papers as views

M = "p/<slug:slug>/meetings/<int:pk>/papers/"
L = "p/<slug:slug>/library/"

urlpatterns = [
    path(M, views.paper_list, name="paper_list"),
    path(M + "add/", views.paper_add, name="paper_add"),
    path(M + "<int:paper_pk>/", views.paper_detail, name="paper_detail"),
    path(M + "<int:paper_pk>/versions/add/", views.paper_version_add, name="paper_version_add"),
    path(M + "<int:paper_pk>/large-print/", views.paper_large_print, name="paper_large_print"),
    path(
        M + "<int:paper_pk>/versions/<int:version_pk>/download/",
        views.paper_download,
        name="paper_download",
    ),
    path(L, views.library, name="library"),
    path(L + "add/", views.library_add, name="library_add"),
    path(L + "<int:paper_pk>/", views.library_paper_detail, name="library_paper_detail"),
    path(L + "<int:paper_pk>/versions/add/", views.library_version_add, name="library_version_add"),
    path(L + "<int:paper_pk>/large-print/", views.library_large_print, name="library_large_print"),
    path(
        L + "<int:paper_pk>/versions/<int:version_pk>/download/",
        views.library_download,
        name="library_download",
    ),
]
