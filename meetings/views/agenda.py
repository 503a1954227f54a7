"""The agenda: timed items, Move up / Move down, breaks from access needs, standing items; and the access
plan with its arrangements."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduction.access import is_read_only, partnership_access
from coproduction.easy_read.pictures import picture_choices, with_easy_pictures
from coproduction.forms import posted
from coproduction.rows import row_url
from partners.models import ROLES_MANAGING

from ..forms.agenda import AgendaItemForm, ArrangementForm, StandingItemForm
from ..models import AgendaItem, Arrangement, Meeting, StandingItem
from ..permissions import (
    MEETING_STARTED_MESSAGE,
    may_add_agenda_item,
    may_change_agenda_item,
    meeting_access,
    meeting_not_started,
)
from ..services import agenda as services
from ..services.access_plan import access_plan
from ..services.actions import open_action_points_before
from ..services.documents import for_expert
from ..services.record import meeting_is_locked
from .pages import easy_read_warnings, message_page, record_locked_page


def _agenda_items(meeting) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("lead")
        .annotate(paper_count=Count("papers"))
        .order_by("position", "pk")
    )


def agenda(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk)
    items = _agenda_items(meeting)
    with_easy_pictures(items, partnership, request.user)
    _with_addresses(items, partnership.slug, meeting.pk)
    timing = services.agenda_timing(meeting, items, break_every=services.break_interval_needed(meeting))
    locked = meeting_is_locked(meeting)
    open_to_change = not locked and not meeting.is_cancelled
    return render(
        request,
        "meetings/agenda.html",
        {
            "partnership": partnership,
            "membership": membership,
            "meeting": meeting,
            "powers": powers,
            "timing": timing,
            # A visiting expert sees this meeting only, not the partnership's action log.
            # Who owns each is all the agenda shows of them: not their meetings.
            "earlier_actions": []
            if for_expert(membership)
            else open_action_points_before(meeting)
            .select_related(None)
            .select_related("owner_person", "owner_group"),
            "locked": locked,
            "can_shape": powers.agenda and not is_read_only(membership) and not locked,
            "can_propose": open_to_change and may_add_agenda_item(meeting, membership, powers),
            "can_change_own": open_to_change
            and not is_read_only(membership)
            and meeting_not_started(meeting),
            "nav": "meetings",
        },
    )


def _with_addresses(items: list[AgendaItem], slug: str, meeting_pk: int) -> None:
    """Each item's `addresses` (move, change, remove, split), reversed once for the whole agenda."""
    urls = {
        what: row_url(f"meetings:{name}", slug, key="item_pk", pk=meeting_pk)
        for what, name in [
            ("move", "item_move"),
            ("change", "item_edit"),
            ("remove", "item_delete"),
            ("split", "item_split"),
        ]
    }
    for item in items:
        item.addresses = {what: url(item.pk) for what, url in urls.items()}


def _closed(request: HttpRequest, partnership, membership, meeting: Meeting) -> HttpResponse | None:
    """A plain page instead of a form nobody could save: the meeting is cancelled, or its record locked."""
    if meeting.is_cancelled:
        title, message = "This meeting is cancelled", services.CANCELLED_MESSAGE
    elif meeting_is_locked(meeting):
        back = reverse("meetings:agenda", args=[partnership.slug, meeting.pk])
        return record_locked_page(request, partnership, membership, meeting, back_href=back)
    else:
        return None
    return _refused(request, partnership, membership, meeting, title=title, message=message)


def _refused(
    request: HttpRequest, partnership, membership, meeting: Meeting, *, title: str, message: str, status=200
) -> HttpResponse:
    back = reverse("meetings:agenda", args=[partnership.slug, meeting.pk])
    return message_page(
        request, partnership, membership, meeting, title=title, message=message, back_href=back, status=status
    )


