"""The timeline: the plan's dates month by month in words (the page a screen reader and an easy read user
get), the same dates drawn as an SVG (built here as coordinates, drawn by a template so every word is
escaped) with a table beside it; "how often we meet" (the meetings series, the plan's rhythm); the plan's
activities (meetings linked to a task or theme, and "involve our networks" windows); and the short answer the
workspace home gives to "Are we following the work plan and its timetable?".

The timeline reads the plan with `plan_for` (its fixed queries), the meetings in the plan's months (one) and
the rhythm (one): the same number of queries for 5 tasks or 200.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from coproduction.rows import row_url
from meetings.models import Meeting

from ..models import Activity, PlanSettings, Task, Theme
from ..permissions import seen_activities
from .plan import IN_PLAN, Plan, plan_for
from .schedule import (
    DEFAULTS,
    TAGS,
    check_dates,
    day_words,
    end_day,
    local_day,
    month_words,
    plural,
    quoted,
    settings_for,
    task_state,
)

# ---------------------------------------------------------------- words and markers

# What is late, expected to be late, running over, should have started, taking longer or done is said in
# words and marked by a shape, never by colour alone. The words are the task's tag (`schedule.TAGS`, the one
# rule); the shapes are the same in the list, the drawing's legend, the table and the workspace home.
SYMBOLS = {
    "late": "\u25b2",  # ▲
    "risk": "\u25b3",  # △
    "over": "\u25ba",  # ►
    "start": "\u25cb",  # ○
    "slip": "\u25b7",  # ▷
    "done": "\u2713",  # ✓
}
MARKERS = {shape: (symbol, TAGS[shape]) for shape, symbol in SYMBOLS.items()}
# A time to involve our networks that ends too close to the task that needs it.
MARKERS["tight"] = ("!", "Check the dates")
MEETING_SHAPE = "\u25c6"  # ◆

# The plan as the timeline, the exports and the home show it: outcomes still in the plan (not dropped).


@dataclass
class Marker:
    shape: str  # a key of MARKERS: "late", "risk", "over", "start", "slip", "done", "tight"
    symbol: str
    label: str


def marker_for(shape: str) -> Marker | None:
    if shape not in MARKERS:
        return None
    symbol, label = MARKERS[shape]
    return Marker(shape, symbol, label)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def count_words(starts: int, ends: int, meetings: int) -> str:
    """ "3 things start, 2 end, 1 meeting"; "1 thing ends"; "2 meetings"."""
    parts = []
    if starts:
        parts.append(f"{plural(starts, 'thing')} start{'s' if starts == 1 else ''}")
    if ends:
        verb = f"end{'s' if ends == 1 else ''}"
        parts.append(f"{ends} {verb}" if starts else f"{plural(ends, 'thing')} {verb}")
    if meetings:
        parts.append(plural(meetings, "meeting"))
    return ", ".join(parts) if parts else "Nothing starts or ends"


# ---------------------------------------------------------------- "how often we meet"


@dataclass
class Series:
    description: str  # "Monthly on the first Tuesday"
    still_to_come: int


@dataclass
class Rhythm:
    """How often we meet: the partnership's meeting series with meetings still to come ("Monthly on the first
    Tuesday"), and how many partnership meetings are still to come."""

    series: list[Series]
    upcoming: int

    @property
    def words(self) -> str:
        if not self.upcoming:
            return "No partnership meetings are planned yet."
        verb = "is" if self.upcoming == 1 else "are"
        return f"{plural(self.upcoming, 'partnership meeting')} {verb} still to come."


def rhythm_for(partnership) -> Rhythm:
    """One query: the meetings still to come, counted by series and kind (a few rows, however many
    meetings)."""
    rows = (
        Meeting.objects.filter(partnership=partnership)
        .upcoming()
        .values("series_id", "series__description", "kind")
        .annotate(n=Count("pk"))
        .order_by("series_id", "kind")
    )
    series: dict[int, Series] = {}
    upcoming = 0
    for row in rows:
        if row["kind"] == Meeting.Kind.PARTNERSHIP:
            upcoming += row["n"]
        if row["series_id"] is not None:
            found = series.setdefault(row["series_id"], Series(row["series__description"], 0))
            found.still_to_come += row["n"]
    return Rhythm(list(series.values()), upcoming)


