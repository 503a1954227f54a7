"""Running a meeting: what the Run meeting page shows, and what its buttons do.

The chair in control moves the meeting from item to item. Every step that moves the meeting on carries the
item the chair was looking at, and is refused when the meeting has already moved on, so pressing "Start next
item" twice never skips an item.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Min, Q, Subquery
from django.utils import timezone

from partners.models import AccessNeed, Membership, Role, User

from ..models import AgendaItem, Meeting, MeetingNote, MeetingRole, Minutes, PackDelivery
from .agenda import agenda_timing, break_interval_needed
from .meetings import coming_people
from .record import require_unlocked

MOVED_ON = "The meeting had already moved on, so nothing changed. This is where it is now."
NOT_IN_CONTROL = "Another chair is running the meeting. Take over first if you need to."

# Starting earlier than this before the planned start is more likely a slip than a plan, so it is asked about.
EARLY_START = timedelta(hours=1)
# How long after the end a chair may reopen a meeting ended by mistake.
REOPEN_WITHIN = timedelta(days=1)


class StartsEarly(ValidationError):
    """Raised by meeting_start when the meeting is not due yet and the chair has not said to start anyway."""


def minutes_text(minutes: int) -> str:
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def clock_text(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


@dataclass(frozen=True)
class ItemRow:
    """One line of the agenda on the Run meeting page: what was planned, and what happened."""

    item: AgendaItem
    number: int
    planned_start: datetime
    planned_end: datetime
    is_current: bool
    is_done: bool
    # When an item still to come is now expected to start, given how the meeting is going.
    expected_start: datetime | None

    @property
    def status_text(self) -> str:
        if self.is_current:
            return "Now"
        if self.is_done:
            return "Done"
        if self.item.started_at is None and self.expected_start is None:
            return "Not reached"
        return "Still to come"


@dataclass(frozen=True)
class RunState:
    """Everything the Run meeting and Follow pages show, worked out from the agenda and the clock."""

    phase: str  # not_started, running, ended or cancelled
    now: datetime
    rows: list[ItemRow]
    current: AgendaItem | None
    next_item: AgendaItem | None
    # The current item: seconds since it started, and seconds left of its planned time (negative when over).
    used_seconds: int
    left_seconds: int
    # Minutes of the agenda after the current item (or all of it, before the start).
    after_minutes: int
    expected_finish: datetime
    scheduled_finish: datetime
    # When the agenda would finish if every item took its planned time, from the start it is measured from:
    # "running late" compares with this, so a meeting started on time reads "on time", even when its agenda
    # is shorter than the meeting.
    planned_finish: datetime
    break_every: int | None
    on_break: bool
    next_break: AgendaItem | None
    next_break_at: datetime | None
    # When people's access needs say a break must have started, if anyone needs regular breaks.
    break_due_by: datetime | None

    # ------------------------------------------------ the current item's clock

    @property
    def used_minutes(self) -> int:
        return self.used_seconds // 60

    @property
    def left_minutes(self) -> int:
        """Whole minutes left, rounded up, so "1 minute left" means there is still some time."""
        return math.ceil(self.left_seconds / 60) if self.left_seconds > 0 else 0

    @property
    def over_minutes(self) -> int:
        return (-self.left_seconds) // 60 if self.left_seconds < 0 else 0

    @property
    def is_over(self) -> bool:
        return self.current is not None and self.left_seconds <= 0

    @property
    def item_due_end(self) -> datetime | None:
        if self.current is None or self.current.started_at is None:
            return None
        return self.current.started_at + timedelta(minutes=self.current.duration_minutes)

    @property
    def time_text(self) -> str:
        if self.current is None:
            return ""
        used = f"{minutes_text(self.used_minutes)} used"
        if self.left_seconds > 0:
            return f"{used}, {minutes_text(self.left_minutes)} left"
        if self.over_minutes == 0:
            return f"{used}, no time left"
        return f"{used}, {minutes_text(self.over_minutes)} over"

    @property
    def time_left_text(self) -> str:
        """For people following: the time left in words, without the time used."""
        if self.current is None:
            return ""
        if self.left_seconds > 0:
            return f"{minutes_text(self.left_minutes)} left on this item"
        if self.over_minutes == 0:
            return "The time for this item is up"
        return f"This item is {minutes_text(self.over_minutes)} over time"

    # ------------------------------------------------ the meeting's clock

    @property
    def late_minutes(self) -> int:
        """Before the start: minutes the agenda would run past the meeting's end. Once it runs: minutes the
        meeting is behind (positive) or ahead of (negative) its agenda."""
        target = self.scheduled_finish if self.phase == "not_started" else self.planned_finish
        return int((self.expected_finish - target).total_seconds() / 60)

    @property
    def lateness_text(self) -> str:
        finish = clock_text(self.expected_finish)
        late = self.late_minutes
        if self.phase == "not_started":
            if late > 0:
                return (
                    f"The agenda would finish at {finish}, {minutes_text(late)} after the meeting is due "
                    "to end."
                )
            return f"The agenda would finish at {finish}. The meeting is due to end at " + (
                f"{clock_text(self.scheduled_finish)}."
            )
        if late > 0:
            return f"Running {minutes_text(late)} late. Expected to finish at {finish}."
        if late < 0:
            return f"Running {minutes_text(-late)} ahead. Expected to finish at {finish}."
        return f"On time. Expected to finish at {finish}."

    # ------------------------------------------------ breaks

    @property
    def break_alert_at(self) -> datetime | None:
        """When a break becomes due: the next break on the agenda, or sooner if someone needs one sooner."""
        if self.on_break or self.phase != "running":
            return None
        moments = [m for m in (self.next_break_at, self.break_due_by) if m is not None]
        return min(moments) if moments else None

    @property
    def break_due_now(self) -> bool:
        return self.break_alert_at is not None and self.break_alert_at <= self.now

    @property
    def needs_text(self) -> str:
        if not self.break_every:
            return ""
        return f"Someone here needs a break at least every {minutes_text(self.break_every)}."

    @property
    def break_text(self) -> str:
        if self.phase in {"ended", "cancelled"}:
            return ""
        if self.on_break:
            return f"This is a break, until {clock_text(self.item_due_end)}." if self.item_due_end else ""
        due_by = self.break_due_by
        if due_by is not None and due_by <= self.now:
            if self.next_break is not None and self.next_break_at > self.now:
                return (
                    f"A break is due now. {self.needs_text} The next break on the agenda is at "
                    f"{clock_text(self.next_break_at)}."
                )
            return f"A break is due now. {self.needs_text}"
        if self.next_break is not None:
            at = clock_text(self.next_break_at)
            # Compared as the clock shows them: a break planned a few seconds after it is needed is in time.
            if due_by is not None and at != clock_text(due_by) and self.next_break_at > due_by:
                return (
                    f"The next break on the agenda is at {at}, but a break is needed by "
                    f"{clock_text(due_by)}. {self.needs_text}"
                )
            if self.phase == "running" and self.next_break_at <= self.now:
                return "A break is due now."
            return f"The next break is at {at}."
        left = " left" if self.phase == "running" else ""
        if due_by is not None and due_by < self.expected_finish:
            return (
                f"There is no break{left} on the agenda, but a break is needed by {clock_text(due_by)}. "
                f"{self.needs_text}"
            )
        return "There are no more breaks on the agenda." if left else "There are no breaks on the agenda."

    @property
    def break_now_text(self) -> str:
        """What the break line says once a break is due: the script shows it when the moment comes."""
        if self.break_due_by is not None and self.break_alert_at == self.break_due_by:
            return f"A break is due now. {self.needs_text}"
        return "A break is due now."


def _scheduled(meeting: Meeting, started: datetime | None) -> tuple[datetime, datetime]:
    """The start and end the meeting is measured against. A meeting run on another day than planned is
    measured from when it started, so it never reads as "running 20,000 minutes late"."""
    if started is not None and timezone.localdate(started) != timezone.localdate(meeting.starts_at):
        return started, started + (meeting.ends_at - meeting.starts_at)
    return meeting.starts_at, meeting.ends_at


def run_state(
    meeting: Meeting, items: list[AgendaItem], now: datetime, *, break_every: int | None = None
) -> RunState:
    """What the chair needs to see at `now`. `items` are the meeting's agenda items in order, already fetched,
    so this runs no queries; `break_every` is the shortest break interval anyone coming needs."""
    timing = agenda_timing(meeting, items)
    planned = {entry.item.pk: entry for entry in timing.items}
    current = next((i for i in items if i.pk == meeting.current_item_id), None)
    current_index = items.index(current) if current is not None else None

    if meeting.is_cancelled and meeting.run_started_at is None:
        phase = "cancelled"
    elif meeting.run_ended_at is not None:
        phase = "ended"
    elif meeting.run_started_at is not None:
        phase = "running"
    else:
        phase = "not_started"

    used = left = 0
    if phase == "running":
        if current_index is not None:
            after = items[current_index + 1 :]
        else:  # the current item was removed from the agenda: what is left is what has not started
            after = [i for i in items if i.started_at is None]
        if current is not None and current.started_at is not None:
            used = max(0, int((now - current.started_at).total_seconds()))
            left = current.duration_minutes * 60 - used
        clock = now + timedelta(seconds=max(0, left))
        scheduled_start, scheduled_finish = _scheduled(meeting, meeting.run_started_at)
    elif phase == "not_started":
        after = list(items)
        same_day = timezone.localdate(now) == timezone.localdate(meeting.starts_at)
        clock = max(now, meeting.starts_at) if same_day else meeting.starts_at
        scheduled_start, scheduled_finish = meeting.starts_at, meeting.ends_at
    else:
        after = []
        clock = meeting.run_ended_at or meeting.ends_at
        scheduled_start, scheduled_finish = _scheduled(meeting, meeting.run_started_at)

    # Expected starts of what is still to come, from now on.
    expected: dict[int, datetime] = {}
    for item in after:
        expected[item.pk] = clock
        clock += timedelta(minutes=item.duration_minutes)
    expected_finish = clock

    next_item = after[0] if after else None
    next_break = next((i for i in after if i.is_break), None)
    on_break = current is not None and current.is_break and phase == "running"

    break_due_by = None
    if break_every and not on_break and phase in {"running", "not_started"}:
        rested = [i.ended_at for i in items if i.is_break and i.ended_at is not None and i.ended_at <= now]
        if rested:
            since = max(rested)
        elif phase == "running":
            since = meeting.run_started_at
        else:
            since = expected.get(items[0].pk, scheduled_start) if items else scheduled_start
        break_due_by = since + timedelta(minutes=break_every)

    rows = []
    for number, item in enumerate(items, start=1):
        entry = planned[item.pk]
        is_current = phase == "running" and current is not None and item.pk == current.pk
        rows.append(
            ItemRow(
                item=item,
                number=number,
                planned_start=entry.starts,
                planned_end=entry.ends,
                is_current=is_current,
                is_done=item.ended_at is not None and not is_current,
                expected_start=expected.get(item.pk),
            )
        )

    # The agenda's planned length, measured from the planned start; or from the actual start when the meeting
    # started early or on another day, as the chair chose to start it then.
    agenda_minutes = sum(i.duration_minutes for i in items)
    measured_from = scheduled_start
    if phase != "not_started" and meeting.run_started_at is not None:
        measured_from = min(scheduled_start, meeting.run_started_at)
    planned_finish = measured_from + timedelta(minutes=agenda_minutes)

    return RunState(
        phase=phase,
        now=now,
        rows=rows,
        current=current if phase == "running" else None,
        next_item=next_item,
        used_seconds=used,
        left_seconds=left,
        after_minutes=sum(i.duration_minutes for i in after) if phase == "running" else 0,
        expected_finish=expected_finish,
        scheduled_finish=scheduled_finish,
        planned_finish=planned_finish,
        break_every=break_every,
        on_break=on_break,
        next_break=next_break,
        next_break_at=expected.get(next_break.pk) if next_break is not None else None,
        break_due_by=break_due_by,
    )


# ---------------------------------------------------------------- who runs the page


def _chair_of(meeting: Meeting) -> Q:
    """Who may run this meeting with the chair, as a condition on people: its own chairs and the
    partnership's chairs. Two indexed subqueries, so it never looks at every account."""
    return Q(
        pk__in=MeetingRole.objects.filter(meeting=meeting, role=MeetingRole.Role.CHAIR).values("person_id")
    ) | Q(
        pk__in=Membership.objects.current()
        .filter(partnership_id=meeting.partnership_id, role=Role.CHAIR)
        .values("person_id")
    )


