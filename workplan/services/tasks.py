"""Saving tasks: adding one, changing it (its dates always with a reason), its status, what it needs first,
its action points, comments, taking it out of the plan; and the new dates proposed for the tasks that wait
for one that slips, confirmed or declined by a person.

Every change to dates is written down in words (`PlanChange`). Two people changing the same task at once: the
second is told, and keeps what they typed (the form carries the task's `revision`).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import Comment, Outcome, PlanChange, ProposedMove, Task, TaskActionPoint, Theme
from .schedule import check_dates, check_needs, day_words, month_words, moves_for, quoted

CHANGED_MEANWHILE = (
    "Someone else changed this task while you were editing it. Check the task as it is now (below), then "
    "make your change again: what you typed is still in the form."
)
REASON_NEEDED = "Say why the dates are changing, for example \u201cthe venue was not ready\u201d"
TASK_GONE = "This task is no longer in the plan: someone has taken it out."
ALREADY_DECIDED = "These dates were already confirmed or declined."
NOT_NEEDED = "These dates are no longer needed: {task} already starts after {because} ends."
NOT_WAITING = "These dates are no longer needed: {task} no longer waits for {because}."
ALREADY_DONE = "These dates are no longer needed: {task} is done."
MOVE_GONE = "These dates are no longer needed: the tasks\u2019 dates have changed since they were proposed."
ACTION_TAKEN = "{reference} is already part of \u2018{title}\u2019. Take it off that task first."


def owner_words(task: Task, nobody: str = "Nobody named yet") -> str:
    """Who owns a task, in words: a person's name, a group's name, or `nobody`. Every page, paper and export
    that names a task's owner says it this way."""
    if task.owner_person_id and task.owner_person:
        return task.owner_person.display_name
    if task.owner_group_id and task.owner_group:
        return task.owner_group.name
    return nobody


# Who does a task and who leads it, as saved: read with its old dates, so a change can be said in words.
WHO_FIELDS = (
    "owner_person_id",
    "owner_person__known_as",
    "owner_person__full_name",
    "owner_group_id",
    "owner_group__name",
    "lead_group_id",
    "lead_group__name",
    "second_lead_group_id",
    "second_lead_group__name",
)


def _old_owner_words(old: dict) -> str:
    if old["owner_person_id"]:
        return old["owner_person__known_as"] or old["owner_person__full_name"] or "a former partner"
    return old["owner_group__name"] or "Nobody named yet"


def _who_change(task: Task, old: dict) -> str:
    """ "now done by Sanjay Patel, not Riverside Council; now led by A and B, not C" (empty when neither
    changed). Written down like a change of dates, so "what has changed" says who took a task on."""
    bits = []
    if (old["owner_person_id"], old["owner_group_id"]) != (task.owner_person_id, task.owner_group_id):
        bits.append(f"now done by {owner_words(task)}, not {_old_owner_words(old)}")
    if (old["lead_group_id"], old["second_lead_group_id"]) != (task.lead_group_id, task.second_lead_group_id):
        was = [name for name in (old["lead_group__name"], old["second_lead_group__name"]) if name]
        now = [group.name for group in task.leads]
        bits.append(f"now led by {' and '.join(now) or 'no group'}, not {' and '.join(was) or 'no group'}")
    return "; ".join(bits)


def _edges(partnership) -> tuple[dict[int, set[int]], dict[int, str]]:
    edges: dict[int, set[int]] = {}
    for from_id, to_id in Task.needs.through.objects.filter(from_task__partnership=partnership).values_list(
        "from_task_id", "to_task_id"
    ):
        edges.setdefault(from_id, set()).add(to_id)
    titles = dict(Task.objects.filter(partnership=partnership).values_list("pk", "title"))
    return edges, titles


