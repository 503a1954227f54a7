"""Decisions and action points: recording them at a meeting, the decisions register, the action log, and
moving an action point along."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import url_has_allowed_host_and_scheme

from coproduction.access import is_read_only, partnership_access
from coproduction.easy_read.pictures import with_easy_pictures
from coproduction.forms import already_saved, first_time, not_saved, posted, service_errors
from coproduction.pagination import paginate
from coproduction.params import query_int
from coproduction.rows import row_url
from partners.models import Membership

from ..forms.actions import (
    ActionPointForm,
    ActionPointRecordForm,
    ActionPointUpdateForm,
    DecisionForm,
    DecisionRecordForm,
    owner_initial,
)
from ..models import ActionPoint, AgendaItem, Decision, Meeting
from ..permissions import Powers, meeting_access, powers_for
from ..services import actions as services
from ..services.record import meeting_is_locked
from .pages import easy_read_warnings, record_locked_page

PAGE_SIZE = 25
SHOW_CHOICES = [
    ("open", "Open (not done yet)"),
    ("overdue", "Overdue"),
    ("closed", "Done or dropped"),
    ("all", "All"),
]


def _require_recorder(membership: Membership, powers: Powers) -> None:
    """Chairs and minute-takers record decisions and action points."""
    if is_read_only(membership) or not (powers.chair or powers.minutes):
        raise PermissionDenied


def _safe_next(request: HttpRequest) -> str | None:
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def _preselected_item(request: HttpRequest, meeting: Meeting) -> AgendaItem | None:
    item = query_int(request, "item")
    if item is None:
        return None
    return AgendaItem.objects.filter(meeting=meeting, pk=item).first()


def _meeting_line(meeting: Meeting) -> str:
    return f"{meeting.title}, {dateformat.format(timezone.localtime(meeting.starts_at), 'j F Y')}."


# ---------------------------------------------------------------- recording at a meeting


def _record(request: HttpRequest, slug: str, pk: int, *, form_class, record, title: str) -> HttpResponse:
    """Record a decision or an action point at a meeting, then go back where the person came from (the Run
    meeting page sends `next`). `record(meeting, person, fields)` saves and returns the new record."""
    partnership, membership, meeting, powers = meeting_access(request, slug, pk)
    _require_recorder(membership, powers)
    safe_next = _safe_next(request)
    next_url = safe_next or meeting.get_absolute_url()
    if meeting_is_locked(meeting):
        # Say so before anyone types: nothing can be added to an approved meeting's record.
        return record_locked_page(request, partnership, membership, meeting, back_href=next_url)
    extra = {"partnership": partnership} if form_class is ActionPointRecordForm else {}
    form = form_class(
        posted(request),
        meeting=meeting,
        initial={"agenda_item": _preselected_item(request, meeting), "next": safe_next or ""},
        **extra,
    )
    if request.method == "POST" and form.is_valid():
        if not first_time(form, request):
            return already_saved(request, next_url)
        try:
            saved = record(meeting, request.user, form.service_fields())
        except ValidationError as error:
            not_saved(form, request)
            service_errors(form, error)
        else:
            noun = "Decision" if form_class is DecisionRecordForm else "Action point"
            messages.success(request, f"{noun} {saved.reference} is recorded.")
            easy_read_warnings(request, form)
            return redirect(next_url)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": title,
            "intro": _meeting_line(meeting),
            "back_href": next_url,
            "nav": "meetings",
        },
    )


def decision_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _record(
        request,
        slug,
        pk,
        form_class=DecisionRecordForm,
        record=lambda meeting, person, fields: services.decision_record(
            meeting=meeting, recorded_by=person, **fields
        ),
        title="Record a decision",
    )


def action_point_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _record(
        request,
        slug,
        pk,
        form_class=ActionPointRecordForm,
        record=lambda meeting, person, fields: services.action_point_record(
            meeting=meeting, created_by=person, **fields
        ),
        title="Record an action point",
    )


# ---------------------------------------------------------------- the decisions register


def decision_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    decisions = Decision.objects.filter(partnership=partnership)
    years = list(decisions.order_by("-year").values_list("year", flat=True).distinct())
    year = query_int(request, "year")
    if year not in years:
        year = None
    if year is not None:
        decisions = decisions.filter(year=year)
    decisions = decisions.select_related("meeting").order_by("-meeting__starts_at", "-year", "-number")
    page = paginate(request, decisions, PAGE_SIZE)
    for decision in page.object_list:
        decision.how_words = services.how_words(decision)
    with_easy_pictures(page.object_list, partnership, request.user)
    # Each row's two links, reversed once for the page.
    detail_url = row_url("meetings:decision_detail", partnership.slug)
    meeting_url = row_url("meetings:meeting_detail", partnership.slug)
    for decision in page.object_list:
        decision.detail_url = detail_url(decision.pk)
        decision.meeting_url = meeting_url(decision.meeting_id)
    return render(
        request,
        "meetings/decisions/decision_list.html",
        {
            "partnership": partnership,
            "membership": membership,
            "page": page,
            "years": years,
            "year": year,
            "nav": "decisions",
        },
    )


def _decision(partnership, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related("meeting", "meeting__partnership", "agenda_item", "recorded_by"),
        partnership=partnership,
        pk=pk,
    )


def _may_edit_decision(decision: Decision, membership: Membership) -> bool:
    return not is_read_only(membership) and powers_for(decision.meeting, membership).chair


def decision_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    decision = _decision(partnership, pk)
    decision.how_words = services.how_words(decision)
    with_easy_pictures([decision], partnership, request.user)
    changes = list(decision.changes.select_related("changed_by"))
    for change in changes:
        change.how_words = services.how_words(change)
    return render(
        request,
        "meetings/decisions/decision_detail.html",
        {
            "partnership": partnership,
            "membership": membership,
            "decision": decision,
            "may_edit": _may_edit_decision(decision, membership),
            "locked": meeting_is_locked(decision.meeting_id),
            "changes": changes,
            "nav": "decisions",
        },
    )


def decision_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    decision = _decision(partnership, pk)
    if not _may_edit_decision(decision, membership):
        raise PermissionDenied
    form = DecisionForm(
        posted(request),
        meeting=decision.meeting,
        easy_read=True,
        submit="Save changes",
        initial={
            "agenda_item": decision.agenda_item_id,
            "text": decision.text,
            "how": decision.how,
            "votes_for": decision.votes_for,
            "votes_against": decision.votes_against,
            "abstentions": decision.abstentions,
            "easy_read_text": decision.easy_read_text,
            "easy_read_picture": decision.easy_read_picture,
        },
    )
    # Corrected from Run meeting (`?next=`), the chair goes back there; otherwise to the decision.
    detail_url = _safe_next(request) or reverse(
        "meetings:decision_detail", kwargs={"slug": partnership.slug, "pk": decision.pk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_edit(decision=decision, by=request.user, **form.service_fields())
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"Decision {decision.reference} is saved.")
            easy_read_warnings(request, form)
            return redirect(detail_url)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": f"Change decision {decision.reference}",
            "intro": "Its reference number stays the same.",
            "back_href": detail_url,
            "nav": "decisions",
        },
    )


# ---------------------------------------------------------------- the action log


def _annotate_due(action_points, today: date) -> None:
    """How far off or overdue each one is, for saying it in words."""
    for action_point in action_points:
        action_point.days_away = (action_point.due_on - today).days
        action_point.days_late = -action_point.days_away


def action_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    today = timezone.localdate()
    people = services.owner_people(partnership)
    groups = services.owner_groups(partnership)
    show = request.GET.get("show", "open")
    if show not in dict(SHOW_CHOICES):
        show = "open"
    owner = request.GET.get("owner", "")

    action_points = ActionPoint.objects.filter(partnership=partnership)
    if show == "open":
        action_points = action_points.open()
    elif show == "overdue":
        action_points = action_points.overdue()
    elif show == "closed":
        action_points = action_points.filter(status__in=services.CLOSED_STATUSES)
    for person in people:
        person.owner_key = f"person-{person.pk}"
    for group in groups:
        group.owner_key = f"group-{group.pk}"
    people_by_key = {p.owner_key: p for p in people}
    groups_by_key = {g.owner_key: g for g in groups}
    if owner == "mine":
        action_points = action_points.owned_by(request.user)
    elif owner in people_by_key:
        action_points = action_points.filter(owner_person=people_by_key[owner])
    elif owner in groups_by_key:
        action_points = action_points.filter(owner_group=groups_by_key[owner])
    else:
        owner = ""

    page = paginate(request, services.overdue_first(services.with_owners(action_points), today), PAGE_SIZE)
    _annotate_due(page.object_list, today)
    with_easy_pictures(page.object_list, partnership, request.user)
    # Each row's two links, reversed once for the page.
    detail_url = row_url("meetings:action_detail", partnership.slug)
    meeting_url = row_url("meetings:meeting_detail", partnership.slug)
    for action_point in page.object_list:
        action_point.detail_url = detail_url(action_point.pk)
        action_point.meeting_url = meeting_url(action_point.meeting_id)
    return render(
        request,
        "meetings/actions/action_list.html",
        {
            "partnership": partnership,
            "membership": membership,
            "page": page,
            "show": show,
            "owner": owner,
            "show_choices": SHOW_CHOICES,
            "people": people,
            "groups": groups,
            "filtered": show != "all" or owner != "",
            "nav": "action_points",
        },
    )


def _action_point(partnership, pk: int) -> ActionPoint:
    return get_object_or_404(
        ActionPoint.objects.select_related(
            "owner_person",
            "owner_group",
            "meeting",
            "meeting__partnership",
            "agenda_item",
            "created_by",
            "closed_by",
        ),
        partnership=partnership,
        pk=pk,
    )


def action_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An action point with its history; its owner, chairs and coordinators move it along here."""
    partnership, membership = partnership_access(request, slug)
    action_point = _action_point(partnership, pk)
    with_easy_pictures([action_point], partnership, request.user)
    may_update = services.may_update_action_point(action_point, membership)
    if request.method == "POST" and not may_update:
        raise PermissionDenied
    form = ActionPointUpdateForm(
        posted(request),
        initial={"status": action_point.status, "close_reason": action_point.close_reason},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_point_update(action_point=action_point, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request,
                f"Action point {action_point.reference} is now {action_point.get_status_display().lower()}.",
            )
            return redirect("meetings:action_detail", slug=partnership.slug, pk=action_point.pk)
    _annotate_due([action_point], timezone.localdate())
    return render(
        request,
        "meetings/actions/action_detail.html",
        {
            "partnership": partnership,
            "membership": membership,
            "action_point": action_point,
            "form": form if may_update else None,
            "may_edit": services.may_update_action_point(action_point, membership, details=True),
            "nav": "action_points",
        },
    )


def action_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Coordinators and chairs correct what an action point says, who owns it and when it is due."""
    partnership, membership = partnership_access(request, slug)
    action_point = _action_point(partnership, pk)
    if not services.may_update_action_point(action_point, membership, details=True):
        raise PermissionDenied
    form = ActionPointForm(
        posted(request),
        partnership=partnership,
        meeting=action_point.meeting,
        action_point=action_point,
        submit="Save changes",
        initial={
            "agenda_item": action_point.agenda_item_id,
            "text": action_point.text,
            "owner": owner_initial(action_point),
            "due_on": action_point.due_on,
            "easy_read_text": action_point.easy_read_text,
            "easy_read_picture": action_point.easy_read_picture,
        },
    )
    # Corrected from Run meeting (`?next=`), the chair goes back there; otherwise to the action point.
    detail_url = _safe_next(request) or reverse(
        "meetings:action_detail", kwargs={"slug": partnership.slug, "pk": action_point.pk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_point_edit(action_point=action_point, **form.service_fields())
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"Action point {action_point.reference} is saved.")
            easy_read_warnings(request, form)
            return redirect(detail_url)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": f"Change action point {action_point.reference}",
            "intro": "Its reference number stays the same.",
            "back_href": detail_url,
            "nav": "action_points",
        },
    )