def _by_name(people) -> list[User]:
    return sorted(people, key=lambda p: (p.display_name.lower(), p.pk))


def co_chairs(meeting: Meeting) -> list[User]:
    """The people who may run this meeting with the chair: its own chairs and the partnership's chairs. One
    query."""
    return _by_name(User.objects.filter(_chair_of(meeting)))


def run_people(meeting: Meeting, also: list[int | None]) -> tuple[list[User], dict[int, User]]:
    """For the Run meeting page: the co-chairs (`co_chairs`), and by id the co-chairs and the other people
    in `also` (whoever is in control, who reopened the meeting), found or not. One query."""
    found = list(
        User.objects.annotate(
            is_co_chair=ExpressionWrapper(_chair_of(meeting), output_field=BooleanField())
        ).filter(Q(is_co_chair=True) | Q(pk__in=[pk for pk in also if pk is not None]))
    )
    return _by_name(p for p in found if p.is_co_chair), {p.pk: p for p in found}


def run_agenda(meeting: Meeting, people: list) -> tuple[list[AgendaItem], int | None]:
    """For the Run meeting page: the agenda items in order, and the shortest "a break at least every N
    minutes" among the people coming (`agenda.break_interval_needed(meeting, people)`), carried as a column
    of the items so both come in one query (two when the agenda is empty). `people` is
    `invited_people(meeting)`."""
    coming = [p.pk for p in coming_people(people)]
    shortest = (
        AccessNeed.objects.filter(person_id__in=coming, code="regular_breaks", minutes__isnull=False)
        .order_by()
        .values("code")
        .annotate(shortest=Min("minutes"))
        .values("shortest")
    )
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("lead")
        .annotate(break_every=Subquery(shortest))
        .order_by("position", "pk")
    )
    if not items:
        return [], break_interval_needed(meeting, people)
    return items, items[0].break_every