def _check_same_partnership(
    partnership, *, outcome: Outcome, theme: Theme | None, needs, decisions=(), meetings=(), groups=()
) -> None:
    """Everything a task points at belongs to its partnership (forms offer nothing else: this is a guard)."""
    if outcome.partnership_id != partnership.pk:
        raise ValidationError({"outcome": "Choose an outcome in this partnership's plan"})
    if theme is not None and theme.outcome_id != outcome.pk:
        raise ValidationError({"theme": f"Choose a theme of {quoted(outcome.title)}, or no theme"})
    for name, things, words in (
        ("needs", needs, "Choose tasks in this partnership's plan"),
        ("decisions", decisions, "Choose decisions of this partnership"),
        ("meetings", meetings, "Choose meetings of this partnership"),
        ("lead_group", groups, "Choose groups in this partnership"),
    ):
        if any(thing is not None and thing.partnership_id != partnership.pk for thing in things or ()):
            raise ValidationError({name: words})


def _log(task: Task, field: str, words: str, reason: str, by, *, subject: str = "") -> PlanChange:
    return PlanChange.objects.create(
        partnership_id=task.partnership_id,
        task=task,
        subject=(subject or task.title)[:200],
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


def _needs_words(before: set[int], after: set[int], titles: dict[int, str]) -> str:
    """ "now waits for ‘Survey results’; no longer waits for ‘Venue booked’"."""
    bits = []
    added = sorted(after - before, key=lambda pk: titles.get(pk, ""))
    gone = sorted(before - after, key=lambda pk: titles.get(pk, ""))
    if added:
        bits.append("now waits for " + " and ".join(quoted(titles.get(pk, "?")) for pk in added))
    if gone:
        bits.append("no longer waits for " + " and ".join(quoted(titles.get(pk, "?")) for pk in gone))
    return "; ".join(bits)


def _contingency_change(was: int | None, now: int | None) -> str:
    """ "now allows 3 extra weeks, not the partnership's share of its length"."""

    def words(weeks: int | None) -> str:
        if weeks is None:
            return "the partnership\u2019s share of its length"
        return "no extra time" if weeks == 0 else f"{weeks} extra week{'s' if weeks != 1 else ''}"

    return f"now allows {words(now)}, not {words(was)}"


# ---------------------------------------------------------------- adding and changing


@transaction.atomic
def task_add(*, partnership, outcome: Outcome, by, needs=(), decisions=(), meetings=(), **fields) -> Task:
    """A new task. Its latest expected end starts as its planned end. The outcome's row is locked, so an
    outcome being taken out at the same moment (`outcomes.outcome_remove`) cannot take the task with it."""
    if Outcome.objects.select_for_update().filter(pk=outcome.pk).first() is None:
        raise ValidationError("This outcome has been taken out of the plan, so a task cannot be added to it.")
    theme = fields.get("theme")
    _check_same_partnership(
        partnership,
        outcome=outcome,
        theme=theme,
        needs=needs,
        decisions=decisions,
        meetings=meetings,
        groups=[fields.get("lead_group"), fields.get("second_lead_group"), fields.get("owner_group")],
    )
    check_dates(fields.get("planned_start"), fields.get("planned_end"))
    fields.setdefault("expected_end", fields.get("planned_end"))
    last = (
        Task.objects.filter(outcome=outcome).order_by("-position").values_list("position", flat=True).first()
    )
    task = Task(partnership=partnership, outcome=outcome, created_by=by, position=(last or 0) + 1, **fields)
    task.full_clean(exclude=["partnership", "outcome", "created_by", "needs", "decisions", "meetings"])
    task.save()
    task.needs.set(needs)
    task.decisions.set(decisions)
    task.meetings.set(meetings)
    _log(
        task,
        PlanChange.Field.ADDED,
        f"added to the plan, from {day_words(task.planned_start)} to {day_words(task.planned_end)}",
        "",
        by,
    )
    return task


def _follow_planned_end(task: Task, old: dict) -> None:
    """The planned end moved and nobody gave a new latest expected end: a task on time keeps its expected end
    with its planned end; one already taking longer keeps its expected end, unless that is now before the
    planned end."""
    if old["expected_end"] <= old["planned_end"] or task.expected_end < task.planned_end:
        task.expected_end = task.planned_end


@transaction.atomic
def task_save(
    *,
    task: Task,
    revision: int,
    by,
    reason: str = "",
    needs=None,
    decisions=None,
    meetings=None,
    **fields,
) -> list[ProposedMove]:
    """Change a task. A change to its dates needs a reason and is written down; when the task now ends
    later than a task that waits for it starts, new dates are proposed for that task (returned), to confirm.

    `revision` is the revision the person's form was made from: anyone else's change since is refused, before
    anything else is checked (what they typed may rest on the task as it was)."""
    partnership = task.partnership
    # The task as saved (not as this object holds it: a refused attempt may have changed it in memory).
    old = (
        Task.objects.filter(pk=task.pk)
        .values(
            "planned_start",
            "planned_end",
            "expected_end",
            "revision",
            "title",
            "contingency_weeks",
            *WHO_FIELDS,
        )
        .first()
    )
    if old is None:
        raise ValidationError(TASK_GONE, code="gone")
    if old["revision"] != revision:
        raise ValidationError(CHANGED_MEANWHILE, code="changed_meanwhile")
    for name, value in fields.items():
        setattr(task, name, value)
    if "planned_end" in fields and "expected_end" not in fields:
        _follow_planned_end(task, old)
        fields["expected_end"] = task.expected_end
    needs_list = list(needs) if needs is not None else None
    _check_same_partnership(
        partnership,
        outcome=task.outcome,
        theme=fields.get("theme"),
        needs=needs_list or [],
        decisions=decisions or [],
        meetings=meetings or [],
        groups=[fields.get(name) for name in ("lead_group", "second_lead_group", "owner_group")],
    )
    check_dates(task.planned_start, task.planned_end)
    check_dates(task.planned_start, task.expected_end, fields=("planned_start", "expected_end"))
    edges: dict[int, set[int]] = {}
    titles: dict[int, str] = {}
    if needs_list is not None:
        edges, titles = _edges(partnership)
        check_needs(task.pk, [t.pk for t in needs_list], edges, titles)
    moved = _dates_words(task, old)
    if moved and not (reason or "").strip():
        raise ValidationError({"reason": REASON_NEEDED})
    task.full_clean(exclude=["partnership", "outcome", "created_by", "needs", "decisions", "meetings"])
    # Save only if nobody else has changed the task since the form was made (two saving at the same moment).
    field_names = [name for name in dict.fromkeys([*fields, "expected_end"]) if name not in ("revision",)]
    saved = Task.objects.filter(pk=task.pk, revision=revision).update(
        revision=F("revision") + 1,
        updated_at=timezone.now(),
        **{name: getattr(task, name) for name in field_names if name != "updated_at"},
    )
    if not saved:
        raise ValidationError(CHANGED_MEANWHILE, code="changed_meanwhile")
    task.revision = revision + 1
    if old["title"] != task.title:
        words = f"now called {quoted(task.title)}"
        _log(task, PlanChange.Field.CHANGED, words, "", by, subject=old["title"])
    who = _who_change(task, old)
    if who:
        _log(task, PlanChange.Field.CHANGED, who, reason, by)
    if old["contingency_weeks"] != task.contingency_weeks:
        words = _contingency_change(old["contingency_weeks"], task.contingency_weeks)
        _log(task, PlanChange.Field.CHANGED, words, reason, by)
    if needs_list is not None:
        after = {t.pk for t in needs_list}
        words = _needs_words(edges.get(task.pk, set()), after, titles)
        task.needs.set(needs_list)
        if words:
            _log(task, PlanChange.Field.CHANGED, words, reason, by)
    if decisions is not None:
        task.decisions.set(decisions)
    if meetings is not None:
        task.meetings.set(meetings)
    if moved or needs_list is not None:
        _refresh_own_moves(task)
    if moved:
        _log(task, PlanChange.Field.DATES, moved, reason, by)
        return propose_moves(task)
    return []


def propose_moves(task: Task) -> list[ProposedMove]:
    """For each task that waits for this one and would now start before it ends: new dates to confirm.
    Earlier open proposals made because of this task are replaced (a task that no longer needs to move
    loses its proposal)."""
    waiting = list(task.needed_by.all())
    ProposedMove.objects.filter(because_of=task, status=ProposedMove.Status.OPEN).delete()
    return [
        ProposedMove.objects.create(
            partnership_id=task.partnership_id,
            task=move.task,
            because_of=task,
            new_start=move.new_start,
            new_end=move.new_end,
        )
        for move in moves_for(task, waiting)
    ]


# ---------------------------------------------------------------- proposed moves


def _waits_for(task: Task, because_of: Task) -> bool:
    return Task.needs.through.objects.filter(from_task_id=task.pk, to_task_id=because_of.pk).exists()


def _move_now(task: Task, because_of: Task, *, waits: bool) -> tuple[date, date] | str:
    """The dates a proposal for `task` (because of `because_of`) stands for today, from both tasks' current
    dates: the task keeps its length and starts the day after `because_of` is expected to end. Or, when no
    move is needed any more, why not in words. Never earlier than the task starts now."""
    words = {"task": quoted(task.title), "because": quoted(because_of.title)}
    if not waits:
        return NOT_WAITING.format(**words)
    if task.status == Task.Status.DONE:
        return ALREADY_DONE.format(**words)
    found = moves_for(because_of, [task])
    if not found or found[0].new_start <= task.planned_start:
        return NOT_NEEDED.format(**words)
    return found[0].new_start, found[0].new_end


def _refresh_own_moves(task: Task) -> None:
    """The task's own dates or needs changed: its open proposals are worked out again from the dates as they
    are now. One no longer needed goes (it would move the task for nothing, or back); the others carry the
    dates they now stand for. Two proposals because of two tasks it waits for stay independent: confirming
    one never undoes the other."""
    proposals = list(
        ProposedMove.objects.filter(task=task, status=ProposedMove.Status.OPEN).select_related("because_of")
    )
    if not proposals:
        return
    needed = set(Task.needs.through.objects.filter(from_task_id=task.pk).values_list("to_task_id", flat=True))
    for proposal in proposals:
        now = _move_now(task, proposal.because_of, waits=proposal.because_of_id in needed)
        if isinstance(now, str):
            proposal.delete()
        elif now != (proposal.new_start, proposal.new_end):
            proposal.new_start, proposal.new_end = now
            proposal.save(update_fields=["new_start", "new_end"])


def _open_move(move: ProposedMove) -> ProposedMove:
    """The proposal as saved, locked, and still open (two people pressing at the same moment: one wins)."""
    current = (
        ProposedMove.objects.select_for_update(of=("self",))
        .select_related("task", "because_of")
        .filter(pk=move.pk)
        .first()
    )
    if current is None:
        raise ValidationError(MOVE_GONE, code="gone")
    if current.status != ProposedMove.Status.OPEN:
        raise ValidationError(ALREADY_DECIDED, code="decided")
    return current


def move_confirm(*, move: ProposedMove, by) -> list[ProposedMove]:
    """Take the proposed dates: the task moves, the change is written down with why, and the tasks that wait
    for it may get their own proposals in turn (returned).

    The dates are worked out again from both tasks as they are now, so a proposal made before either
    changed never moves a task for nothing, or back: when no move is needed any more the proposal goes and
    the refusal says why ("These dates are no longer needed: ..."). `move` is given the dates applied."""
    with transaction.atomic():
        problem, made, applied = _confirm(move, by)
    if problem:
        raise ValidationError(problem, code="not_needed")
    move.new_start, move.new_end = applied
    return made


def _confirm(move: ProposedMove, by) -> tuple[str, list[ProposedMove], tuple[date, date] | None]:
    move = _open_move(move)
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("partnership", "outcome", "theme")
        .get(pk=move.task_id)
    )
    because_of = move.because_of
    now = _move_now(task, because_of, waits=_waits_for(task, because_of))
    if isinstance(now, str):
        move.delete()
        return now, [], None
    new_start, new_end = now
    # Decided first: the task's own open proposals are worked out again when it moves, and this one is done.
    move.status = ProposedMove.Status.CONFIRMED
    move.new_start, move.new_end = new_start, new_end
    move.decided_by, move.decided_at = by, timezone.now()
    move.save(update_fields=["status", "new_start", "new_end", "decided_by", "decided_at"])
    reason = (
        f"it waits for {quoted(because_of.title)}, which is now expected to end on "
        f"{day_words(because_of.expected_end)}"
    )
    made = task_save(
        task=task,
        revision=task.revision,
        by=by,
        reason=reason,
        planned_start=new_start,
        planned_end=new_end,
        expected_end=max(task.expected_end + (new_end - task.planned_end), new_end),
    )
    return "", made, (new_start, new_end)