def item_edit(request: HttpRequest, slug: str, pk: int, item_pk: int | None = None) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk)
    if is_read_only(membership):
        raise PermissionDenied
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk) if item_pk else None
    if item is None and not may_add_agenda_item(meeting, membership, powers):
        return _refused(
            request,
            partnership,
            membership,
            meeting,
            title="You cannot add to this agenda now",
            message=MEETING_STARTED_MESSAGE,
            status=403,
        )
    if item is not None and not may_change_agenda_item(meeting, membership, powers, item):
        raise PermissionDenied
    closed = _closed(request, partnership, membership, meeting)
    if closed is not None:
        return closed
    form = AgendaItemForm(posted(request), instance=item, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
                saved = services.item_add(meeting=meeting, proposed_by=request.user, **fields)
                done = "is on the agenda"
            else:
                item.meeting = meeting
                saved = services.item_save(item=form.instance)
                done = "is saved"
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"\u201c{saved.title}\u201d {done}.")
            easy_read_warnings(request, form)
            return redirect("meetings:agenda", slug=slug, pk=pk)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": f"Change the item \u201c{item.title}\u201d" if item else "Propose an agenda item",
            "intro": ""
            if item or powers.agenda
            else "Anyone in the partnership can propose an item. The chairs "
            "may change its time or place on the agenda.",
            "back_href": reverse("meetings:agenda", args=[slug, pk]),
            "nav": "meetings",
        },
    )


def item_delete(request: HttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)
    if not may_change_agenda_item(meeting, membership, powers, item):
        raise PermissionDenied
    if meeting_is_locked(meeting):
        back = reverse("meetings:agenda", args=[partnership.slug, meeting.pk])
        return record_locked_page(request, partnership, membership, meeting, back_href=back)
    if request.method == "POST":
        try:
            services.item_remove(item=item)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"\u201c{item.title}\u201d is removed from the agenda.")
        return redirect("meetings:agenda", slug=slug, pk=pk)
    body = "It will no longer be on the agenda."
    if item.is_break and services.break_interval_needed(meeting):
        body = (
            "Someone coming needs regular breaks. Without this break the agenda may go too long without one; "
            "the agenda page will show where."
        )
    return render(
        request,
        "confirm.html",
        {
            "partnership": partnership,
            "membership": membership,
            "title": f"Remove \u201c{item.title}\u201d from the agenda?",
            "body": body,
            "button": "Remove item",
            "cancel_href": reverse("meetings:agenda", args=[slug, pk]),
            "nav": "meetings",
        },
    )