def in_control(meeting: Meeting, person: User) -> bool:
    """Whether `person` (a chair) may use the page's controls now. Before the start and after the end any
    chair may; while it runs, only the chair in control."""
    if meeting.is_running:
        return meeting.chair_in_control_id == person.pk
    return True


# ---------------------------------------------------------------- what the buttons do


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting_id=meeting.pk).order_by("position", "pk"))


def _require_running(meeting: Meeting, chair: User, expected_item_id: int | None) -> None:
    if meeting.run_started_at is None:
        raise ValidationError("The meeting has not started yet.")
    if meeting.run_ended_at is not None:
        raise ValidationError("The meeting has already ended.")
    if meeting.chair_in_control_id != chair.pk:
        raise ValidationError(NOT_IN_CONTROL)
    if meeting.current_item_id != expected_item_id:
        raise ValidationError(MOVED_ON)


def _refresh(meeting: Meeting, fresh: Meeting) -> Meeting:
    for name in ("run_started_at", "run_ended_at", "current_item_id", "chair_in_control_id", "status"):
        setattr(meeting, name, getattr(fresh, name))
    return meeting


def early_start_question(meeting: Meeting, now: datetime) -> str:
    """What the chair is asked before starting a meeting more than an hour early; "" when it is not early."""
    if now >= meeting.starts_at - EARLY_START:
        return ""
    starts = timezone.localtime(meeting.starts_at)
    if starts.date() == timezone.localdate(now):
        return f"This meeting is due to start at {starts:%H:%M}. Start it now anyway?"
    return f"This meeting is on {starts.day} {starts:%B}. Start it now anyway?"


