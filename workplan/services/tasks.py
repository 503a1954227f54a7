"""Saving tasks: adding one, changing its dates (always with a reason), its status, what it needs first; and
the new dates proposed for the tasks that wait for one that slips, confirmed or declined by a person.

Every change to dates is written down in words (`PlanChange`). Two people changing the same task at once: the
second is told, and keeps what they typed (the form carries the task's `revision`).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import Outcome, PlanChange, ProposedMove, Task, TaskActionPoint, Theme
from .schedule import check_dates, check_needs, day_words, month_words, moves_for

CHANGED_MEANWHILE = (
    "Someone else changed this task while you were editing it. Check the task as it is now (below), then "
    "make your change again: what you typed is still in the form."
)
REASON_NEEDED = "Say why the dates are changing, for example \u201cthe venue was not ready\u201d"


def _edges(partnership) -> tuple[dict[int, set[int]], dict[int, str]]:
    edges: dict[int, set[int]] = {}
    for from_id, to_id in Task.needs.through.objects.filter(from_task__partnership=partnership).values_list(
        "from_task_id", "to_task_id"
    ):
        edges.setdefault(from_id, set()).add(to_id)
    titles = dict(Task.objects.filter(partnership=partnership).values_list("pk", "title"))
    return edges, titles


def _check_same_partnership(partnership, *, outcome: Outcome, theme: Theme | None, needs) -> None:
    if outcome.partnership_id != partnership.pk:
        raise ValidationError({"outcome": "Choose an outcome in this partnership's plan"})
    if theme is not None and theme.outcome_id != outcome.pk:
        raise ValidationError({"theme": f"Choose a theme of \u2018{outcome.title}\u2019, or no theme"})
    if any(t.partnership_id != partnership.pk for t in needs):
        raise ValidationError({"needs": "Choose tasks in this partnership's plan"})


def _log(task: Task, field: str, words: str, reason: str, by) -> PlanChange:
    return PlanChange.objects.create(
        partnership_id=task.partnership_id,
        task=task,
        subject=task.title,
        field=field,
        words=words[:500],
        reason=(reason or "").strip()[:500],
        changed_by=by,
    )


def _dates_words(task: Task, old: dict[str, date]) -> str:
    """ "now ends in July 2027, not May 2027" (months when they differ, days otherwise). The latest expected
    end is said only when it does not simply follow the planned end."""
    bits = []
    for field, verb in (
        ("planned_start", "now starts"),
        ("planned_end", "now ends"),
        ("expected_end", "is now expected to end"),
    ):
        was, now = old[field], getattr(task, field)
        if was == now:
            continue
        if field == "expected_end" and (old["planned_end"], task.planned_end) == (was, now):
            continue
        if (was.year, was.month) != (now.year, now.month):
            bits.append(f"{verb} in {month_words(now)}, not {month_words(was)}")
        else:
            bits.append(f"{verb} on {day_words(now)}, not {day_words(was)}")
    return "; ".join(bits)


@transaction.atomic
def task_add(*, partnership, outcome: Outcome, by, needs=(), **fields) -> Task:
    """A new task. Its latest expected end starts as its planned end."""
    theme = fields.get("theme")
    _check_same_partnership(partnership, outcome=outcome, theme=theme, needs=needs)
    check_dates(fields.get("planned_start"), fields.get("planned_end"))
    fields.setdefault("expected_end", fields.get("planned_end"))
    last = (
        Task.objects.filter(outcome=outcome).order_by("-position").values_list("position", flat=True).first()
    )
    task = Task(partnership=partnership, outcome=outcome, created_by=by, position=(last or 0) + 1, **fields)
    task.full_clean(exclude=["partnership", "outcome", "created_by", "needs"])
    task.save()
    task.needs.set(needs)
    _log(
        task,
        PlanChange.Field.ADDED,
        f"added to the plan, from {day_words(task.planned_start)} to {day_words(task.planned_end)}",
        "",
        by,
    )
    return task


@transaction.atomic
def task_save(*, task: Task, revision: int, by, reason: str = "", needs=None, **fields) -> list[ProposedMove]:
    """Change a task. A change to its dates needs a reason and is written down; when the task now ends
    later than a task that waits for it starts, new dates are proposed for that task (returned), to confirm.

    `revision` is the revision the person's form was made from: anyone else's change since is refused."""
    partnership = task.partnership
    # The dates as saved (not as this object holds them: a refused attempt may have changed it in memory).
    old_dates = Task.objects.filter(pk=task.pk).values("planned_start", "planned_end", "expected_end").get()
    for name, value in fields.items():
        setattr(task, name, value)
    if "planned_end" in fields and "expected_end" not in fields and task.expected_end < task.planned_end:
        task.expected_end = task.planned_end
    needs_list = list(needs) if needs is not None else None
    _check_same_partnership(partnership, outcome=task.outcome, theme=task.theme, needs=needs_list or [])
    check_dates(task.planned_start, task.planned_end)
    check_dates(task.planned_start, task.expected_end, fields=("planned_start", "expected_end"))
    if needs_list is not None:
        edges, titles = _edges(partnership)
        check_needs(task.pk, [t.pk for t in needs_list], edges, titles)
    moved = _dates_words(task, old_dates)
    if moved and not (reason or "").strip():
        raise ValidationError({"reason": REASON_NEEDED})
    task.full_clean(exclude=["partnership", "outcome", "created_by", "needs"])
    # Save only if nobody else has changed the task since the form was made.
    field_names = [*fields, "expected_end", "revision", "updated_at"]
    saved = Task.objects.filter(pk=task.pk, revision=revision).update(
        revision=F("revision") + 1,
        updated_at=timezone.now(),
        **{
            name: getattr(task, name)
            for name in dict.fromkeys(field_names)
            if name not in ("revision", "updated_at")
        },
    )
    if not saved:
        raise ValidationError(CHANGED_MEANWHILE, code="changed_meanwhile")
    task.revision = revision + 1
    if needs_list is not None:
        task.needs.set(needs_list)
    if moved:
        _log(task, PlanChange.Field.DATES, moved, reason, by)
        return propose_moves(task)
    return []


def propose_moves(task: Task) -> list[ProposedMove]:
    """For each task that waits for this one and would now start before it ends: new dates to confirm.
    An earlier open proposal for the same pair is replaced by the new one."""
    waiting = list(task.needed_by.all())
    made = []
    for move in moves_for(task, waiting):
        ProposedMove.objects.filter(task=move.task, because_of=task, status=ProposedMove.Status.OPEN).delete()
        made.append(
            ProposedMove.objects.create(
                partnership_id=task.partnership_id,
                task=move.task,
                because_of=task,
                new_start=move.new_start,
                new_end=move.new_end,
            )
        )
    return made


@transaction.atomic
def move_confirm(*, move: ProposedMove, by) -> list[ProposedMove]:
    """Take the proposed dates: the task moves, the change is written down with why, and the tasks that wait
    for it may get their own proposals in turn (returned)."""
    if move.status != ProposedMove.Status.OPEN:
        raise ValidationError("These dates were already confirmed or declined.")
    task = Task.objects.select_for_update().get(pk=move.task_id)
    length_shift = move.new_end - task.planned_end
    reason = (
        f"it waits for \u2018{move.because_of.title}\u2019, which is now expected to end on "
        f"{day_words(move.because_of.expected_end)}"
    )
    made = task_save(
        task=task,
        revision=task.revision,
        by=by,
        reason=reason,
        planned_start=move.new_start,
        planned_end=move.new_end,
        expected_end=max(task.expected_end + length_shift, move.new_end),
    )
    move.status = ProposedMove.Status.CONFIRMED
    move.decided_by, move.decided_at = by, timezone.now()
    move.save(update_fields=["status", "decided_by", "decided_at"])
    return made


def move_decline(*, move: ProposedMove, by, reason: str = "") -> None:
    """Keep the task's dates. Written down, so the plan shows the clash was seen."""
    if move.status != ProposedMove.Status.OPEN:
        raise ValidationError("These dates were already confirmed or declined.")
    move.status = ProposedMove.Status.DECLINED
    move.decided_by, move.decided_at = by, timezone.now()
    move.save(update_fields=["status", "decided_by", "decided_at"])
    _log(
        move.task,
        PlanChange.Field.DATES,
        f"keeps its dates although \u2018{move.because_of.title}\u2019 now "
        f"ends on {day_words(move.because_of.expected_end)}",
        reason,
        by,
    )