@transaction.atomic
def move_decline(*, move: ProposedMove, by, reason: str = "") -> None:
    """Keep the task's dates. Written down, so the plan shows the clash was seen; as a change to the task,
    not to its dates (it is no reason its dates changed: the printed plan's "why" reads only those)."""
    move = _open_move(move)
    move.status = ProposedMove.Status.DECLINED
    move.decided_by, move.decided_at = by, timezone.now()
    move.save(update_fields=["status", "decided_by", "decided_at"])
    _log(
        move.task,
        PlanChange.Field.CHANGED,
        f"keeps its dates although {quoted(move.because_of.title)} now "
        f"ends on {day_words(move.because_of.expected_end)}",
        reason,
        by,
    )


# ---------------------------------------------------------------- status


def open_actions(task: Task) -> list:
    """The task's action points that are not done or dropped."""
    from meetings.models import ActionPoint

    return [
        link.action_point
        for link in TaskActionPoint.objects.filter(task=task).select_related("action_point")
        if link.action_point.status in (ActionPoint.Status.OPEN, ActionPoint.Status.IN_PROGRESS)
    ]


def _status_problem(
    task: Task, status: str, note: str, still_open: list, open_actions_ok: bool, may_overrule_actions: bool
) -> dict[str, str]:
    """What stops this status being set, by field (empty: nothing)."""
    if status in (Task.Status.CANNOT_START, Task.Status.PROBLEM) and not note:
        what = "why it cannot start yet" if status == Task.Status.CANNOT_START else "what the problem is"
        return {"note": f"Say {what}"}
    if status == Task.Status.DONE and still_open and not (open_actions_ok and may_overrule_actions):
        refs = ", ".join(a.reference for a in still_open)
        n = len(still_open)
        return {
            "status": f"{n} of this task\u2019s action points {'is' if n == 1 else 'are'} still open "
            f"({refs}). Close them first, or, as the task\u2019s owner, say it is done anyway."
        }
    return {}


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
    still_open = open_actions(task) if status == Task.Status.DONE else []
    problem = _status_problem(task, status, note, still_open, open_actions_ok, may_overrule_actions)
    if problem:
        raise ValidationError(problem)
    fields = {
        "status": status,
        "status_note": note if status in (Task.Status.CANNOT_START, Task.Status.PROBLEM) else "",
    }
    if status == Task.Status.DONE:
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
        words = f"now \u201c{Task.Status(status).label}\u201d, was \u201c{old}\u201d"
        if still_open:
            words += f", with {len(still_open)} action point{'s' if len(still_open) != 1 else ''} still open"
        _log(task, PlanChange.Field.STATUS, words, note, by)