# ---------------------------------------------------------------- the networks' window


def networks_window(task: Task, *, weeks: int, lead_weeks: int) -> tuple[date, date]:
    """The window that brings answers back in time for `task`: it ends `lead_weeks` before the task's
    planned start, and starts `weeks` before that (both days included)."""
    ends = task.planned_start - timedelta(weeks=lead_weeks)
    return ends - timedelta(weeks=weeks) + timedelta(days=1), ends


def lead_warning(activity: Activity, task: Task | None) -> str:
    """Words when a networks window ends less than its lead time before the task that needs it starts:
    "This leaves 1 week before ‘Design the training’ starts; we allow 2 weeks". "" when it is in time."""
    if activity.kind != Activity.Kind.NETWORKS or task is None or activity.ends_on is None:
        return ""
    lead = activity.lead_weeks if activity.lead_weeks is not None else DEFAULTS.networks_lead_weeks
    gap = (task.planned_start - activity.ends_on).days
    allow = plural(lead, "week")
    if gap >= lead * 7:
        return ""
    if gap <= 0:
        return (
            f"This ends on or after the day {quoted(task.title)} starts ({day_words(task.planned_start)}), "
            f"so what it brings back will not be ready in time; we allow {allow}"
        )
    # Whole weeks when it is; days otherwise ("10 days", never "2 weeks" rounded up to the allowance).
    left = plural(gap // 7, "week") if gap % 7 == 0 else plural(gap, "day")
    return f"This leaves {left} before {quoted(task.title)} starts; we allow {allow}"


# ---------------------------------------------------------------- the list by month


@dataclass
class Item:
    """One line of a month: a task starting or ending, a meeting, or an activity's window starting or
    ending."""

    day: date
    kind: str  # "start", "end", "meeting", "activity_start", "activity_end"
    what: str  # "Starts", "Ends", "Workshop", "Involve our networks: starts"
    title: str
    url: str = ""
    detail: str = ""  # "was planned for May 2027"; "for ‘Design the training’"
    state_words: str = ""
    marker: Marker | None = None
    order: int = 0

    @property
    def day_words(self) -> str:
        return day_words(self.day)


@dataclass
class Month:
    first: date
    items: list[Item] = field(default_factory=list)
    today: date | None = None  # set for the current month

    @property
    def heading(self) -> str:
        return month_words(self.first)

    @property
    def anchor(self) -> str:
        return f"month-{self.first:%Y-%m}"

    @property
    def summary(self) -> str:
        starts = sum(i.kind in ("start", "activity_start") for i in self.items)
        ends = sum(i.kind in ("end", "activity_end") for i in self.items)
        meetings = sum(i.kind == "meeting" for i in self.items)
        words = count_words(starts, ends, meetings)
        if self.today:
            words += f"; today is {day_words(self.today)}"
        return words + "."


def _themes(plan: Plan) -> dict[int, Theme]:
    return {theme.pk: theme for outcome in plan.outcomes for theme in outcome.themes_list}


def _for_words(activity: Activity | None, plan: Plan, themes: dict[int, Theme]) -> str:
    if activity is None:
        return ""
    task = plan.by_pk.get(activity.task_id)
    theme = themes.get(activity.theme_id)
    bits = []
    if task is not None:
        bits.append(f"for the task {quoted(task.title)}")
    if theme is not None:
        bits.append(f"for the theme {quoted(theme.title)}")
    return " and ".join(bits)


def _moved_words(task: Task) -> str:
    """ "was planned for May 2027" (or the day, when it moved within the month)."""
    end = end_day(task)
    if end == task.planned_end:
        return ""
    if (end.year, end.month) != (task.planned_end.year, task.planned_end.month):
        return f"was planned for {month_words(task.planned_end)}"
    return f"was planned for {day_words(task.planned_end)}"


def plan_range(plan: Plan) -> tuple[date, date] | None:
    """The first and last date in the plan: its tasks' dates and its activities' (a linked meeting's day)."""
    days: list[date] = []
    for task in plan.tasks:
        days += [task.planned_start, task.planned_end, end_day(task)]
    for activity in plan.activities:
        # A linked meeting's day is the meeting's own (it may have moved since it was linked).
        if activity.meeting is not None:
            days.append(local_day(activity.meeting.starts_at))
        else:
            days += [d for d in (activity.starts_on, activity.ends_on) if d]
    if not days:
        return None
    return min(days), max(days)


def meetings_between(partnership, membership, first: date, last: date) -> list[Meeting]:
    """The partnership's meetings (not cancelled) from `first` to `last`, as this person may see them (a
    visiting expert: only those they are invited to). One query."""
    tz = timezone.get_current_timezone()
    starts = datetime.combine(first, time.min, tzinfo=tz)
    ends = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)
    return list(
        Meeting.objects.filter(partnership=partnership, starts_at__gte=starts, starts_at__lt=ends)
        .exclude(status=Meeting.Status.CANCELLED)
        .visible_to(membership)
        .distinct()
        .order_by("starts_at", "pk")
    )


