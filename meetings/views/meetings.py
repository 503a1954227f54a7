"""The meetings list, a meeting's page, setting meetings up, replies, invitations, presence, roles and
calendars."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coproduction.access import partnership_access
from coproduction.easy_read.pictures import with_easy_pictures
from coproduction.forms import posted
from coproduction.pagination import paginate
from partners.models import ROLES_MANAGING, Membership, Role

from .. import calendar as ical
from ..forms.meetings import CancelForm, MeetingForm, PeopleChoiceForm, ReplyForm, RolesForm, SeriesForm
from ..models import (
    AgendaItem,
    Attendance,
    CalendarFeed,
    Meeting,
    MeetingRole,
    PackDelivery,
)
from ..permissions import meeting_access, partnership_meetings_access
from ..services import meetings as services
from ..services import packs
from ..services.access_plan import access_plan
from ..services.agenda import agenda_timing
from ..services.record import meeting_is_locked
from .pages import record_locked_page

_FEED_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


# The meetings list shows the next few meetings and the latest past ones; each list has a page of its own.
UPCOMING_PREVIEW = 10
CANCELLED_PREVIEW = 5
PAST_PREVIEW = 5
LIST_PAGE_SIZE = 20
# ?show=: which meetings a list page shows, newest first for past ones, and what the page calls them.
_LISTS = {
    "upcoming": ("Coming up", "upcoming meeting"),
    "cancelled": ("Cancelled meetings", "cancelled meeting"),
    "past": ("Past meetings", "past meeting"),
}


def _meeting_lists(visible) -> dict:
    """What each list holds: still to come; cancelled and not yet over; held (newest first)."""
    held = visible._held()
    return {
        "upcoming": ~held & ~Q(status=Meeting.Status.CANCELLED),
        "cancelled": Q(status=Meeting.Status.CANCELLED, ends_at__gte=timezone.now()),
        "past": held,
    }


def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The next meetings, any cancelled ones still ahead and the latest past ones, each with a count and a
    link to all of them; ?show=upcoming, cancelled or past lists all of one kind, a page at a time."""
    partnership, membership = partnership_meetings_access(request, slug)
    # Each row links to its meeting, whose address names the partnership: fetch it with the meeting.
    visible = (
        Meeting.objects.filter(partnership=partnership)
        .visible_to(membership)
        .select_related("venue", "partnership")
    )
    lists = _meeting_lists(visible)
    order = {"upcoming": ("starts_at", "pk"), "cancelled": ("starts_at", "pk"), "past": ("-starts_at", "-pk")}
    context = {"partnership": partnership, "membership": membership, "nav": "meetings"}
    show = request.GET.get("show")
    if show in _LISTS:
        heading, noun = _LISTS[show]
        page = paginate(request, visible.filter(lists[show]).order_by(*order[show]), LIST_PAGE_SIZE)
        return render(
            request,
            "meetings/meeting_list_all.html",
            {**context, "show": show, "heading": heading, "noun": noun, "page": page},
        )
    # One query counts all three lists; then the first few of each.
    counts = visible.aggregate(**{name: Count("pk", filter=q) for name, q in lists.items()})
    previews = {"upcoming": UPCOMING_PREVIEW, "cancelled": CANCELLED_PREVIEW, "past": PAST_PREVIEW}
    for name, size in previews.items():
        rows = visible.filter(lists[name]).order_by(*order[name])[:size]
        context[name] = list(rows) if counts[name] else []
        context[f"{name}_count"] = counts[name]
    return render(
        request,
        "meetings/meeting_list.html",
        {
            **context,
            "continuity": services.continuity(partnership=partnership)
            if membership.role != Role.VISITING_EXPERT
            else None,
        },
    )


def _meeting_page_query(meetings):
    """What the meeting page needs, read with the meeting: its roles with their people (the caller's powers
    come from them too), and its pack deliveries in figures: the first (for the papers deadline), how many
    people have had it and when it last went."""
    deliveries = PackDelivery.objects.filter(meeting=OuterRef("pk"))
    first = deliveries.order_by("sent_at", "pk")
    return meetings.prefetch_related(
        Prefetch("roles", queryset=MeetingRole.objects.select_related("person"))
    ).annotate(
        first_sent_at=Subquery(first.values("sent_at")[:1]),
        first_sent_late=Subquery(first.values("late")[:1]),
        last_sent_at=Subquery(deliveries.order_by("-sent_at", "-pk").values("sent_at")[:1]),
        sent_to=Subquery(
            deliveries.order_by().values("meeting").annotate(n=Count("person", distinct=True)).values("n")
        ),
    )