@transaction.atomic
def meeting_start(
    *, meeting: Meeting, chair: User, now: datetime | None = None, ask_if_early: bool = False
) -> AgendaItem | None:
    """Start the meeting at its first item; the chair who starts it runs the page. Returns the first item.

    With `ask_if_early` (the page's Start button), more than an hour before the planned start this raises
    StartsEarly: the chair confirms first, so a slip on the wrong meeting's page does not start it."""
    now = now or timezone.now()
    fresh = _locked(meeting)
    if fresh.is_cancelled:
        raise ValidationError("This meeting is cancelled, so it cannot be run.")
    require_unlocked(fresh)
    if fresh.run_ended_at is not None:
        raise ValidationError("This meeting has already ended.")
    if fresh.run_started_at is not None:
        raise ValidationError("The meeting has already started.")
    question = early_start_question(fresh, now)
    if question and ask_if_early:
        raise StartsEarly(question)
    items = _items(fresh)
    first = items[0] if items else None
    updated = Meeting.objects.filter(pk=fresh.pk, run_started_at__isnull=True).update(
        run_started_at=now, current_item=first, chair_in_control=chair
    )
    if updated != 1:
        raise ValidationError("The meeting has already started.")
    if first is not None:
        AgendaItem.objects.filter(pk=first.pk).update(started_at=now, ended_at=None)
    _refresh(meeting, _locked(meeting))
    return first


