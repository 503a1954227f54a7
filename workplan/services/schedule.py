"""The plan's timetable: contingency, what counts as late, status in words, what waits for what, and the new
dates proposed when a task slips. Pure reckoning here, on tasks already read; saving is in `services.tasks`.

The words are the partners' own: "Taking longer than planned, by 3 weeks", "Late: we allowed until
17 March 2027, 2 weeks ago", "Cannot start yet: the venue is not booked". What counts as late is one rule
(`task_state`), which every page and document reads. A progress bar is only ever shown as well as words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.models import Meeting

from ..models import EARLIEST_DATE, LATEST_DATE, PlanSettings, Task

DEFAULTS = PlanSettings()


def settings_for(partnership) -> PlanSettings:
    """The partnership's plan settings, or the defaults when it has never changed them."""
    try:
        return partnership.plan_settings
    except PlanSettings.DoesNotExist:
        return PlanSettings(partnership=partnership)


# ---------------------------------------------------------------- words for dates and lengths


def day_words(day: date | None) -> str:
    """6 December 2026."""
    return f"{day.day} {day:%B %Y}" if day else ""


def local_day(moment: datetime) -> date:
    """The day a moment falls on where the partnership is (the active time zone), not in UTC: a meeting at
    00:30 on 1 March in London is on 1 March, though it is 28 February in UTC."""
    return timezone.localtime(moment).date()


def quoted(title: str) -> str:
    """A task's or theme's name as the pages quote it: ‘Survey results’."""
    return f"\u2018{title}\u2019"


def meeting_day(meeting: Meeting) -> str:
    """The meeting's day in the partnership's time zone (the access helper set it): "6 December 2026"."""
    return day_words(local_day(meeting.starts_at))


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 theme", "3 themes", "2 people"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def month_words(day: date) -> str:
    return f"{day:%B %Y}"


def weeks_words(days: int) -> str:
    """A length as a person would say it: exact days up to 13 ("1 day", "8 days"), whole weeks when it is
    whole weeks ("1 week", "3 weeks"), otherwise the nearest whole weeks ("about 3 weeks" for 19 days).
    Never rounded up to sound later than it is."""
    days = abs(days)
    if days and days % 7 == 0:
        weeks = days // 7
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    if days <= 13:
        return f"{days} day{'s' if days != 1 else ''}"
    weeks = (days + 3) // 7  # the nearest whole weeks (3 days rounds down, 4 up)
    return f"about {weeks} weeks"


def check_dates(
    start: date | None,
    end: date | None,
    *,
    what: str = "The task",
    fields: tuple[str, str] = ("planned_start", "planned_end"),
) -> None:
    """Refuse dates that cannot be a plan's: out of range, or an end before the start. The errors are keyed
    by `fields`, so a form shows each beside its own box."""
    errors = {}
    for field, day in zip(fields, (start, end), strict=True):
        if day is not None and not (EARLIEST_DATE <= day <= LATEST_DATE):
            errors[field] = (
                f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}: "
                f"{day.year} cannot be right"
            )
    if not errors and start and end and end < start:
        errors[fields[1]] = f"{what} cannot end before it starts: make the end on or after {day_words(start)}"
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------- contingency and lateness


def contingency_days(task: Task, share_percent: int) -> int:
    """The extra days allowed before the task counts as late: its own weeks, or the partnership's share of
    its planned length (rounded up to whole weeks, so "2 weeks", never "13 days")."""
    if task.contingency_weeks is not None:
        return task.contingency_weeks * 7
    length = (task.planned_end - task.planned_start).days + 1
    return math.ceil(length * share_percent / 100 / 7) * 7


def allowed_end(task: Task, share_percent: int) -> date:
    """The last day the task may end before it is past the time we allowed."""
    return task.planned_end + timedelta(days=contingency_days(task, share_percent))


def contingency_words(task: Task, share_percent: int) -> str:
    """ "We allow 2 extra weeks (25% of its length): it is late if it ends after 12 March 2027"."""
    days = contingency_days(task, share_percent)
    weeks = math.ceil(days / 7)
    allowed = "no extra time" if days == 0 else f"{weeks} extra week{'s' if weeks != 1 else ''}"
    own = "" if task.contingency_weeks is not None else f" ({share_percent}% of its length)"
    return (
        f"We allow {allowed}{own}: it is late if it ends after {day_words(allowed_end(task, share_percent))}"
    )


