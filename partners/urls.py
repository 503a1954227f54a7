from django.urls import path

from . import views, views_easy_read

app_name = "partners"

urlpatterns = [
    # The person's own profile: the same in every partnership they belong to.
    path("profile/", views.profile, name="profile"),
    path("profile/details/", views.profile_edit, name="profile_edit"),
    path("profile/display/", views.display_preferences, name="display_preferences"),
    path("profile/communication/", views.communication, name="communication"),
    path(
        "profile/communication/support-person/send-again/",
        views.support_person_send_again,
        name="support_person_send_again",
    ),
    # For the support person, who has no account: the signed link is the proof.
    path("support-person/<str:token>/", views.support_person_confirm, name="support_person_confirm"),
    path("profile/access-needs/", views.access_needs, name="my_access_needs"),
    path("profile/access-needs/add/", views.access_need_edit, name="access_need_add"),
    path("profile/access-needs/<int:pk>/", views.access_need_edit, name="access_need_edit"),
    path("profile/access-needs/<int:pk>/remove/", views.access_need_delete, name="access_need_delete"),
    path("profile/my-data/", views.my_data, name="my_data"),
    path("profile/my-data.json", views.data_download, name="data_download"),
    path("profile/delete/", views.account_delete, name="account_delete"),
    path("partnerships/new/", views.partnership_new, name="partnership_new"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    # A partnership's people: every one of these starts with the access helper.
    path("p/<slug:slug>/people/", views.member_list, name="member_list"),
    path("p/<slug:slug>/people/add-without-email/", views.member_offline_add, name="member_offline_add"),
    path("p/<slug:slug>/people/<int:pk>/", views.member_detail, name="member_detail"),
    # A coordinator writes down what a partner without email told them.
    path(
        "p/<slug:slug>/people/<int:pk>/access-needs/add/",
        views.member_access_need_edit,
        name="member_access_need_add",
    ),
    path(
        "p/<slug:slug>/people/<int:pk>/access-needs/<int:need_pk>/",
        views.member_access_need_edit,
        name="member_access_need_edit",
    ),
    path(
        "p/<slug:slug>/people/<int:pk>/access-needs/<int:need_pk>/remove/",
        views.member_access_need_delete,
        name="member_access_need_delete",
    ),
    path(
        "p/<slug:slug>/people/<int:pk>/communication/",
        views.member_communication,
        name="member_communication",
    ),
    path("p/<slug:slug>/people/<int:pk>/change/", views.member_edit, name="member_edit"),
    path("p/<slug:slug>/people/<int:pk>/leave/", views.member_leave, name="member_leave"),
    path("p/<slug:slug>/access-needs/", views.partnership_access_needs, name="access_needs"),
    path("p/<slug:slug>/groups/", views.group_list, name="group_list"),
    path("p/<slug:slug>/groups/add/", views.group_edit, name="group_add"),
    path("p/<slug:slug>/groups/<int:pk>/change/", views.group_edit, name="group_edit"),
    path("p/<slug:slug>/groups/<int:pk>/remove/", views.group_delete, name="group_delete"),
    path("p/<slug:slug>/invitations/", views.invitation_list, name="invitation_list"),
    path("p/<slug:slug>/invitations/new/", views.invitation_new, name="invitation_new"),
    path("p/<slug:slug>/invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("p/<slug:slug>/invitations/<int:pk>/withdraw/", views.invitation_revoke, name="invitation_revoke"),
    path("p/<slug:slug>/settings/", views.partnership_edit, name="partnership_edit"),
    # Easy read: the partnership's own pictures and its glossary of hard words.
    path("p/<slug:slug>/pictures/", views_easy_read.picture_list, name="picture_list"),
    path("p/<slug:slug>/pictures/add/", views_easy_read.picture_add, name="picture_add"),
    path("p/<slug:slug>/pictures/<int:pk>/remove/", views_easy_read.picture_delete, name="picture_delete"),
    path("p/<slug:slug>/pictures/<int:pk>/file/", views_easy_read.picture_file, name="picture_file"),
    path("p/<slug:slug>/glossary/", views_easy_read.glossary, name="glossary"),
    path("p/<slug:slug>/glossary/add/", views_easy_read.glossary_edit, name="glossary_add"),
    path("p/<slug:slug>/glossary/<int:pk>/change/", views_easy_read.glossary_edit, name="glossary_edit"),
    path("p/<slug:slug>/glossary/<int:pk>/remove/", views_easy_read.glossary_delete, name="glossary_delete"),
]