def open_actions(task: Task) -> list:
    """The task's action points that are not done or dropped."""
    from meetings.models import ActionPoint

    return [
        link.action_point
        for link in TaskActionPoint.objects.filter(task=task).select_related("action_point")
        if link.action_point.status in (ActionPoint.Status.OPEN, ActionPoint.Status.IN_PROGRESS)
    ]


@transaction.atomic
def status_set(
    *,
    task: Task,
    revision: int,
    by,
    status: str,
    note: str = "",
    open_actions_ok: bool = False,
    may_overrule_actions: bool = False,
) -> None:
    """Set a task's status in words. A task is not done while its action points are open, unless its owner
    (or a coordinator or chair: `may_overrule_actions`) says it is done anyway."""
    note = (note or "").strip()
    if status in (Task.Status.CANNOT_START, Task.Status.PROBLEM) and not note:
        what = "why it cannot start yet" if status == Task.Status.CANNOT_START else "what the problem is"
        raise ValidationError({"note": f"Say {what}"})
    fields = {
        "status": status,
        "status_note": note if status in (Task.Status.CANNOT_START, Task.Status.PROBLEM) else "",
    }
    if status == Task.Status.DONE:
        still_open = open_actions(task)
        if still_open and not (open_actions_ok and may_overrule_actions):
            refs = ", ".join(a.reference for a in still_open)
            raise ValidationError(
                {
                    "status": f"{len(still_open)} of this task\u2019s action points "
                    f"{'is' if len(still_open) == 1 else 'are'} still open ({refs}). Close them first, or, "
                    "as the task\u2019s owner, say it is done anyway."
                }
            )
        fields["done_on"] = timezone.localdate()
        fields["done_with_open_actions_by"] = by if still_open else None
    else:
        fields["done_on"] = None
        fields["done_with_open_actions_by"] = None
    old = Task.Status(task.status).label
    saved = Task.objects.filter(pk=task.pk, revision=revision).update(
        revision=F("revision") + 1, updated_at=timezone.now(), **fields
    )
    if not saved:
        raise ValidationError(CHANGED_MEANWHILE, code="changed_meanwhile")
    for name, value in fields.items():
        setattr(task, name, value)
    task.revision = revision + 1
    if old != Task.Status(status).label:
        _log(
            task,
            PlanChange.Field.STATUS,
            f"now \u201c{Task.Status(status).label}\u201d, was \u201c{old}\u201d",
            note,
            by,
        )
