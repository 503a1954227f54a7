"""Venue pages: the partnership's venues, what each offers for access, and photos of the entrance and room.

Everyone in the partnership may look; only coordinators add, change or remove. Visiting experts are
outsiders here (404), as on every partnership-wide page, except for the venue (and its photos) of a meeting
they are invited to: the meeting's page links to it.
"""

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from coproduction.access import partnership_access
from coproduction.forms import posted
from partners.models import ROLES_MANAGING, Membership, Partnership, Role

from ..forms.venues import VenueForm, VenuePhotoForm
from ..models import Meeting, Venue, VenuePhoto
from ..services import venues as services
from ..uploads import content_type_for_name, private_file_response

NAV = "venues"


def _form_page(
    request: HttpRequest,
    partnership: Partnership,
    membership: Membership,
    form,
    *,
    title: str,
    back_href: str,
    intro: str = "",
) -> HttpResponse:
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": title,
            "intro": intro,
            "back_href": back_href,
            "nav": NAV,
        },
    )


def venue_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    venues = Venue.objects.filter(partnership=partnership).select_related("owner_group")
    return render(
        request,
        "meetings/venues/list.html",
        {"partnership": partnership, "membership": membership, "venues": venues, "nav": NAV},
    )


def _venue_access(request: HttpRequest, slug: str, pk: int) -> tuple[Partnership, Membership, Venue]:
    """The venue, for anyone in the partnership, and for a visiting expert only when a meeting they are
    invited to is held there (404 otherwise, as for anything else they cannot see)."""
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    venue = get_object_or_404(Venue.objects.select_related("owner_group"), partnership=partnership, pk=pk)
    if (
        membership.role == Role.VISITING_EXPERT
        and not Meeting.objects.visible_to(membership).filter(venue=venue).exists()
    ):
        raise Http404
    return partnership, membership, venue


PLANNED_SHOWN = 10  # the next meetings at a venue a page lists; the rest are on the meetings list


def _planned(meetings) -> tuple[list[Meeting], int]:
    """The next few meetings planned at a venue and how many there are in all, in one query."""
    shown = list(meetings.order_by("starts_at", "pk").annotate(in_all=Window(Count("pk")))[:PLANNED_SHOWN])
    return shown, (shown[0].in_all if shown else 0)


def venue_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, venue = _venue_access(request, slug, pk)
    expert = membership.role == Role.VISITING_EXPERT
    planned = services.meetings_planned_at(venue).visible_to(membership)
    return render(
        request,
        "meetings/venues/detail.html",
        {
            "partnership": partnership,
            "membership": membership,
            "venue": venue,
            "photos": list(venue.photos.all()),
            **dict(zip(("planned", "planned_count"), _planned(planned), strict=True)),
            # A visiting expert came from their meeting and has no venues list to go back to.
            "back_href": reverse("meetings:meeting_list" if expert else "meetings:venue_list", args=[slug]),
            "back_label": "Back to your meetings" if expert else "Back to venues",
            "nav": "meetings" if expert else NAV,
        },
    )