@dataclass
class Timeline:
    plan: Plan
    first: date | None
    last: date | None
    months: list[Month]
    meetings: list[Meeting]
    windows: list[Activity]  # activities with dates of their own (involve our networks)
    rhythm: Rhythm
    drawing: Drawing | None
    today_outside: str = ""  # "Today is 6 December 2026: the plan starts in January 2027."

    @property
    def late_count(self) -> int:
        return len(self.plan.late)


def timeline_for(partnership, membership, *, today: date | None = None) -> Timeline:
    today = today or timezone.localdate()
    plan = plan_for(partnership, today=today)
    rhythm = rhythm_for(partnership)
    found = plan_range(plan)
    if found is None:
        return Timeline(plan, None, None, [], [], [], rhythm, None)
    first, last = found
    meetings = meetings_between(partnership, membership, _month_start(first), last)
    slug = partnership.slug
    task_url = row_url("workplan:task", slug)
    meeting_url = row_url("meetings:meeting_detail", slug)
    themes = _themes(plan)
    activity_by_meeting = {a.meeting_id: a for a in plan.activities if a.meeting_id}
    windows = [a for a in plan.activities if a.meeting_id is None and a.starts_on and a.ends_on]

    months: dict[date, Month] = {}

    def add(item: Item) -> None:
        key = _month_start(item.day)
        months.setdefault(key, Month(key)).items.append(item)

    for task in plan.tasks:
        theme = themes.get(task.theme_id)
        task.theme_title = theme.title if theme else ""
        task.url = task_url(task.pk)
        task.marker = marker_for(task.state.shape)
        task.start_words = day_words(task.planned_start)
        task.planned_end_words = day_words(task.planned_end)
        task.end_day = end_day(task)
        task.expected_end_words = (
            f"Done on {day_words(task.end_day)}"
            if task.status == Task.Status.DONE and task.done_on
            else day_words(task.expected_end)
        )
    for meeting in meetings:
        meeting.url = meeting_url(meeting.pk)

    for task in plan.tasks:
        marker, url = task.marker, task.url
        add(Item(task.planned_start, "start", "Starts", task.title, url, "", task.state.words, marker, 1))
        add(
            Item(
                task.end_day,
                "end",
                "Ended" if task.status == Task.Status.DONE else "Expected to end",
                task.title,
                url,
                _moved_words(task),
                task.state.words,
                marker,
                3,
            )
        )
    for meeting in meetings:
        add(
            Item(
                local_day(meeting.starts_at),
                "meeting",
                meeting.get_kind_display(),
                meeting.title,
                meeting.url,
                _for_words(activity_by_meeting.get(meeting.pk), plan, themes),
                order=0,
            )
        )
    for activity in windows:
        task = plan.by_pk.get(activity.task_id)
        what = activity.get_kind_display()
        detail = _for_words(activity, plan, themes)
        warning = lead_warning(activity, task)
        warning_words = f"{warning}." if warning else ""
        add(
            Item(
                activity.starts_on,
                "activity_start",
                f"{what}: starts",
                activity.title,
                detail=detail,
                state_words=f"Until {day_words(activity.ends_on)}. {warning_words}".strip(),
                marker=marker_for("tight") if warning else None,
                order=2,
            )
        )
        add(
            Item(
                activity.ends_on,
                "activity_end",
                f"{what}: ends",
                activity.title,
                detail=detail,
                state_words=warning_words,
                marker=marker_for("tight") if warning else None,
                order=2,
            )
        )
    this_month = _month_start(today)
    today_outside = ""
    if _month_start(first) <= this_month <= _month_start(last):
        months.setdefault(this_month, Month(this_month)).today = today
    elif today < first:
        today_outside = f"Today is {day_words(today)}: the plan starts in {month_words(first)}."
    else:
        today_outside = f"Today is {day_words(today)}: the plan ended in {month_words(last)}."
    ordered = [months[key] for key in sorted(months)]
    for month in ordered:
        month.items.sort(key=lambda i: (i.day, i.order, i.title))
    drawing = draw(plan, meetings, windows, first, last, today)
    return Timeline(plan, first, last, ordered, meetings, windows, rhythm, drawing, today_outside)


