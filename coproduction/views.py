"""The workspace home for each partnership, the landing page, help, and error pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meetings.models import Meeting
from meetings.services.access_plan import access_plan
from meetings.services.actions import my_action_points
from meetings.services.packs import deadline_status
from partners.models import Membership, Role

from .access import partnership_access


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The partnerships a person belongs to."""
    memberships = (
        request.user.memberships.current().select_related("partnership").order_by("partnership__name")
    )
    return render(request, "coproduction/home.html", {"memberships": memberships, "nav": "home"})


def workspace(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    members = Membership.objects.current().filter(partnership=partnership)
    # Visiting experts and observers are not part of the core group the toolkit sizes at 10 to 15.
    group_size = members.exclude(role__in=[Role.VISITING_EXPERT, Role.OBSERVER]).count()
    pending_invitations = partnership.invitations.pending().count() if membership.is_coordinator else 0
    # The next few meetings, each with the access needs not met yet: they stay here until they are met.
    upcoming = list(
        Meeting.objects.filter(partnership=partnership).upcoming().select_related("venue", "partnership")[:3]
    )
    meetings = [
        {"meeting": m, "unmet": access_plan(m, membership).unmet, "deadline": deadline_status(m)}
        for m in upcoming
    ]
    return render(
        request,
        "coproduction/workspace.html",
        {
            "partnership": partnership,
            "membership": membership,
            "group_size": group_size,
            "group_too_small": group_size < partnership.group_size_min,
            "group_too_big": group_size > partnership.group_size_max,
            "pending_invitations": pending_invitations,
            "my_needs_count": request.user.access_needs.count(),
            "meetings": meetings,
            "my_actions": list(my_action_points(partnership=partnership, person=request.user)[:10]),
            "nav": "workspace",
        },
    )


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "coproduction/help.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "coproduction/accessibility.html")


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