def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk, prepare=_meeting_page_query)
    people = services.invited_people(meeting)
    replies = {choice: [] for choice in Attendance.Reply.values}
    for person, attendance in people:
        replies[attendance.reply if attendance else Attendance.Reply.NO_REPLY].append(person)
    mine = next((a for p, a in people if p.pk == request.user.pk), None)
    invited = any(p.pk == request.user.pk for p, _ in people)
    roles = list(meeting.roles.all())  # prefetched with the meeting
    # One fetch of the agenda serves both the page's agenda list and the access plan's timing checks.
    agenda = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))
    with_easy_pictures(agenda, partnership, request.user)
    chairs_meeting = any(r.person_id == request.user.pk and r.role == MeetingRole.Role.CHAIR for r in roles)
    plan = access_plan(meeting, membership, people=people, agenda=agenda, chairs_meeting=chairs_meeting)
    hybrid = meeting.format == Meeting.Format.HYBRID
    reply_form = ReplyForm(
        initial={"reply": mine.reply if mine else None, "takes_part": mine.takes_part if mine else None},
        hybrid=hybrid,
    )
    # A hybrid meeting is planned for both sides: how many of those coming will be in the room, and online.
    coming = [a for _, a in people if a is not None and a.reply == Attendance.Reply.ATTENDING]
    takes_part = (
        {
            "in_room": sum(1 for a in coming if a.takes_part == Attendance.TakesPart.IN_ROOM),
            "online": sum(1 for a in coming if a.takes_part == Attendance.TakesPart.ONLINE),
            "unsaid": sum(1 for a in coming if not a.takes_part),
        }
        if hybrid
        else None
    )
    reply_form.helper.form_action = reverse("meetings:meeting_reply", kwargs={"slug": slug, "pk": meeting.pk})
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "partnership": partnership,
            "membership": membership,
            "meeting": meeting,
            "powers": powers,
            "replies": replies,
            "reply_labels": dict(Attendance.Reply.choices),
            "my_reply": mine.reply if mine else Attendance.Reply.NO_REPLY,
            "invited": invited,
            "reply_form": reply_form,
            "my_takes_part": mine.get_takes_part_display().lower() if mine and mine.takes_part else "",
            "takes_part": takes_part,
            "chairs": [r.person for r in roles if r.role == MeetingRole.Role.CHAIR],
            "minute_takers": [r.person for r in roles if r.role == MeetingRole.Role.MINUTE_TAKER],
            "facilitators": [r.person for r in roles if r.role == MeetingRole.Role.FACILITATOR],
            "agenda": agenda_timing(meeting, agenda).items,
            "plan": plan,
            "deadline": packs.deadline_status_from(
                meeting, (meeting.first_sent_at, meeting.first_sent_late) if meeting.first_sent_at else None
            ),
            "present_count": sum(1 for _, a in people if a and a.present),
            # Whether the minutes are approved, so the page can leave out links to changes it would refuse.
            "record_locked": meeting_is_locked(meeting),
            "nav": "meetings",
        },
    )


def _meeting_form_page(request, partnership, membership, form, title, back_href):
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": title,
            "back_href": back_href,
            "nav": "meetings",
        },
    )


def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    form = MeetingForm(posted(request), partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                partnership=partnership, created_by=request.user, **form.meeting_fields()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, f"The meeting \u201c{meeting.title}\u201d is set up, with the standing agenda."
            )
            return redirect(meeting)
    return _meeting_form_page(
        request,
        partnership,
        membership,
        form,
        "Set up a meeting",
        reverse("meetings:meeting_list", args=[slug]),
    )


def series_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    form = SeriesForm(posted(request), partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.series_create(
                partnership=partnership, created_by=request.user, rule=form.rule(), **form.meeting_fields()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, f"{len(made)} meetings are set up. You can change each one on its own page."
            )
            return redirect("meetings:meeting_list", slug=slug)
    return _meeting_form_page(
        request,
        partnership,
        membership,
        form,
        "Set up a regular series of meetings",
        reverse("meetings:meeting_list", args=[slug]),
    )


def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, _ = meeting_access(request, slug, pk, power="manage")
    # The approved minutes name the meeting, its day and its place: they stay as approved.
    if meeting_is_locked(meeting):
        return record_locked_page(request, partnership, membership, meeting)
    editable = Meeting.objects.get(pk=meeting.pk)  # the form's own copy; the page keeps the saved one
    form = MeetingForm(posted(request), instance=editable, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=editable, **form.meeting_fields())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "The meeting is saved. Its access plan now uses the new details.")
            return redirect(editable)
    return _meeting_form_page(
        request, partnership, membership, form, f"Change {meeting.title}", meeting.get_absolute_url()
    )


def meeting_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, _ = meeting_access(request, slug, pk, power="manage")
    if meeting_is_locked(meeting):
        return record_locked_page(request, partnership, membership, meeting)
    form = CancelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"\u201c{meeting.title}\u201d is cancelled.")
            return redirect(meeting)
    return _meeting_form_page(
        request, partnership, membership, form, f"Cancel {meeting.title}?", meeting.get_absolute_url()
    )