# ---------------------------------------------------------------- the drawing

WIDTH = 960
LABEL_X = 8
CHART_X0 = 300
CHART_X1 = 944
HEADER = 48
ROW = 40
BAR_HEIGHT = 16
TITLE_CHARS = 38
MIN_LABEL_GAP = 64  # pixels between month labels, so "Sept 2027" never runs into the next


@dataclass
class Gridline:
    x: float
    label: str  # "" when there is no room for it

    @property
    def label_x(self) -> float:
        return round(self.x + 3, 1)


@dataclass
class Bar:
    y: int
    title: str  # the label, cut to fit
    full_title: str
    status: str  # "▲ Late, by 3 weeks"
    planned_x: float
    planned_w: float
    extra_x: float
    extra_w: float  # 0: it did not slip
    hatched: bool  # late or expected to be late
    done: bool
    dashed: bool = False  # an activity's window

    @property
    def label_y(self) -> int:
        return self.y + 15

    @property
    def status_y(self) -> int:
        return self.y + 31

    @property
    def bar_y(self) -> int:
        return self.y + (ROW - BAR_HEIGHT) // 2


@dataclass
class Diamond:
    x: float
    y: int
    title: str

    @property
    def path(self) -> str:
        x, y, r = self.x, self.y, 7
        return f"M{x:.1f},{y - r} L{x + r:.1f},{y} L{x:.1f},{y + r} L{x - r:.1f},{y} Z"


@dataclass
class Drawing:
    width: int
    height: int
    title: str
    description: str
    gridlines: list[Gridline]
    bars: list[Bar]
    diamonds: list[Diamond]
    meetings_y: int
    today_x: float | None
    chart_x0: int = CHART_X0
    chart_x1: int = CHART_X1
    header: int = HEADER
    bar_height: int = BAR_HEIGHT

    @property
    def meetings_label_y(self) -> int:
        return self.meetings_y + 5

    @property
    def today_near_end(self) -> bool:
        """The "Today" label goes to the line's left when there is no room on its right."""
        return self.today_x is not None and self.today_x > self.width - 80


def _cut(title: str, chars: int = TITLE_CHARS) -> str:
    return title if len(title) <= chars else title[: chars - 1].rstrip() + "\u2026"


def _status_text(task: Task) -> str:
    """The line under a bar's name: the marker and the task's tag, and by how much when it is late, expected
    to be late or taking longer ("▲ Late, by 2 weeks"): days since the time we allowed ended, days it is
    expected past it, or days later than planned. The task's status when there is no marker."""
    state = task.state
    marker = marker_for(state.shape)
    if marker is None:
        return state.label
    by = state.by_words
    return f"{marker.symbol} {state.tag}" + (f", by {by}" if by else "")


