"""Reading the whole plan in a few queries, for every page and document that shows it: the plan page, the
timeline, the print, the exports, the workspace home and the agenda item's paper.

`plan_for` reads outcomes, themes, tasks (with what they need), outputs and activities: six queries
whatever the plan's size. Each task carries its state in words (`task.state`); the plan answers "Are we
following the work plan and its timetable?" (`Plan.following_words`), and lists what is late and what is next.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from ..models import Activity, Outcome, Output, Task, Theme
from .schedule import TaskState, day_words, progress_words, settings_for, task_state

NEXT_COUNT = 3
# The outcomes whose tasks count: proposed and agreed. Outcomes no longer in the plan are only named. The
# one rule for every page and document: plan page, timeline, home, print, exports, the agenda's paper.
IN_PLAN = (Outcome.Status.PROPOSED, Outcome.Status.AGREED)


@dataclass
class Plan:
    partnership: object
    today: date
    outcomes: list[Outcome]
    tasks: list[Task]  # every task, in date order
    activities: list[Activity]
    share_percent: int
    by_pk: dict[int, Task] = field(default_factory=dict)
    dropped: list[Outcome] = field(default_factory=list)  # no longer in the plan: named, never counted

    @property
    def open_tasks(self) -> list[Task]:
        return [t for t in self.tasks if t.status != Task.Status.DONE]

    @property
    def late(self) -> list[Task]:
        """What the plan counts as late (`TaskState.counts_late`): late, or expected to be late."""
        return [t for t in self.open_tasks if t.state.counts_late]

    @property
    def running_over(self) -> list[Task]:
        """Past their expected end, within the time we allowed: not late, but someone should say when they
        will end."""
        return [t for t in self.open_tasks if t.state.running_over]

    @property
    def next_due(self) -> list[Task]:
        """The next things due: tasks not done and not late, soonest expected end first (one running over,
        whose expected end has passed, comes first)."""
        coming = [t for t in self.open_tasks if not t.state.counts_late]
        return sorted(coming, key=lambda t: (t.expected_end, t.pk))[:NEXT_COUNT]

    @property
    def progress_words(self) -> str:
        return progress_words(sum(t.status == Task.Status.DONE for t in self.tasks), len(self.tasks))

    @property
    def following(self) -> bool:
        return not self.late

    @property
    def late_counts(self) -> tuple[int, int]:
        """How many tasks are late, and how many are expected to be late."""
        late = sum(t.state.late for t in self.late)
        return late, len(self.late) - late

    @property
    def late_count_words(self) -> str:
        """ "1 task is late and 2 are expected to be late"; "" when nothing is."""
        late, risk = self.late_counts
        if late and risk:
            return (
                f"{late} task{'s are' if late != 1 else ' is'} late and {risk} "
                f"{'are' if risk != 1 else 'is'} expected to be late"
            )
        if late:
            return f"{late} task{'s are' if late != 1 else ' is'} late"
        if risk:
            return f"{risk} task{'s are' if risk != 1 else ' is'} expected to be late"
        return ""

    @property
    def late_head(self) -> str:
        """ "Not quite. 1 task is late and 2 are expected to be late"; "" when nothing is."""
        return f"Not quite. {self.late_count_words}" if self.late else ""

    @property
    def following_words(self) -> str:
        """The toolkit's check, "Are we following the work plan and its timetable?", answered plainly: what
        is late or expected to be late, each by name and by how much; what is running over; what should have
        started and has not."""
        if not self.tasks:
            return "There are no tasks in the plan yet."
        late, over = self.late, self.running_over
        waiting = [t for t in self.open_tasks if t.state.shape == "start"]
        if not (late or over or waiting):
            return "Yes. Everything in the plan is on time."
        sentences = [f"{self.late_head}." if late else "Yes, nothing is late."]
        sentences += [f"{late_words(t)}." for t in late]
        if over:
            bits = "; ".join(running_over_words(t) for t in over)
            sentences.append(
                f"{len(over)} task{'s are' if len(over) != 1 else ' is'} running over, within the extra time "
                f"we allowed: {bits}."
            )
        if waiting:
            bits = "; ".join(f"\u2018{t.title}\u2019, from {day_words(t.planned_start)}" for t in waiting)
            sentences.append(
                f"{len(waiting)} task{'s' if len(waiting) != 1 else ''} should have started and "
                f"{'have' if len(waiting) != 1 else 'has'} not: {bits}."
            )
        return " ".join(sentences)


def late_words(task: Task) -> str:
    """A task the plan counts as late, by name, with how: "‘Interview skills training’ is late: we allowed
    until 14 May 2027, 3 weeks ago", or "‘Guide’ is expected to be late: it is expected to end on …". The
    words after the colon are the task's own (`TaskState.late_detail`)."""
    return f"\u2018{task.title}\u2019 is {task.state.tag.lower()}: {task.state.late_detail}"


