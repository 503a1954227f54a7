"""The workspace home for each partnership, the landing page, help, and error pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