@transaction.atomic
def item_next(
    *, meeting: Meeting, chair: User, expected_item_id: int | None, now: datetime | None = None
) -> AgendaItem:
    """End the current item and start the next. `expected_item_id` is the item the chair saw as current: a
    second press of the same button finds the meeting moved on and changes nothing."""
    now = now or timezone.now()
    fresh = _locked(meeting)
    _require_running(fresh, chair, expected_item_id)
    require_unlocked(fresh)
    items = _items(fresh)
    ids = [i.pk for i in items]
    if fresh.current_item_id in ids:
        following = items[ids.index(fresh.current_item_id) + 1 :]
    else:
        following = [i for i in items if i.started_at is None]
    if not following:
        raise ValidationError("This is the last item. End the meeting instead.")
    upcoming = following[0]
    # Compare and set: only one of two presses at the same moment finds the item it expects.
    updated = Meeting.objects.filter(
        pk=fresh.pk, current_item_id=expected_item_id, run_ended_at__isnull=True
    ).update(current_item=upcoming)
    if updated != 1:
        raise ValidationError(MOVED_ON)
    if fresh.current_item_id is not None:
        AgendaItem.objects.filter(pk=fresh.current_item_id).update(ended_at=now)
    AgendaItem.objects.filter(pk=upcoming.pk).update(started_at=now, ended_at=None)
    _refresh(meeting, _locked(meeting))
    return upcoming


@transaction.atomic
def item_back(
    *, meeting: Meeting, chair: User, expected_item_id: int | None, now: datetime | None = None
) -> AgendaItem:
    """Undo "Start next item": the item started by mistake goes back to not started, and the one before it
    carries on from when it first started. Returns the item the meeting is back on."""
    fresh = _locked(meeting)
    _require_running(fresh, chair, expected_item_id)
    require_unlocked(fresh)
    started = [i for i in _items(fresh) if i.started_at is not None and i.pk != fresh.current_item_id]
    if not started:
        raise ValidationError("This is the first item, so there is no item to go back to.")
    # Items only ever start in order, so the one started last before this is the one before it.
    previous = max(started, key=lambda i: (i.started_at, i.position, i.pk))
    updated = Meeting.objects.filter(
        pk=fresh.pk, current_item_id=expected_item_id, run_ended_at__isnull=True
    ).update(current_item=previous)
    if updated != 1:
        raise ValidationError(MOVED_ON)
    if fresh.current_item_id is not None:
        AgendaItem.objects.filter(pk=fresh.current_item_id).update(started_at=None, ended_at=None)
    AgendaItem.objects.filter(pk=previous.pk).update(ended_at=None)
    _refresh(meeting, _locked(meeting))
    previous.ended_at = None
    return previous


def may_reopen(meeting: Meeting, now: datetime) -> bool:
    """Whether a meeting that has ended may still be reopened: within a day, while its record is open and
    before its minutes go out for comment (people are then commenting on what happened)."""
    return (
        meeting.run_ended_at is not None
        and not meeting.is_cancelled
        and meeting.status != Meeting.Status.MINUTES_APPROVED
        and now - meeting.run_ended_at <= REOPEN_WITHIN
        and not Minutes.objects.filter(meeting_id=meeting.pk).exclude(status=Minutes.Status.DRAFT).exists()
    )