@require_POST
def item_move(request: HttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk, power="agenda")
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    try:
        moved = services.item_move(item=item, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:agenda", slug=slug, pk=pk)
    if moved:
        messages.success(request, f"\u201c{item.title}\u201d moved {direction}.")
    else:
        messages.info(
            request, f"\u201c{item.title}\u201d is already at the {'top' if direction == 'up' else 'bottom'}."
        )
    return redirect(reverse("meetings:agenda", args=[slug, pk]) + f"#item-{item.pk}")


@require_POST
def breaks_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk, power="agenda")
    try:
        added = services.breaks_propose(meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:agenda", slug=slug, pk=pk)
    if added:
        messages.success(
            request, f"{added} break{'s' if added != 1 else ''} added, so nobody goes too long without one."
        )
    timing = services.agenda_timing(
        meeting, _agenda_items(meeting), break_every=services.break_interval_needed(meeting)
    )
    for item in timing.too_long_for_breaks:
        messages.warning(request, _too_long_message(item, timing.break_every))
    if not added and not timing.too_long_for_breaks:
        messages.info(request, "No breaks were needed: nobody coming goes too long without one.")
    return redirect("meetings:agenda", slug=slug, pk=pk)


def _too_long_message(item: AgendaItem, every: int) -> str:
    return (
        f"\u201c{item.title}\u201d takes {item.duration_minutes} minutes, but someone coming needs a break "
        f"at least every {every} minutes, so no break fits around it. Split it into two parts, or change "
        "how long it takes. The agenda page offers both."
    )


@require_POST
def item_split(request: HttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk, power="agenda")
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)
    try:
        first, second = services.item_split(item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:agenda", slug=slug, pk=pk)
    messages.success(
        request,
        f"The item is split in two: \u201c{first.title}\u201d ({first.duration_minutes} minutes) and "
        f"\u201c{second.title}\u201d ({second.duration_minutes} minutes). A break can now go between them.",
    )
    return redirect(reverse("meetings:agenda", args=[slug, pk]) + f"#item-{first.pk}")


# ---------------------------------------------------------------- standing items


def standing_items(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    items = services.standing_items_for(partnership)
    pictures = picture_choices([item.easy_read_picture for item in items], partnership)
    return render(
        request,
        "meetings/standing_items.html",
        {
            "partnership": partnership,
            "membership": membership,
            "rows": [{"item": item, "picture": pictures.get(item.easy_read_picture)} for item in items],
            "nav": "meetings",
        },
    )


def standing_item_edit(request: HttpRequest, slug: str, item_pk: int | None = None) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    services.standing_items_for(partnership)
    item = get_object_or_404(StandingItem, partnership=partnership, pk=item_pk) if item_pk else None
    form = StandingItemForm(posted(request), instance=item, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.partnership = partnership
        if item is None:
            saved.position = 1 + max(
                (s.position for s in StandingItem.objects.filter(partnership=partnership)), default=0
            )
        saved.save()
        messages.success(
            request, f"The standing item \u201c{saved.title}\u201d is saved. New agendas start with it."
        )
        easy_read_warnings(request, form)
        return redirect("meetings:standing_items", slug=slug)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": f"Change the standing item \u201c{item.title}\u201d" if item else "Add a standing item",
            "back_href": reverse("meetings:standing_items", args=[slug]),
            "nav": "meetings",
        },
    )


def standing_item_delete(request: HttpRequest, slug: str, item_pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    item = get_object_or_404(StandingItem, partnership=partnership, pk=item_pk)
    if request.method == "POST":
        item.delete()
        messages.success(
            request, f"\u201c{item.title}\u201d is no longer a standing item. Existing agendas keep it."
        )
        return redirect("meetings:standing_items", slug=slug)
    return render(
        request,
        "confirm.html",
        {
            "partnership": partnership,
            "membership": membership,
            "title": f"Stop using \u201c{item.title}\u201d as a standing item?",
            "body": "New agendas will not start with it. Agendas already made keep it.",
            "button": "Remove standing item",
            "cancel_href": reverse("meetings:standing_items", args=[slug]),
            "nav": "meetings",
        },
    )


# ---------------------------------------------------------------- the access plan


def plan(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk)
    return render(
        request,
        "meetings/access_plan.html",
        {
            "partnership": partnership,
            "membership": membership,
            "meeting": meeting,
            "powers": powers,
            # For anyone but a coordinator or chair, `powers.chair` is exactly "chairs this meeting": the
            # question `may_see_bookings` would otherwise ask the database again.
            "plan": access_plan(meeting, membership, chairs_meeting=powers.chair),
            "nav": "meetings",
        },
    )


def arrangement_edit(
    request: HttpRequest, slug: str, pk: int, arrangement_pk: int | None = None
) -> HttpResponse:
    partnership, membership, meeting, _ = meeting_access(request, slug, pk, power="manage")
    arrangement = (
        get_object_or_404(Arrangement, meeting=meeting, pk=arrangement_pk) if arrangement_pk else None
    )
    form = ArrangementForm(
        posted(request), instance=arrangement, initial={"need_code": request.GET.get("need", "")}
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.partnership = partnership
        saved.meeting = meeting
        if arrangement is None:
            saved.booked_by = request.user
        saved.save()
        messages.success(request, f"The arrangement is saved: {saved.description}.")
        return redirect("meetings:access_plan", slug=slug, pk=pk)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": "Change an arrangement" if arrangement else "Record an arrangement",
            "intro": "What you booked so someone's access need is met, for example an interpreter or a taxi.",
            "back_href": reverse("meetings:access_plan", args=[slug, pk]),
            "nav": "meetings",
        },
    )


def arrangement_delete(request: HttpRequest, slug: str, pk: int, arrangement_pk: int) -> HttpResponse:
    partnership, membership, meeting, _ = meeting_access(request, slug, pk, power="manage")
    arrangement = get_object_or_404(Arrangement, meeting=meeting, pk=arrangement_pk)
    if request.method == "POST":
        arrangement.delete()
        messages.success(request, "The arrangement is removed. The access plan shows the need again.")
        return redirect("meetings:access_plan", slug=slug, pk=pk)
    return render(
        request,
        "confirm.html",
        {
            "partnership": partnership,
            "membership": membership,
            "title": f"Remove the arrangement \u201c{arrangement.description}\u201d?",
            "body": "If nothing else meets the need, the access plan will show it as not met.",
            "button": "Remove arrangement",
            "cancel_href": reverse("meetings:access_plan", args=[slug, pk]),
            "nav": "meetings",
        },
    )