def describe(plan: Plan, meetings: list[Meeting], windows: list[Activity], first: date, last: date) -> str:
    """The drawing in words: what it shows, from when to when, and what is late or expected to be late (by
    name and by how much), running over or not started when it should have."""
    tasks = plan.tasks
    span = (
        f"from {month_words(first)} to {month_words(last)}"
        if (first.year, first.month) != (last.year, last.month)
        else f"in {month_words(first)}"
    )
    sentences = [f"Timeline of {plural(len(tasks), 'task')} {span}."]
    by_shape: dict[str, list[Task]] = {}
    for task in tasks:
        by_shape.setdefault(task.state.shape, []).append(task)

    def said(shape: str, one: str, many: str, *, by: bool = False, names: bool = True) -> None:
        found = by_shape.get(shape, [])
        if not found:
            return
        sentence = f"{len(found)} {one if len(found) == 1 else many}"
        if names:
            sentence += ": " + "; ".join(
                quoted(t.title) + (f", by {t.state.by_words}" if by else "") for t in found
            )
        sentences.append(sentence + ".")

    said("late", "is late", "are late", by=True)
    said("risk", "is expected to be late", "are expected to be late", by=True)
    said("over", "is running over its expected end", "are running over their expected end")
    said("start", "should have started and has not", "should have started and have not")
    said(
        "slip",
        "is taking longer than planned, within the extra time we allowed",
        "are taking longer than planned, within the extra time we allowed",
        names=False,
    )
    said("done", "is done", "are done", names=False)
    if not (by_shape.get("late") or by_shape.get("risk")):
        sentences.append("Nothing is late.")
    if meetings:
        sentences.append(
            f"{plural(len(meetings), 'meeting')} {'is' if len(meetings) == 1 else 'are'} marked as diamonds."
        )
    if windows:
        sentences.append(
            f"{plural(len(windows), 'time')} to involve our networks "
            f"{'is' if len(windows) == 1 else 'are'} shown as dashed bars."
        )
    if first <= plan.today <= last:
        sentences.append(f"A line marks today, {day_words(plan.today)}.")
    return " ".join(sentences)


def draw(
    plan: Plan, meetings: list[Meeting], windows: list[Activity], first: date, last: date, today: date
) -> Drawing:
    """Coordinates for the SVG: a month grid from the first month to the last, one row per task (planned
    dates as an outline, the time it now takes beyond them as a filled bar, hatched when late or expected to
    be late; a done task's ends on the day it was done), one row per networks window (dashed), the meetings
    as diamonds on a row of their own, and today's line."""
    start = _month_start(first)
    end = _next_month(last)  # exclusive
    total = max((end - start).days, 1)
    scale = (CHART_X1 - CHART_X0) / total

    def x(day: date) -> float:
        return round(CHART_X0 + (day - start).days * scale, 1)

    months = []
    cursor = start
    while cursor < end:
        months.append(cursor)
        cursor = _next_month(cursor)
    month_width = (CHART_X1 - CHART_X0) / len(months)
    step = max(1, math.ceil(MIN_LABEL_GAP / month_width))
    gridlines = [
        Gridline(
            x(m),
            (f"{m:%b %Y}" if i == 0 or m.month == 1 or step > 1 else f"{m:%b}") if i % step == 0 else "",
        )
        for i, m in enumerate(months)
    ]
    meetings_y = HEADER + ROW // 2
    diamonds = [
        Diamond(
            x(local_day(m.starts_at)) + scale / 2,
            meetings_y,
            f"{m.title}, {day_words(local_day(m.starts_at))}",
        )
        for m in meetings
    ]
    bars = []
    y = HEADER + ROW
    for task in plan.tasks:
        state = task.state
        ends = end_day(task)  # a done task's bar ends on the day it was done
        planned_end = min(task.planned_end, ends) + timedelta(days=1)
        extra_w = 0.0
        extra_x = x(planned_end)
        if ends > task.planned_end:
            extra_w = x(ends + timedelta(days=1)) - extra_x
        bars.append(
            Bar(
                y=y,
                title=_cut(task.title),
                full_title=task.title,
                status=_status_text(task),
                planned_x=x(task.planned_start),
                planned_w=round(max(x(planned_end) - x(task.planned_start), 2.0), 1),
                extra_x=extra_x,
                extra_w=round(max(extra_w, 0.0), 1),
                hatched=state.shape in ("late", "risk"),
                done=state.shape == "done",
            )
        )
        y += ROW
    for activity in windows:
        bars.append(
            Bar(
                y=y,
                title=_cut(f"Networks: {activity.title}"),
                full_title=activity.title,
                status=f"{day_words(activity.starts_on)} to {day_words(activity.ends_on)}",
                planned_x=x(activity.starts_on),
                planned_w=round(max(x(activity.ends_on + timedelta(days=1)) - x(activity.starts_on), 2.0), 1),
                extra_x=0,
                extra_w=0,
                hatched=False,
                done=False,
                dashed=True,
            )
        )
        y += ROW
    today_x = x(today) if start <= today < end else None
    title = f"Timeline of the work plan, {month_words(first)} to {month_words(last)}"
    return Drawing(
        width=WIDTH,
        height=y + 8,
        title=title,
        description=describe(plan, meetings, windows, first, last),
        gridlines=gridlines,
        bars=bars,
        diamonds=diamonds,
        meetings_y=meetings_y,
        today_x=today_x,
    )