def contingency_hint(share_percent: int, task: Task | None = None) -> str:
    """The hint beside the contingency box: what a blank box means, for this task when its dates are known."""
    hint = f"Leave blank to allow {share_percent}% of the task\u2019s length"
    if task is not None and task.planned_start and task.planned_end:
        default = Task(planned_start=task.planned_start, planned_end=task.planned_end)
        days = contingency_days(default, share_percent)
        hint += f": {weeks_words(days) if days else 'no extra time'} for this task as it is planned now"
    else:
        days = math.ceil(56 * share_percent / 100 / 7) * 7
        more = f"{weeks_words(days)} more" if days else "no extra time"
        hint += f": for a task planned to take 8 weeks, that is {more}"
    return hint + ". Or enter a number of weeks from 0 to 52."


def length_words(start: date, end: date) -> str:
    """How long a task is planned to take, counting both days: "9 weeks", "1 day"."""
    return weeks_words((end - start).days + 1)


# The one rule for what is late, read by every page, tag, marker and document (the plan page, a task's page,
# the timeline and its drawing, the workspace home, the print, the exports and the agenda's paper):
# - the time we allowed ends `contingency_days` after the planned end (`allowed_end`);
# - LATE: not done, and today is after the time we allowed;
# - EXPECTED TO BE LATE: not done, not late yet, and expected to end after the time we allowed;
# - RUNNING OVER: not done, past its expected end, still within the time we allowed (said, not counted late);
# - SHOULD HAVE STARTED: not started, and past its planned start (said, not counted late);
# - TAKING LONGER THAN PLANNED: expected to end after its planned end, within the time we allowed.
# Late and expected to be late are what the plan counts as late (`TaskState.counts_late`, `Plan.late`).

TAGS = {
    "done": "Done",
    "late": "Late",
    "risk": "Expected to be late",
    "over": "Running over",
    "start": "Should have started",
    "slip": "Taking longer than planned",
    "ok": "On time",
}


@dataclass
class TaskState:
    """What a task's status means today, in words, in a short tag and in a shape (never colour alone)."""

    label: str  # "In progress": the status as set
    words: str  # "In progress. Taking longer than planned, by 3 weeks."
    shape: str  # a key of TAGS: the tag, and the timeline's marker
    allowed_end: date  # the last day of the time we allowed
    late: bool = False  # not done, and today is after the time we allowed
    expected_late: bool = False  # not done, not late, and expected to end after the time we allowed
    running_over: bool = False  # not done, past its expected end, within the time we allowed
    should_have_started: bool = False  # not started, and past its planned start
    slip_days: int = 0  # how much later than planned it is expected to end (0 when not later)
    days_over: int = 0  # late: days since the time we allowed ended; expected late: days past it
    late_detail: str = ""  # "we allowed until 17 March 2027, 2 weeks ago" ("" when not counted late)

    @property
    def slipped(self) -> bool:
        return self.slip_days > 0

    @property
    def counts_late(self) -> bool:
        """What the plan counts as late: late, or expected to be late."""
        return self.late or self.expected_late

    @property
    def tag(self) -> str:
        """The status in a word or two, for a tag beside the full words: "Late", "Expected to be late",
        "Running over", "Should have started", "Taking longer than planned", "Done", "On time"."""
        return TAGS[self.shape]

    @property
    def late_sentence(self) -> str:
        """ "Late: we allowed until 17 March 2027, 2 weeks ago", or "Expected to be late: it is expected to
        end on …": the tag and how; "" when not counted late."""
        return f"{self.tag}: {self.late_detail}" if self.counts_late else ""

    @property
    def by_words(self) -> str:
        """By how much, in a few words: "2 weeks" over the time we allowed (late or expected to be late),
        later than planned (taking longer); "" otherwise."""
        if self.counts_late:
            return weeks_words(self.days_over)
        if self.shape == "slip":
            return weeks_words(self.slip_days)
        return ""


def late_detail(*, late: bool, today: date, expected_end: date, allowed: date) -> str:
    """How a task is late, after its tag ("Late", "Expected to be late"), without a capital or full stop:
    "we allowed until 17 March 2027, 2 weeks ago", or "it is expected to end on 7 April 2027, 3 weeks after
    the extra time we allowed (until 17 March 2027)". The one place these words are made."""
    if late:
        return f"we allowed until {day_words(allowed)}, {weeks_words((today - allowed).days)} ago"
    return (
        f"it is expected to end on {day_words(expected_end)}, {weeks_words((expected_end - allowed).days)} "
        f"after the extra time we allowed (until {day_words(allowed)})"
    )