@transaction.atomic
def task_update(
    *,
    task: Task,
    revision: int,
    by,
    status: str,
    note: str = "",
    expected_end: date,
    reason: str = "",
    open_actions_ok: bool = False,
    may_overrule_actions: bool = False,
) -> list[ProposedMove]:
    """A lead's update: the status in words and the latest expected end (with why, when it moves), saved
    together or not at all. Every problem is said at once. Returns the new dates proposed for the tasks that
    wait for it, when it now ends later."""
    if task.revision != revision:
        raise ValidationError(CHANGED_MEANWHILE, code="changed_meanwhile")
    note = (note or "").strip()
    dates_change = expected_end != task.expected_end
    status_change = status != task.status or (
        status in (Task.Status.CANNOT_START, Task.Status.PROBLEM) and note != task.status_note
    )
    problems: dict[str, str] = {}
    if dates_change:
        try:
            check_dates(task.planned_start, expected_end, fields=("planned_start", "expected_end"))
        except ValidationError as error:
            problems.update({k: v[0] for k, v in error.message_dict.items()})
        if not (reason or "").strip():
            problems["reason"] = REASON_NEEDED
    if status_change:
        still_open = open_actions(task) if status == Task.Status.DONE else []
        problems.update(
            _status_problem(task, status, note, still_open, open_actions_ok, may_overrule_actions)
        )
    if problems:
        raise ValidationError(problems)
    made: list[ProposedMove] = []
    if dates_change:
        made = task_save(task=task, revision=revision, by=by, reason=reason, expected_end=expected_end)
        revision = task.revision
    if status_change:
        status_set(
            task=task,
            revision=revision,
            by=by,
            status=status,
            note=note,
            open_actions_ok=open_actions_ok,
            may_overrule_actions=may_overrule_actions,
        )
    return made


