"""Run meeting: the chair's page for running a meeting from its agenda, and the read-only page partners
follow on their own devices. Every button is a plain form post that comes back to the page with a message,
so the page works with the keyboard alone and without JavaScript."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from coproduction.access import is_read_only
from coproduction.easy_read.pictures import with_easy_pictures
from coproduction.forms import posted
from coproduction.rows import row_url
from partners.models import Membership, Partnership

from ..forms.run import HandOverForm, NoteForm, PresenceForm, StartForm, StepForm
from ..models import ActionPoint, AgendaItem, Decision, Meeting, MeetingNote
from ..permissions import meeting_access
from ..services import run as services
from ..services.agenda import break_interval_needed
from ..services.meetings import invited_people, presence_record
from ..services.record import meeting_is_locked, require_unlocked


def _url(name: str, partnership: Partnership, meeting: Meeting) -> str:
    return reverse(f"meetings:{name}", kwargs={"slug": partnership.slug, "pk": meeting.pk})


def _optional_url(name: str, partnership: Partnership, meeting: Meeting, **query) -> str | None:
    """A page another part of the app provides; None (and no link) until that page exists."""
    try:
        url = _url(name, partnership, meeting)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting=meeting).select_related("lead").order_by("position", "pk"))


def _error(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _back(partnership: Partnership, meeting: Meeting) -> HttpResponse:
    return redirect(_url("run", partnership, meeting))


@dataclass(frozen=True)
class Recorded:
    """The decisions and action points recorded under one agenda item, for the chair to read back."""

    item: AgendaItem | None
    decisions: list[Decision]
    action_points: list[ActionPoint]


def _recorded(partnership: Partnership, meeting: Meeting, items: list[AgendaItem]) -> list[Recorded]:
    """Everything recorded at this meeting, under its item in agenda order; what names no item comes last.
    Each carries the address that corrects it, coming back to Run meeting."""
    back = urlencode({"next": _url("run", partnership, meeting)})
    decisions = list(Decision.objects.filter(meeting=meeting).order_by("year", "number"))
    action_points = list(
        ActionPoint.objects.filter(meeting=meeting)
        .select_related("owner_person", "owner_group")
        .order_by("year", "number")
    )
    # Each record's address reversed once for the page, not once a record.
    for records, name in [(decisions, "decision_edit"), (action_points, "action_edit")]:
        address = row_url(f"meetings:{name}", partnership.slug)
        for record in records:
            record.correct_url = f"{address(record.pk)}?{back}"
    groups = []
    for item in [*items, None]:
        item_id = item.pk if item is not None else None
        mine = [d for d in decisions if d.agenda_item_id == item_id]
        theirs = [a for a in action_points if a.agenda_item_id == item_id]
        if mine or theirs:
            groups.append(Recorded(item=item, decisions=mine, action_points=theirs))
    return groups


def _focus_target(request: HttpRequest) -> str:
    """Where the page puts focus after a button was pressed, so a keyboard or screen reader user is back at
    the controls at once: the part the message is about ("now", "presence" or "notes"). After a problem,
    nowhere: the error banner takes focus itself (GOV.UK Frontend focuses role="alert" banners)."""
    flashed = list(get_messages(request))  # read, not used up: the page still shows them
    if not flashed or any(m.level >= messages.WARNING for m in flashed):
        return ""
    for message in flashed:
        for tag in message.extra_tags.split():
            if tag.startswith("focus-"):
                return tag.removeprefix("focus-")
    return "now"


def _render_run(
    request: HttpRequest,
    partnership: Partnership,
    membership: Membership,
    meeting: Meeting,
    *,
    note_form: NoteForm | None = None,
    presence_form: PresenceForm | None = None,
) -> HttpResponse:
    people = invited_people(meeting)
    items, break_every = services.run_agenda(meeting, people)
    state = services.run_state(meeting, items, timezone.now(), break_every=break_every)
    # The co-chairs, and whoever is in control (a coordinator may run meetings without being a chair) or
    # reopened the meeting, in one query.
    chairs, named = services.run_people(meeting, [meeting.chair_in_control_id, meeting.run_reopened_by_id])
    controller = named.get(meeting.chair_in_control_id) if meeting.chair_in_control_id else None
    run_url = _url("run", partnership, meeting)
    current = state.current
    if note_form is None and current is not None:
        note_form = NoteForm(initial={"item": current.pk})
    if note_form is not None:
        note_form.helper.form_action = _url("run_note_add", partnership, meeting)
    if presence_form is None:
        presence_form = PresenceForm(people=people)
    presence_form.helper.form_action = _url("run_presence", partnership, meeting)
    notes = []
    if current is not None:
        notes = list(
            MeetingNote.objects.filter(meeting=meeting, agenda_item=current).select_related("author")
        )
    query = {"item": current.pk, "next": run_url} if current is not None else {"next": run_url}
    # An approved meeting's record is locked: the page still shows it, with no buttons that change it.
    locked = meeting_is_locked(meeting)
    reopen_until = None
    if state.phase == "ended" and not locked and services.may_reopen(meeting, state.now):
        reopen_until = meeting.run_ended_at + services.REOPEN_WITHIN
    reopened_text = ""
    if meeting.run_reopened_at is not None:
        # Who reopened it is kept for the record; a person who has since left is not named.
        by = named.get(meeting.run_reopened_by_id)
        name = by.display_name if by is not None else "a former chair"
        reopened_text = (
            f"Reopened by {name} at {timezone.localtime(meeting.run_reopened_at):%H:%M} on "
            f"{timezone.localtime(meeting.run_reopened_at):%-d %B}, after it was ended by mistake."
        )
    return render(
        request,
        "meetings/run/run.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "meetings",
            "meeting": meeting,
            "state": state,
            "controls": services.in_control(meeting, request.user) and not locked,
            "can_go_back": state.phase == "running"
            and any(i.started_at is not None and i.pk != meeting.current_item_id for i in items),
            "reopen_until": reopen_until if services.in_control(meeting, request.user) else None,
            "reopened_text": reopened_text,
            "focus": _focus_target(request),
            "recorded": _recorded(partnership, meeting, items) if state.phase in {"running", "ended"} else [],
            "locked": locked,
            "controller": controller,
            "hand_over_to": [c for c in chairs if c.pk != request.user.pk] if controller else [],
            "note_form": note_form,
            "presence_form": presence_form,
            "present_count": sum(1 for _, a in people if a is not None and a.present),
            "invited_count": len(people),
            "notes": notes,
            "error_form": next((f for f in (note_form, presence_form) if f is not None and f.errors), None),
            "decision_url": None if locked else _optional_url("decision_add", partnership, meeting, **query),
            "action_url": None
            if locked
            else _optional_url("action_point_add", partnership, meeting, **query),
            "meeting_url": _optional_url("meeting_detail", partnership, meeting),
            "follow_url": request.build_absolute_uri(_url("follow", partnership, meeting)),
        },
    )


def run(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, _powers = meeting_access(request, slug, pk, power="chair")
    return _render_run(request, partnership, membership, meeting)


def run_start(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST starts the meeting (asking first when it is more than an hour early), or reopens one ended by
    mistake when the form says `reopen`."""
    partnership, membership, meeting, _powers = meeting_access(request, slug, pk, power="chair")
    if request.method != "POST":
        return _back(partnership, meeting)
    form = StartForm(request.POST)
    form.is_valid()  # two tick-boxes: anything odd reads as not ticked
    wanted = form.cleaned_data
    try:
        if wanted.get("reopen"):
            item = services.meeting_reopen(meeting=meeting, chair=request.user)
            now = f" Now: {item.title}." if item is not None else ""
            messages.success(request, f"The meeting is open again. You are running it.{now}")
        else:
            item = services.meeting_start(
                meeting=meeting, chair=request.user, ask_if_early=not wanted.get("early")
            )
            now = f" Now: {item.title}." if item is not None else ""
            messages.success(request, f"The meeting has started. You are running it.{now}")
    except services.StartsEarly as early:
        return render(
            request,
            "meetings/run/start_confirm.html",
            {
                "partnership": partnership,
                "membership": membership,
                "nav": "meetings",
                "meeting": meeting,
                "question": early.messages[0],
                "run_url": _url("run", partnership, meeting),
            },
        )
    except ValidationError as error:
        _error(request, error)
    return _back(partnership, meeting)


