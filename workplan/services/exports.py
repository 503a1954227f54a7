"""The plan as files: a CSV to open in a spreadsheet, and an iCalendar file of its dates.

CSV: a cell that starts with = + - @ (or a tab or carriage return) is read by spreadsheet programs as a
formula, so a task called "=HYPERLINK(...)" could run when a coordinator opens the file. Every such cell
gets a single quote in front (`safe_cell`), which the spreadsheet shows as text.

iCalendar: each task is an all-day event from its planned start to its latest expected end (a done task's,
to the day it was done), and each time to involve our networks is one too. The text is escaped and the
lines folded by the same helpers as the meetings' calendar files (meetings.calendar), so nothing a person
types can start a property of its own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from meetings.calendar import _escape, _fold

from ..models import Activity, Outcome, Task
from .plan import Plan
from .schedule import contingency_days, day_words, end_day

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = [
    "Outcome",
    "Theme",
    "Task",
    "Lead groups",
    "Owner",
    "Planned start",
    "Planned end",
    "Latest expected end",
    "Extra weeks we allow",
    "Status",
    "What it needs first",
    "Outputs",
]


def safe_cell(value) -> str:
    """The value as a spreadsheet shows it as text: a leading = + - @, tab or carriage return gets a single
    quote in front, so it is never read as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _names(items) -> str:
    return "; ".join(str(item) for item in items)


def _owner(task: Task) -> str:
    names = []
    if task.owner_person is not None:
        names.append(task.owner_person.display_name)
    if task.owner_group is not None:
        names.append(task.owner_group.name)
    return "; ".join(names)


def _in_order(plan: Plan) -> Iterator[tuple[Outcome, str, Task | None]]:
    """Each outcome's tasks, theme by theme in the agreed order, then those with no theme; an outcome with no
    tasks yet is a row of its own."""
    for outcome in plan.outcomes:
        if not outcome.tasks_list:
            yield outcome, "", None
            continue
        for theme in outcome.themes_list:
            for task in theme.theme_tasks:
                yield outcome, theme.title, task
        for task in outcome.unthemed:
            yield outcome, "", task


def _task_row(task: Task, share_percent: int) -> list:
    return [
        task.title,
        _names(task.leads),
        _owner(task),
        task.planned_start.isoformat(),
        task.planned_end.isoformat(),
        task.expected_end.isoformat(),
        contingency_days(task, share_percent) // 7,
        task.state.words,
        _names(t.title for t in task.needs_list),
        _names(o.title for o in task.outputs.all()),
    ]


def plan_csv(plan: Plan) -> str:
    """The plan as CSV: one row a task, with the columns above; dates in ISO form (2027-03-01)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for outcome, theme, task in _in_order(plan):
        row = [outcome.title, theme]
        row += _task_row(task, plan.share_percent) if task else [""] * (len(CSV_COLUMNS) - 2)
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def _day(day: date) -> str:
    return day.strftime("%Y%m%d")


def _event(uid: str, stamp: str, starts: date, ends: date, summary: str, description: str, url: str) -> list:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_day(starts)}",
        # All-day events end on the day after their last day (RFC 5545: DTEND is not included).
        f"DTEND;VALUE=DATE:{_day(ends + timedelta(days=1))}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
    ]
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def plan_calendar(
    plan: Plan,
    *,
    name: str,
    windows: list[Activity] | None = None,
    task_url: Callable[[int], str] | None = None,
    now: datetime | None = None,
) -> str:
    """The plan's dates as an iCalendar file: CRLF line endings, lines folded at 75 octets, text escaped.
    Each event's UID stays the same from one download to the next ("task-12@working-together"), so a
    calendar program updates the event rather than adding another."""
    slug = plan.partnership.slug
    stamp = (now or timezone.now()).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Co-production workspace//Work plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for task in plan.tasks:
        planned = f"Planned from {day_words(task.planned_start)} to {day_words(task.planned_end)}."
        description = f"{task.state.words}\n{planned}"
        url = task_url(task.pk) if task_url else ""
        end = max(end_day(task), task.planned_start)  # a done task ends on the day it was done
        lines += _event(
            f"task-{task.pk}@{slug}", stamp, task.planned_start, end, task.title, description, url
        )
    for activity in windows if windows is not None else plan.activities:
        if activity.starts_on is None or activity.ends_on is None or activity.meeting_id is not None:
            continue  # meetings are in the meetings' own calendar files
        task = plan.by_pk.get(activity.task_id)
        bits = [activity.description] if activity.description else []
        if task is not None:
            bits.append(f"For the task \u2018{task.title}\u2019.")
        lines += _event(
            f"activity-{activity.pk}@{slug}",
            stamp,
            activity.starts_on,
            max(activity.ends_on, activity.starts_on),
            f"{activity.get_kind_display()}: {activity.title}",
            "\n".join(bits),
            "",
        )
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