def running_over_words(task: Task) -> str:
    """ "‘Survey’ was expected to end on 1 March 2027"."""
    return f"\u2018{task.title}\u2019 was expected to end on {day_words(task.expected_end)}"


def _with_state(tasks: list[Task], today: date, share: int) -> None:
    for task in tasks:
        task.state: TaskState = task_state(task, today, share)


def plan_for(
    partnership, *, today: date | None = None, outcome_status: tuple[str, ...] | None = None
) -> Plan:
    """The whole plan. Outcomes in order, each with `themes` (in agreed order, each with `theme_tasks`),
    `unthemed` tasks, and `tasks`; each task with `outputs`, `needs_list`, `waiting` (tasks that need it),
    `activity_list` and `state`. `outcome_status` limits the outcomes (default `IN_PLAN`); the outcomes no
    longer in the plan are in `Plan.dropped`, by name, and their tasks are not read."""
    today = today or timezone.localdate()
    share = settings_for(partnership).contingency_percent
    outcome_status = outcome_status or IN_PLAN
    every = Outcome.objects.filter(partnership=partnership).select_related("lead_group", "second_lead_group")
    outcomes, dropped = [], []
    for outcome in every:
        if outcome.status in outcome_status:
            outcomes.append(outcome)
        elif outcome.status == Outcome.Status.DROPPED:
            dropped.append(outcome)
    outcome_ids = [o.pk for o in outcomes]
    themes = list(Theme.objects.filter(outcome_id__in=outcome_ids).order_by("position", "pk"))
    tasks = list(
        Task.objects.filter(outcome_id__in=outcome_ids)
        .select_related("lead_group", "second_lead_group", "owner_person", "owner_group")
        .prefetch_related(
            Prefetch("outputs", queryset=Output.objects.order_by("position", "pk")),
            Prefetch("needs", queryset=Task.objects.only("pk", "title", "status", "expected_end")),
        )
        .order_by("planned_start", "planned_end", "pk")
    )
    activities = list(
        Activity.objects.filter(partnership=partnership).select_related("meeting").order_by("starts_on", "pk")
    )
    _with_state(tasks, today, share)
    by_pk = {t.pk: t for t in tasks}
    waiting: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        task.needs_list = list(task.needs.all())
        for need in task.needs_list:
            waiting[need.pk].append(task)
        task.activity_list = []
    for task in tasks:
        task.waiting = waiting.get(task.pk, [])
    for activity in activities:
        if activity.task_id in by_pk:
            by_pk[activity.task_id].activity_list.append(activity)
    themes_by_outcome: dict[int, list[Theme]] = defaultdict(list)
    themes_by_pk = {}
    for theme in themes:
        theme.theme_tasks = []
        themes_by_outcome[theme.outcome_id].append(theme)
        themes_by_pk[theme.pk] = theme
    tasks_by_outcome: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        tasks_by_outcome[task.outcome_id].append(task)
    for outcome in outcomes:
        outcome.themes_list = themes_by_outcome.get(outcome.pk, [])
        outcome.tasks_list = tasks_by_outcome.get(outcome.pk, [])
        outcome.unthemed = []
        for task in outcome.tasks_list:
            theme = themes_by_pk.get(task.theme_id)
            (theme.theme_tasks if theme else outcome.unthemed).append(task)
        done = sum(t.status == Task.Status.DONE for t in outcome.tasks_list)
        outcome.progress_words = progress_words(done, len(outcome.tasks_list))
        outcome.done_count = done
    return Plan(partnership, today, outcomes, tasks, activities, share, by_pk, dropped)