def run_item_next(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Start the next item, or with `back`, go back to the previous one (undoing a press made by mistake)."""
    partnership, _membership, meeting, _powers = meeting_access(request, slug, pk, power="chair")
    form = StepForm(posted(request))
    if form.is_valid() and form.cleaned_data["back"]:
        try:
            item = services.item_back(
                meeting=meeting, chair=request.user, expected_item_id=form.cleaned_data["current"]
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, f"Back to the previous item. Now: {item.title}.")
    elif form.is_valid():
        try:
            item = services.item_next(
                meeting=meeting, chair=request.user, expected_item_id=form.cleaned_data["current"]
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, f"Now: {item.title}.")
    elif form.is_bound:
        messages.error(request, services.MOVED_ON)
    return _back(partnership, meeting)


def run_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST ends the meeting; GET asks first, for ending before the last item."""
    partnership, membership, meeting, _powers = meeting_access(request, slug, pk, power="chair")
    if request.method != "POST":
        if not meeting.is_running or meeting.chair_in_control_id != request.user.pk:
            return _back(partnership, meeting)
        state = services.run_state(meeting, _items(meeting), timezone.now())
        not_reached = [row.item for row in state.rows if not row.is_done and not row.is_current]
        return render(
            request,
            "meetings/run/end_confirm.html",
            {
                "partnership": partnership,
                "membership": membership,
                "nav": "meetings",
                "meeting": meeting,
                "not_reached": not_reached,
                "run_url": _url("run", partnership, meeting),
            },
        )
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, services.MOVED_ON)
        return _back(partnership, meeting)
    try:
        services.meeting_end(
            meeting=meeting, chair=request.user, expected_item_id=form.cleaned_data["current"]
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, "The meeting has ended. Thank you for chairing it.")
    return _back(partnership, meeting)