@require_POST
def meeting_reply(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, _ = meeting_access(request, slug, pk)
    form = ReplyForm(request.POST, hybrid=meeting.format == Meeting.Format.HYBRID)
    if not form.is_valid():
        if "reply" in form.errors:
            messages.error(request, "Choose whether you are coming, then send your reply.")
        else:
            messages.error(request, " ".join(form.errors.get("takes_part", [])))
        return redirect(meeting)
    try:
        attendance = services.reply_record(
            meeting=meeting,
            person=request.user,
            reply=form.cleaned_data["reply"],
            takes_part=form.cleaned_data.get("takes_part", ""),
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        said = attendance.get_reply_display().lower()
        if attendance.takes_part:
            said += f", {attendance.get_takes_part_display().lower()}"
        messages.success(request, f"Your reply is saved: {said}.")
    return redirect(meeting)


def _member_choices(partnership) -> list[tuple[int, str]]:
    members = Membership.objects.current().filter(partnership=partnership).select_related("person")
    return [(m.person_id, f"{m.person.display_name} ({m.get_role_display().lower()})") for m in members]


def meeting_invitations(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, _ = meeting_access(request, slug, pk, power="manage")
    # The approved minutes say who was invited and who came: they stay as approved.
    if meeting_is_locked(meeting):
        return record_locked_page(request, partnership, membership, meeting)
    invited = {person.pk for person, _ in services.invited_people(meeting)}
    form = PeopleChoiceForm(
        posted(request),
        choices=_member_choices(partnership),
        initial={"people": sorted(invited)},
        label="Who is invited",
        hint="Everyone in the partnership is invited unless you untick them. Tick a visiting expert to ask "
        "them to this meeting only.",
        submit="Save invitations",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invitations_set(
                meeting=meeting,
                invited_person_ids=set(form.cleaned_data["people"]),
                listed_person_ids=form.listed_ids(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Invitations are saved. The access plan now counts the people invited.")
            return redirect(meeting)
    return _meeting_form_page(
        request, partnership, membership, form, "Who is invited", meeting.get_absolute_url()
    )


def meeting_presence(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, _ = meeting_access(request, slug, pk, power="chair")
    if meeting_is_locked(meeting):
        return record_locked_page(request, partnership, membership, meeting)
    people = services.invited_people(meeting)
    form = PeopleChoiceForm(
        posted(request),
        choices=[(p.pk, p.display_name) for p, _ in people],
        initial={"people": [p.pk for p, a in people if a and a.present]},
        label="Who was present",
        hint="Tick everyone who came.",
        submit="Save who was present",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.presence_record(meeting=meeting, present_person_ids=set(form.cleaned_data["people"]))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Who was present is saved.")
            return redirect(meeting)
    return _meeting_form_page(
        request, partnership, membership, form, "Who was present", meeting.get_absolute_url()
    )


def meeting_roles(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, _ = meeting_access(request, slug, pk, power="manage")
    # The approved minutes say who chaired and who took them: they stay as approved.
    if meeting_is_locked(meeting):
        return record_locked_page(request, partnership, membership, meeting)
    choices = _member_choices(partnership)
    form = RolesForm(posted(request), choices=choices, initial=RolesForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        people = {
            m.person_id: m.person
            for m in Membership.objects.current().filter(partnership=partnership).select_related("person")
        }
        try:
            services.roles_set(
                meeting=meeting,
                **{
                    name: [people[i] for i in form.cleaned_data[name] if i in people]
                    for name in ("chairs", "minute_takers", "facilitators")
                },
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The roles for this meeting are saved.")
            return redirect(meeting)
    return _meeting_form_page(
        request,
        partnership,
        membership,
        form,
        "Chairs, minute-taker and facilitator",
        meeting.get_absolute_url(),
    )


def meeting_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    partnership, membership, meeting, _ = meeting_access(request, slug, pk)
    return ical.served(
        request,
        key=f"meeting:{meeting.pk}",
        text=ical.calendar_for([meeting], request=request, name=meeting.title),
        filename=f"meeting-{meeting.pk}.ics",
    )


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The person's private calendar feed address, with a way to reset it."""
    feed, _ = CalendarFeed.objects.get_or_create(person=request.user)
    if request.method == "POST":
        ical.forget_version(f"feed:{feed.pk}")
        feed.delete()
        CalendarFeed.objects.create(person=request.user)
        messages.success(request, "Your calendar address is reset. The old one no longer works.")
        return redirect("meetings:my_calendar")
    return render(
        request,
        "meetings/my_calendar.html",
        {
            "feed_url": request.build_absolute_uri(reverse("meetings:calendar_feed", args=[feed.token])),
            "months_back": ical.FEED_MONTHS_BACK,
            "nav": "profile",
        },
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponseBase:
    """A calendar app fetches this without signing in, so the secret address is the key. It covers the last
    3 months and everything ahead (calendar.feed_meetings), in three queries however many partnerships and
    meetings the person has, and answers 304 to a program that already has this version."""
    # Tokens are URL-safe base64 (secrets.token_urlsafe); anything else, a NUL byte say, is no address.
    if not _FEED_TOKEN.fullmatch(token):
        raise Http404
    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if feed is None:
        raise Http404
    meetings = ical.feed_meetings(feed.person)
    return ical.served(
        request,
        key=f"feed:{feed.pk}",
        text=ical.calendar_for(meetings, request=request, name="Co-production meetings"),
    )