def task_state(task: Task, today: date, share_percent: int) -> TaskState:
    """The task's state today under the one rule above."""
    status = task.status
    label = Task.Status(status).label
    allowed = allowed_end(task, share_percent)
    if status == Task.Status.DONE:
        words = f"Done on {day_words(task.done_on)}." if task.done_on else "Done."
        return TaskState(label, words, "done", allowed)
    parts: list[str] = []
    if status in (Task.Status.CANNOT_START, Task.Status.PROBLEM) and task.status_note:
        parts.append(f"{label}: {task.status_note.rstrip('.')}.")
    else:
        parts.append(f"{label}.")
    should_have_started = status == Task.Status.NOT_STARTED and today > task.planned_start
    if should_have_started:
        parts.append(f"Should have started on {day_words(task.planned_start)}.")
    slip_days = max((task.expected_end - task.planned_end).days, 0)
    if slip_days:
        parts.append(f"Taking longer than planned, by {weeks_words(slip_days)}.")
    late = today > allowed
    expected_late = not late and task.expected_end > allowed
    running_over = not (late or expected_late) and today > task.expected_end
    detail = ""
    days_over = 0
    if late or expected_late:
        detail = late_detail(late=late, today=today, expected_end=task.expected_end, allowed=allowed)
        days_over = (today - allowed).days if late else (task.expected_end - allowed).days
    if late:
        shape = "late"
    elif expected_late:
        shape = "risk"
    elif running_over:
        shape = "over"
    elif should_have_started:
        shape = "start"
    elif slip_days:
        shape = "slip"
    else:
        shape = "ok"
    state = TaskState(
        label,
        "",
        shape,
        allowed,
        late=late,
        expected_late=expected_late,
        running_over=running_over,
        should_have_started=should_have_started,
        slip_days=slip_days,
        days_over=days_over,
        late_detail=detail,
    )
    if state.counts_late:
        parts.append(f"{state.late_sentence}.")
    elif running_over:
        parts.append(
            f"Running over: it was expected to end on {day_words(task.expected_end)}. Say when it will end."
        )
    state.words = " ".join(parts)
    return state


def end_day(task: Task) -> date:
    """The day a task ends on the timeline, its drawing and the calendar file: the day it was done (when it
    is done and the day is known), otherwise its latest expected end."""
    if task.status == Task.Status.DONE and task.done_on is not None:
        return task.done_on
    return task.expected_end


def progress_words(done: int, total: int) -> str:
    """ "2 of 5 tasks done"."""
    if total == 0:
        return "No tasks yet"
    return f"{done} of {total} task{'s' if total != 1 else ''} done"


# ---------------------------------------------------------------- what waits for what


def check_needs(
    task_pk: int | None, needs: Iterable[int], edges: dict[int, set[int]], titles: dict[int, str]
) -> None:
    """Refuse a task that waits for itself, or for a chain of tasks that comes back to it.

    `edges` maps each task to the tasks it needs, as saved; `needs` is what this task would need."""
    needs = set(needs)
    if task_pk is None:
        return  # a new task: nothing can wait for it yet, so no chain can come back to it
    if task_pk in needs:
        raise ValidationError({"needs": "A task cannot wait for itself. Untick it in the list."})
    # Walk from each thing it would need; reaching the task itself closes a circle.
    for first in needs:
        path = _path_to(first, task_pk, edges)
        if path:
            chain = " \u2192 ".join(f"\u2018{titles.get(pk, '?')}\u2019" for pk in [task_pk, *path])
            raise ValidationError(
                {
                    "needs": f"That would go round in a circle: {chain}. A task cannot wait for something "
                    "that waits for it."
                }
            )


def _path_to(start: int, goal: int, edges: dict[int, set[int]]) -> list[int]:
    """The chain of needs from `start` that reaches `goal`, or [] when there is none."""
    stack = [(start, [start])]
    seen = set()
    while stack:
        node, path = stack.pop()
        if node == goal:
            return path
        if node in seen:
            continue
        seen.add(node)
        for nxt in edges.get(node, ()):
            stack.append((nxt, [*path, nxt]))
    return []


@dataclass
class Move:
    """New dates proposed for `task`, because `because_of` now ends on `because_end`."""

    task: Task
    because_of: Task
    new_start: date
    new_end: date


def moves_for(task: Task, waiting: Iterable[Task]) -> list[Move]:
    """The tasks that wait for `task` and would start before it is now expected to end: each keeps its
    length and starts the day after. Nothing moves here; a person confirms each move."""
    moves = []
    for follower in waiting:
        if follower.status == Task.Status.DONE or follower.planned_start > task.expected_end:
            continue
        shift = (task.expected_end - follower.planned_start).days + 1
        moves.append(
            Move(
                follower,
                task,
                follower.planned_start + timedelta(days=shift),
                follower.planned_end + timedelta(days=shift),
            )
        )
    return moves