def run_note_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, _powers = meeting_access(request, slug, pk, power="chair")
    if request.method != "POST":
        return _back(partnership, meeting)
    form = NoteForm(request.POST, items=_items(meeting))
    if not form.is_valid():
        return _render_run(request, partnership, membership, meeting, note_form=form)
    try:
        services.note_add(
            meeting=meeting,
            author=request.user,
            text=form.cleaned_data["text"],
            item=form.cleaned_data["item"],
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, "Your note is added.", extra_tags="focus-notes")
    return _back(partnership, meeting)


def run_presence(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, _powers = meeting_access(request, slug, pk, power="chair")
    if request.method != "POST":
        return _back(partnership, meeting)
    if meeting.is_cancelled:
        messages.error(request, "This meeting is cancelled, so nobody can be marked present.")
        return _back(partnership, meeting)
    if not services.in_control(meeting, request.user):
        messages.error(request, services.NOT_IN_CONTROL)
        return _back(partnership, meeting)
    form = PresenceForm(request.POST, people=invited_people(meeting))
    if not form.is_valid():
        return _render_run(request, partnership, membership, meeting, presence_form=form)
    present = form.present_ids()
    try:
        # presence_record does not check the lock itself (yet): the record's rule is applied here.
        with transaction.atomic():
            require_unlocked(meeting)
            presence_record(meeting=meeting, present_person_ids=present)
    except ValidationError as error:
        _error(request, error)
        return _back(partnership, meeting)
    people = "1 person" if len(present) == 1 else f"{len(present)} people"
    messages.success(request, f"Saved who is here: {people}.", extra_tags="focus-presence")
    return _back(partnership, meeting)


def run_control_take(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, _membership, meeting, _powers = meeting_access(request, slug, pk, power="chair")
    if request.method == "POST":
        try:
            services.control_take(meeting=meeting, chair=request.user)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, "You are now running the meeting.")
    return _back(partnership, meeting)


def run_control_hand_over(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, _membership, meeting, _powers = meeting_access(request, slug, pk, power="chair")
    if request.method == "POST":
        form = HandOverForm(request.POST, chairs=services.co_chairs(meeting))
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return _back(partnership, meeting)
        to = form.cleaned_data["to"]
        try:
            services.control_hand_over(meeting=meeting, chair=request.user, to=to)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, f"{to.display_name} is now running the meeting.")
    return _back(partnership, meeting)


def follow(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """What is happening now, for everyone who can see the meeting, on their own device. No controls."""
    partnership, membership, meeting, powers = meeting_access(request, slug, pk)
    items = _items(meeting)
    # Easy read first: the current item's easy read words and picture, the standard words a link away
    # (?words=standard); a link, not a details element, because the page refreshes itself.
    standard_words = request.GET.get("words") == "standard"
    if not standard_words:
        with_easy_pictures(items, partnership, request.user)
    state = services.run_state(meeting, items, timezone.now(), break_every=break_interval_needed(meeting))
    easy_url = _url("follow", partnership, meeting)
    standard_url = f"{easy_url}?{urlencode({'words': 'standard'})}"
    return render(
        request,
        "meetings/run/follow.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "meetings",
            "meeting": meeting,
            "state": state,
            "standard_words": standard_words,
            "easy_url": easy_url,
            "standard_url": standard_url,
            "has_aob": any(item.special == AgendaItem.Special.AOB for item in items),
            # Refresh keeps the words the person chose.
            "follow_url": standard_url if standard_words else easy_url,
            "meeting_url": _optional_url("meeting_detail", partnership, meeting),
            "run_url": _url("run", partnership, meeting)
            if powers.chair and not is_read_only(membership)
            else None,
        },
    )