# ---------------------------------------------------------------- activities


def activity_list(partnership, membership) -> list[Activity]:
    """The plan's activities in date order (a meeting's by its day), each with `day`, the task and theme it
    is for, and `warning` (a networks window that ends too close to its task). A visiting expert sees the
    meetings they are invited to and the networks windows. One query."""
    activities = Activity.objects.filter(partnership=partnership).select_related(
        "meeting", "task", "theme", "theme__outcome"
    )
    found = list(seen_activities(activities, membership))
    for activity in found:
        activity.day = (
            local_day(activity.meeting.starts_at) if activity.meeting is not None else activity.starts_on
        )
        activity.warning = lead_warning(activity, activity.task)
    return sorted(found, key=lambda a: (a.day or date.max, a.pk))


def _check_parts(partnership, *, meeting=None, task=None, theme=None) -> None:
    errors = {}
    if meeting is not None and meeting.partnership_id != partnership.pk:
        errors["meeting"] = "Choose one of this partnership\u2019s meetings"
    if task is not None and task.partnership_id != partnership.pk:
        errors["task"] = "Choose a task in this partnership\u2019s plan"
    if theme is not None and theme.partnership_id != partnership.pk:
        errors["theme"] = "Choose a theme in this partnership\u2019s plan"
    if errors:
        raise ValidationError(errors)


def _check(activity: Activity) -> None:
    if activity.kind == Activity.Kind.MEETING:
        if activity.meeting is None:
            raise ValidationError({"meeting": "Choose the meeting"})
        if activity.task is None and activity.theme is None:
            raise ValidationError({"task": "Choose the task or the theme this meeting is for (or both)"})
    else:
        if not activity.title.strip():
            raise ValidationError(
                {"title": "Say what it is, for example \u201c50 conversations with disabled people\u201d"}
            )
        if activity.starts_on is None or activity.ends_on is None:
            raise ValidationError(
                {
                    "starts_on": "Enter when it starts and ends, or choose the task that needs "
                    "it so we can work the dates out"
                }
            )
        check_dates(
            activity.starts_on,
            activity.ends_on,
            what="The time to involve our networks",
            fields=("starts_on", "ends_on"),
        )


def _save(activity: Activity) -> Activity:
    _check(activity)
    try:
        with transaction.atomic():
            activity.save()
    except IntegrityError:
        raise ValidationError(
            {"meeting": "That meeting is already in the plan. Change it there, or choose another meeting"}
        ) from None
    return activity


def networks_defaults(partnership, task: Task | None) -> dict:
    """The form's starting values for a networks window: the partnership's weeks, and the dates worked out
    from the task that needs it."""
    plan_settings = settings_for(partnership)
    values = {"lead_weeks": plan_settings.networks_lead_weeks}
    if task is not None:
        values["starts_on"], values["ends_on"] = networks_window(
            task, weeks=plan_settings.networks_weeks, lead_weeks=plan_settings.networks_lead_weeks
        )
    return values