# ---------------------------------------------------------------- action points, comments, taking out


@transaction.atomic
def task_actions_set(*, task: Task, action_points, by) -> tuple[int, int]:
    """Make these the task's action points: link the new ones, unlink the ones left out. An action point
    belongs to at most one task: one already part of another task is refused by name. Returns (linked,
    unlinked)."""
    wanted = {a.pk: a for a in action_points}
    if any(a.partnership_id != task.partnership_id for a in wanted.values()):
        raise ValidationError({"action_points": "Choose action points of this partnership"})
    elsewhere = list(
        TaskActionPoint.objects.filter(action_point_id__in=wanted)
        .exclude(task=task)
        .select_related("task", "action_point")
    )
    if elsewhere:
        raise ValidationError(
            {
                "action_points": [
                    ACTION_TAKEN.format(reference=link.action_point.reference, title=link.task.title)
                    for link in elsewhere
                ]
            }
        )
    linked = set(TaskActionPoint.objects.filter(task=task).values_list("action_point_id", flat=True))
    gone = linked - set(wanted)
    TaskActionPoint.objects.filter(task=task, action_point_id__in=gone).delete()
    new = [pk for pk in wanted if pk not in linked]
    try:
        with transaction.atomic():
            TaskActionPoint.objects.bulk_create(
                TaskActionPoint(
                    partnership_id=task.partnership_id, task=task, action_point_id=pk, linked_by=by
                )
                for pk in new
            )
    except IntegrityError:
        # Someone linked one of them to another task at the same moment.
        raise ValidationError(
            {
                "action_points": "One of those action points was just made part of another task. Check the "
                "list."
            }
        ) from None
    return len(new), len(gone)


def comment_add(*, task: Task, author, kind: str, text: str) -> Comment:
    """A partner's comment on, or suggestion for, a task."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write your comment or suggestion"})
    if kind not in Comment.Kind.values:
        raise ValidationError({"kind": "Choose a comment or a suggestion"})
    return Comment.objects.create(
        partnership_id=task.partnership_id, outcome_id=task.outcome_id, task=task, kind=kind, text=text,
        author=author,
    )  # fmt: skip


@transaction.atomic
def task_remove(*, task: Task, by, reason: str = "") -> list[Task]:
    """Take a task out of the plan. The tasks that waited for it no longer do (each says so in its history);
    the change is written down with its name, so the list of changes reads the same afterwards. Its outputs,
    comments and proposed dates go with it; its action points stay in the action log. Returns the tasks that
    waited for it."""
    waiting = list(task.needed_by.all())
    _log(task, PlanChange.Field.REMOVED, "taken out of the plan", reason, by)
    for follower in waiting:
        words = f"no longer waits for {quoted(task.title)}, which was taken out of the plan"
        _log(follower, PlanChange.Field.CHANGED, words, reason, by)
    task.delete()
    return waiting