def venue_add(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    form = VenueForm(posted(request), partnership=partnership)
    if request.method == "POST" and form.is_valid():
        form.instance.partnership = partnership
        venue = form.save()
        messages.success(
            request, f"The venue \u201c{venue.name}\u201d is saved. You can add photos of it now."
        )
        return redirect("meetings:venue_detail", slug=slug, pk=venue.pk)
    return _form_page(
        request,
        partnership,
        membership,
        form,
        title="Add a venue",
        intro="Say how people get there and what it offers for access, so the access plan can check it "
        "against everyone's needs.",
        back_href=reverse("meetings:venue_list", kwargs={"slug": slug}),
    )


def venue_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    venue = get_object_or_404(Venue, partnership=partnership, pk=pk)
    name = venue.name  # the title keeps the saved name while the form shows what was typed
    form = VenueForm(posted(request), instance=venue, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"The venue \u201c{venue.name}\u201d is saved.")
        return redirect("meetings:venue_detail", slug=slug, pk=venue.pk)
    return _form_page(
        request,
        partnership,
        membership,
        form,
        title=f"Change {name}",
        back_href=reverse("meetings:venue_detail", kwargs={"slug": slug, "pk": pk}),
    )


def venue_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    venue = get_object_or_404(Venue, partnership=partnership, pk=pk)
    detail_href = reverse("meetings:venue_detail", kwargs={"slug": slug, "pk": pk})
    planned, planned_count = _planned(services.meetings_planned_at(venue))
    context = {"partnership": partnership, "membership": membership, "venue": venue, "nav": NAV}
    if planned:
        return render(
            request,
            "meetings/venues/delete_refused.html",
            {**context, "planned": planned, "planned_count": planned_count, "back_href": detail_href},
        )
    if request.method == "POST":
        try:
            services.venue_delete(venue=venue)
        except ValidationError as error:  # a meeting was planned there a moment ago
            messages.error(request, error.messages[0])
            return redirect(detail_href)
        messages.success(request, f"The venue \u201c{venue.name}\u201d is removed.")
        return redirect("meetings:venue_list", slug=slug)
    held = venue.meetings.count()
    body = "Its details and photos will be deleted."
    if held:
        body += (
            f" {held} earlier {'meeting was' if held == 1 else 'meetings were'} held here; "
            f"{'it keeps its' if held == 1 else 'they keep their'} minutes but will no longer show the venue."
        )
    return render(
        request,
        "confirm.html",
        {
            **context,
            "title": f"Remove the venue \u201c{venue.name}\u201d?",
            "body": body,
            "button": "Remove venue",
            "cancel_href": detail_href,
        },
    )


def venue_photo_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    venue = get_object_or_404(Venue, partnership=partnership, pk=pk)
    form = VenuePhotoForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        services.venue_photo_add(
            venue=venue,
            prepared=form.prepared,
            kind=form.cleaned_data["kind"],
            alt_text=form.cleaned_data["alt_text"],
            uploaded_by=request.user,
        )
        messages.success(request, "The photo is added. Location data in it has been removed.")
        return redirect("meetings:venue_detail", slug=slug, pk=venue.pk)
    return _form_page(
        request,
        partnership,
        membership,
        form,
        title=f"Add a photo of {venue.name}",
        intro="A photo of the entrance or the room helps people know what to expect. "
        "Location data is removed from the photo when you upload it.",
        back_href=reverse("meetings:venue_detail", kwargs={"slug": slug, "pk": pk}),
    )


def venue_photo_delete(request: HttpRequest, slug: str, pk: int, photo_pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    photo = get_object_or_404(
        VenuePhoto.objects.select_related("venue"), partnership=partnership, venue_id=pk, pk=photo_pk
    )
    detail_href = reverse("meetings:venue_detail", kwargs={"slug": slug, "pk": pk})
    if request.method == "POST":
        services.venue_photo_delete(photo=photo)
        messages.success(request, "The photo is removed.")
        return redirect(detail_href)
    return render(
        request,
        "confirm.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": NAV,
            "title": f"Remove this photo of {photo.venue.name}?",
            "body": f"The photo described as \u201c{photo.alt_text}\u201d will be deleted.",
            "button": "Remove photo",
            "cancel_href": detail_href,
        },
    )


def venue_photo(request: HttpRequest, slug: str, pk: int, photo_pk: int) -> HttpResponse:
    """The photo itself (or its thumbnail with ?size=thumbnail), only for those who may see the venue."""
    partnership, _, venue = _venue_access(request, slug, pk)
    photo = get_object_or_404(VenuePhoto, partnership=partnership, venue=venue, pk=photo_pk)
    stored = photo.thumbnail if request.GET.get("size") == "thumbnail" else photo.image
    return private_file_response(
        stored,
        content_type=content_type_for_name(stored.name),
        filename=f"venue-photo-{photo.pk}{os.path.splitext(stored.name)[1]}",
        as_attachment=False,
    )
