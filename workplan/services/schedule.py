"""The plan's timetable: contingency, what counts as late, status in words, what waits for what, and the new
dates proposed when a task slips. Pure reckoning here, on tasks already read; saving is in `services.tasks`.

The words are the partners' own: "Taking longer than planned, by 3 weeks", "Late: it should have ended on
14 May 2027", "Cannot start yet: the venue is not booked". A progress bar is only ever shown as well as words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

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


def month_words(day: date) -> str:
    return f"{day:%B %Y}"


def weeks_words(days: int) -> str:
    """A length in whole weeks (rounded up), or days when under a week: "3 weeks", "1 week", "4 days"."""
    days = abs(days)
    if days < 7:
        return f"{days} day{'s' if days != 1 else ''}"
    weeks = math.ceil(days / 7)
    return f"{weeks} week{'s' if weeks != 1 else ''}"


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


@dataclass
class TaskState:
    """What a task's status means today, in words and in a shape (never colour alone)."""

    label: str  # "In progress"
    words: str  # "In progress. Taking longer than planned, by 3 weeks."
    late: bool  # not done, and past its latest expected end
    at_risk: bool  # not done, and expected to end after the time we allowed
    slipped: bool  # expected to end later than planned (by `slip_days`)
    slip_days: int
    shape: str  # "done", "late", "risk", "slip", "ok": the timeline's marker

    @property
    def on_time(self) -> bool:
        return not (self.late or self.at_risk)

    @property
    def shape_words(self) -> str:
        """The shape in words, for a tag beside the full words: "Late", "On time"."""
        return SHAPE_WORDS[self.shape]


SHAPE_WORDS = {
    "done": "Done",
    "late": "Late",
    "risk": "Past the extra time we allowed",
    "slip": "Taking longer than planned",
    "ok": "On time",
}


def task_state(task: Task, today: date, share_percent: int) -> TaskState:
    status = task.status
    label = Task.Status(status).label
    parts: list[str] = []
    if status == Task.Status.DONE:
        words = f"Done on {day_words(task.done_on)}." if task.done_on else "Done."
        return TaskState(label, words, False, False, False, 0, "done")
    if status in (Task.Status.CANNOT_START, Task.Status.PROBLEM) and task.status_note:
        parts.append(f"{label}: {task.status_note.rstrip('.')}.")
    else:
        parts.append(f"{label}.")
    slip_days = (task.expected_end - task.planned_end).days
    slipped = slip_days > 0
    if slipped:
        parts.append(f"Taking longer than planned, by {weeks_words(slip_days)}.")
    late = today > task.expected_end
    at_risk = task.expected_end > allowed_end(task, share_percent)
    if late:
        parts.append(f"Late: it should have ended on {day_words(task.expected_end)}.")
    elif at_risk:
        parts.append("Past the extra time we allowed.")
    elif status == Task.Status.NOT_STARTED and today > task.planned_start:
        parts.append(f"Should have started on {day_words(task.planned_start)}.")
    shape = "late" if late else "risk" if at_risk else "slip" if slipped else "ok"
    return TaskState(label, " ".join(parts), late, at_risk, slipped, max(slip_days, 0), shape)


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