@transaction.atomic
def meeting_reopen(*, meeting: Meeting, chair: User, now: datetime | None = None) -> AgendaItem | None:
    """Reopen a meeting ended by mistake, at the item it ended on; the chair who reopens it runs the page.
    Who reopened it and when are kept on the meeting. Returns the item it is back on."""
    now = now or timezone.now()
    fresh = _locked(meeting)
    require_unlocked(fresh)
    if fresh.run_ended_at is None:
        raise ValidationError("The meeting has not ended, so there is nothing to reopen.")
    if not may_reopen(fresh, now):
        raise ValidationError(
            "A meeting can be reopened only on the day after it ended, before its minutes go out for "
            "comment. This one stays ended."
        )
    started = [i for i in _items(fresh) if i.started_at is not None]
    last = max(started, key=lambda i: (i.started_at, i.position, i.pk)) if started else None
    # Back to the status it had while it ran: papers sent if any pack went out, otherwise planned.
    status = (
        Meeting.Status.PAPERS_SENT
        if PackDelivery.objects.filter(meeting_id=fresh.pk).exists()
        else Meeting.Status.PLANNED
    )
    Meeting.objects.filter(pk=fresh.pk).update(
        run_ended_at=None,
        current_item=last,
        chair_in_control=chair,
        status=status,
        run_reopened_at=now,
        run_reopened_by=chair,
    )
    if last is not None:
        AgendaItem.objects.filter(pk=last.pk).update(ended_at=None)
    fresh = _locked(meeting)
    _refresh(meeting, fresh)
    meeting.run_reopened_at, meeting.run_reopened_by_id = fresh.run_reopened_at, fresh.run_reopened_by_id
    return last


@transaction.atomic
def meeting_end(
    *, meeting: Meeting, chair: User, expected_item_id: int | None, now: datetime | None = None
) -> Meeting:
    """End the meeting: the current item ends, the meeting is marked held."""
    now = now or timezone.now()
    fresh = _locked(meeting)
    _require_running(fresh, chair, expected_item_id)
    require_unlocked(fresh)
    status = Meeting.Status.HELD if fresh.status != Meeting.Status.MINUTES_APPROVED else fresh.status
    updated = Meeting.objects.filter(
        pk=fresh.pk, current_item_id=expected_item_id, run_ended_at__isnull=True
    ).update(run_ended_at=now, current_item=None, status=status)
    if updated != 1:
        raise ValidationError(MOVED_ON)
    if fresh.current_item_id is not None:
        AgendaItem.objects.filter(pk=fresh.current_item_id).update(ended_at=now)
    return _refresh(meeting, _locked(meeting))


@transaction.atomic
def note_add(*, meeting: Meeting, author: User, text: str, item: AgendaItem | None = None) -> MeetingNote:
    """A chair's note, kept against the item it was written for (the current one unless given)."""
    require_unlocked(meeting)
    if not meeting.is_running:
        raise ValidationError("Notes are added while the meeting runs. Start the meeting first.")
    if not in_control(meeting, author):
        raise ValidationError(NOT_IN_CONTROL)
    if item is None and meeting.current_item_id is not None:
        item = AgendaItem.objects.filter(pk=meeting.current_item_id, meeting_id=meeting.pk).first()
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError("That item is not on this meeting's agenda.")
    text = text.strip()
    if not text:
        raise ValidationError("Write the note before you add it.")
    return MeetingNote.objects.create(
        partnership_id=meeting.partnership_id, meeting=meeting, agenda_item=item, text=text, author=author
    )


@transaction.atomic
def control_take(*, meeting: Meeting, chair: User) -> None:
    """Another chair takes over running the page: the co-chairs hand it between them."""
    fresh = _locked(meeting)
    if not fresh.is_running:
        raise ValidationError("The meeting is not running, so there is nothing to take over.")
    if fresh.chair_in_control_id == chair.pk:
        raise ValidationError("You are already running the meeting.")
    Meeting.objects.filter(pk=fresh.pk).update(chair_in_control=chair)
    _refresh(meeting, _locked(meeting))


@transaction.atomic
def control_hand_over(*, meeting: Meeting, chair: User, to: User) -> None:
    """The chair in control hands the page to a co-chair."""
    fresh = _locked(meeting)
    if not fresh.is_running:
        raise ValidationError("The meeting is not running, so there is nothing to hand over.")
    if fresh.chair_in_control_id != chair.pk:
        raise ValidationError(NOT_IN_CONTROL)
    if to.pk == chair.pk:
        raise ValidationError("You are already running the meeting.")
    if to.pk not in {p.pk for p in co_chairs(fresh)}:
        raise ValidationError("You can only hand over to a co-chair of this meeting.")
    Meeting.objects.filter(pk=fresh.pk).update(chair_in_control=to)
    _refresh(meeting, _locked(meeting))