def _fill_dates(partnership, activity: Activity) -> None:
    """A networks window left without dates takes them from its task."""
    if activity.kind != Activity.Kind.NETWORKS or activity.task is None:
        return
    if activity.starts_on is None and activity.ends_on is None:
        lead = (
            activity.lead_weeks
            if activity.lead_weeks is not None
            else settings_for(partnership).networks_lead_weeks
        )
        activity.starts_on, activity.ends_on = networks_window(
            activity.task, weeks=settings_for(partnership).networks_weeks, lead_weeks=lead
        )


def activity_add(*, partnership, by, kind: str, **fields) -> Activity:
    _check_parts(partnership, **{k: fields.get(k) for k in ("meeting", "task", "theme")})
    activity = Activity(partnership=partnership, kind=kind, created_by=by, **fields)
    if kind == Activity.Kind.NETWORKS and activity.lead_weeks is None:
        activity.lead_weeks = settings_for(partnership).networks_lead_weeks
    _fill_dates(partnership, activity)
    return _save(activity)


def activity_save(*, activity: Activity, **fields) -> Activity:
    _check_parts(activity.partnership, **{k: fields.get(k) for k in ("meeting", "task", "theme")})
    for name, value in fields.items():
        setattr(activity, name, value)
    _fill_dates(activity.partnership, activity)
    return _save(activity)


def activity_remove(*, activity: Activity) -> None:
    activity.delete()


# ---------------------------------------------------------------- the workspace home


HOME_FIELDS = (
    "pk",
    "title",
    "status",
    "status_note",
    "planned_start",
    "planned_end",
    "expected_end",
    "contingency_weeks",
    "done_on",
)


def home_summary(partnership, today: date | None = None) -> Plan:
    """The plan as the workspace home needs it, in one query: every task of an outcome still in the plan
    (not dropped), with its state; the partnership's share of extra time comes along as a column. Each task's
    state is `task_state`, the one rule: the time we allowed is worked out here from its planned dates and
    its own weeks or that share, as on every other page. Its `following_words`, `next_due` and `late` are the
    plan's own."""
    today = today or timezone.localdate()
    share = Subquery(
        PlanSettings.objects.filter(partnership=OuterRef("partnership")).values("contingency_percent")[:1],
        output_field=IntegerField(),
    )
    tasks = list(
        Task.objects.filter(partnership=partnership)
        .filter(outcome__status__in=IN_PLAN)
        .only(*HOME_FIELDS)
        .annotate(share=Coalesce(share, Value(DEFAULTS.contingency_percent)))
        .order_by("planned_start", "planned_end", "pk")
    )
    share_percent = tasks[0].share if tasks else DEFAULTS.contingency_percent
    for task in tasks:
        task.state = task_state(task, today, share_percent)
    by_pk = {t.pk: t for t in tasks}
    return Plan(partnership, today, [], tasks, [], share_percent, by_pk)


def late_detail(task: Task) -> str:
    """How late, in words, after the task's tag: "We allowed until 14 May 2027, 3 weeks ago", or "It is
    expected to end on 2 July 2027, 2 weeks after the extra time we allowed (until 18 June 2027)". The task's
    own words (`TaskState.late_detail`), with a capital."""
    detail = task.state.late_detail
    return detail[:1].upper() + detail[1:]


def home_words(plan: Plan) -> dict:
    """What the home shows: the plain answer to "Are we following the work plan and its timetable?", the
    next three things due and everything late, each with the task's address and its words."""
    task_url = row_url("workplan:task", plan.partnership.slug)
    late = plan.late
    answer = f"{plan.late_head}:" if late else plan.following_words
    return {
        "has_tasks": bool(plan.tasks),
        "following": not late,
        "answer": answer,
        "progress_words": plan.progress_words,
        "next_due": [
            {
                "title": t.title,
                "url": task_url(t.pk),
                "due_words": (f"{'Was due' if t.state.running_over else 'Due'} {day_words(t.expected_end)}"),
                "state_words": t.state.words,
                "marker": marker_for(t.state.shape),
            }
            for t in plan.next_due
        ],
        "late": [
            {
                "title": t.title,
                "url": task_url(t.pk),
                "words": late_detail(t),
                "marker": marker_for(t.state.shape),
            }
            for t in late
        ],
    }
