"""Saving the plan's outcomes, themes and outputs, and the partners' comments and suggestions.

Every change is written down in words (`PlanChange`), so "What has changed" reads plainly: "More disabled
people in employment: ‘Interview skills training’ moved up to 2nd, above ‘What employers need to know’".
The one gentle check on an outcome's words is here too: `sounds_like_activity` ("run training" is something
we will do, not the change we want to see).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Prefetch, RestrictedError
from django.utils import timezone

from ..models import REASON_MAX_LENGTH, TITLE_MAX_LENGTH, Comment, Outcome, Output, PlanChange, Task, Theme
from .schedule import day_words, progress_words, quoted, settings_for, task_state

# ---------------------------------------------------------------- the gentle prompt

ACTIVITY_PROMPT = "This sounds like something we will do. What will be different for disabled people?"

# Verbs of doing that start a task rather than an outcome ("Run training", "Holding events"), each with its
# -ing form. Two-word verbs are matched on their first two words.
_DOING = {
    "run": "running",
    "hold": "holding",
    "deliver": "delivering",
    "organise": "organising",
    "organize": "organizing",
    "design": "designing",
    "make": "making",
    "write": "writing",
    "create": "creating",
    "produce": "producing",
    "set up": "setting up",
    "train": "training",
    "provide": "providing",
    "host": "hosting",
    "arrange": "arranging",
    "develop": "developing",
    "build": "building",
    "launch": "launching",
    "publish": "publishing",
    "plan": "planning",
    "prepare": "preparing",
    "carry out": "carrying out",
    "put on": "putting on",
    "offer": "offering",
    "give": "giving",
    "facilitate": "facilitating",
    "conduct": "conducting",
    "recruit": "recruiting",
    "do": "doing",
}
DOING_WORDS = frozenset(_DOING) | frozenset(_DOING.values())
# What people put before the verb of doing: "We will run training", "To hold events".
_LEAD_IN = re.compile(
    r"^(?:(?:we|i)\s+(?:will|shall|would\s+like\s+to|want\s+to|are\s+going\s+to|plan\s+to|need\s+to)|"
    r"we[’']ll|let[’']?s|to)\s+"
)
_WORD = re.compile(r"[a-z]+(?:[’'][a-z]+)?")


def sounds_like_activity(text: str) -> bool:
    """Whether an outcome's words read like something we will do ("Run training", "We will hold events",
    "Delivering workshops") rather than the change we want to see ("More disabled people in employment")."""
    words = " ".join(_WORD.findall((text or "").lower()))
    words = _LEAD_IN.sub("", words, count=1)
    first = words.split(" ", 2)
    return bool(first[0]) and (first[0] in DOING_WORDS or " ".join(first[:2]) in DOING_WORDS)


# ---------------------------------------------------------------- words


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 22nd."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def leads_words(part) -> str:
    """ "Led by Access Forum and Riverside Council", "Led by Access Forum", or "No lead group yet"."""
    names = [group.name for group in part.leads]
    if not names:
        return "No lead group yet"
    return "Led by " + " and ".join(names)


def _log(*, partnership_id: int, subject: str, field: str, words: str, by, reason: str = "", task=None):
    return PlanChange.objects.create(
        partnership_id=partnership_id,
        task=task,
        subject=subject[:TITLE_MAX_LENGTH],
        field=field,
        words=words[:REASON_MAX_LENGTH],
        reason=(reason or "").strip()[:REASON_MAX_LENGTH],
        changed_by=by,
    )


# ---------------------------------------------------------------- checks shared by outcomes and outputs

SAME_GROUP_TWICE = (
    "Choose a different group for the second lead, or leave it empty: the same group cannot lead twice"
)
TITLE_REQUIRED = {
    Outcome: "Enter the change we want to see, for example \u201cMore disabled people in employment\u201d",
    Theme: "Enter the theme, for example \u201cInterview skills training\u201d",
    Output: "Enter what the task will produce, for example \u201cA guide for employers\u201d",
}


def _check_part(partnership, model, fields: dict, *, decisions=None, meetings=None) -> None:
    """Refuse what no form should let through: no title, the same lead group twice, or anything from
    another partnership."""
    errors = {}
    if "title" in fields and not (fields["title"] or "").strip():
        errors["title"] = TITLE_REQUIRED[model]
    lead, second = fields.get("lead_group"), fields.get("second_lead_group")
    for name, group in (("lead_group", lead), ("second_lead_group", second)):
        if group is not None and group.partnership_id != partnership.pk:
            errors[name] = "Choose one of this partnership\u2019s groups"
    if lead is not None and second is not None and lead.pk == second.pk and "second_lead_group" not in errors:
        errors["second_lead_group"] = SAME_GROUP_TWICE
    for name, chosen in (("decisions", decisions), ("meetings", meetings)):
        if chosen is not None and any(each.partnership_id != partnership.pk for each in chosen):
            errors[name] = f"Choose {name} of this partnership"
    if errors:
        raise ValidationError(errors)


def _next_position(queryset) -> int:
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


def _clean(fields: dict) -> dict:
    return {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}


# ---------------------------------------------------------------- outcomes


@transaction.atomic
def outcome_add(
    *,
    partnership,
    by,
    agreed: bool = False,
    decisions: Iterable = (),
    meetings: Iterable = (),
    **fields,
) -> Outcome:
    """A new outcome: proposed, or agreed straight away when a coordinator or chair adds it as agreed (the
    view decides who may)."""
    fields = _clean(fields)
    decisions, meetings = list(decisions), list(meetings)
    _check_part(partnership, Outcome, fields, decisions=decisions, meetings=meetings)
    outcome = Outcome(
        partnership=partnership,
        created_by=by,
        position=_next_position(Outcome.objects.filter(partnership=partnership)),
        status=Outcome.Status.AGREED if agreed else Outcome.Status.PROPOSED,
        agreed_on=timezone.localdate() if agreed else None,
        **fields,
    )
    outcome.full_clean(exclude=["partnership", "created_by", "decisions", "meetings"])
    outcome.save()
    outcome.decisions.set(decisions)
    outcome.meetings.set(meetings)
    words = "added to the plan as an agreed outcome" if agreed else "proposed as an outcome"
    _log(
        partnership_id=partnership.pk, subject=outcome.title, field=PlanChange.Field.ADDED, words=words, by=by
    )
    return outcome


def _part_changes(part, old: dict, *, decisions_changed: bool, meetings_changed: bool) -> list[str]:
    bits = []
    if old["title"] != part.title:
        bits.append(f"now called {quoted(part.title)}, was {quoted(old['title'])}")
    if "for_whom" in old and old["for_whom"] != part.for_whom:
        bits.append(f"now for {part.for_whom}" if part.for_whom else "no longer says for whom")
    if (old["lead_group_id"], old["second_lead_group_id"]) != (part.lead_group_id, part.second_lead_group_id):
        words = leads_words(part)
        bits.append(f"now {words[0].lower()}{words[1:]}")
    if old["description"] != part.description:
        bits.append("more about it changed")
    if (old["easy_read_text"], old["easy_read_picture"]) != (part.easy_read_text, part.easy_read_picture):
        bits.append("easy read words or picture changed")
    if decisions_changed:
        bits.append("linked decisions changed")
    if meetings_changed:
        bits.append("linked meetings changed")
    return bits


_PART_FIELDS = (
    "title",
    "description",
    "lead_group_id",
    "second_lead_group_id",
    "easy_read_text",
    "easy_read_picture",
)


def _changed_set(manager, chosen) -> bool:
    if chosen is None:
        return False
    before = set(manager.values_list("pk", flat=True))
    if before == {each.pk for each in chosen}:
        return False
    manager.set(chosen)
    return True


@transaction.atomic
def outcome_save(*, outcome: Outcome, by, decisions=None, meetings=None, **fields) -> bool:
    """Change an outcome's words, leads and links. Written down when anything changed (returns whether)."""
    fields = _clean(fields)
    decisions = list(decisions) if decisions is not None else None
    meetings = list(meetings) if meetings is not None else None
    _check_part(outcome.partnership, Outcome, fields, decisions=decisions, meetings=meetings)
    old = {name: getattr(outcome, name) for name in (*_PART_FIELDS, "for_whom")}
    for name, value in fields.items():
        setattr(outcome, name, value)
    outcome.full_clean(exclude=["partnership", "created_by", "decisions", "meetings"])
    outcome.save()
    decisions_changed = _changed_set(outcome.decisions, decisions)
    meetings_changed = _changed_set(outcome.meetings, meetings)
    bits = _part_changes(outcome, old, decisions_changed=decisions_changed, meetings_changed=meetings_changed)
    if bits:
        _log(
            partnership_id=outcome.partnership_id,
            subject=outcome.title,
            field=PlanChange.Field.CHANGED,
            words="; ".join(bits),
            by=by,
        )
    return bool(bits)


def has_tasks_words(count: int) -> str:
    return f"{count} task{'s' if count != 1 else ''}"


@transaction.atomic
def outcome_remove(*, outcome: Outcome, by) -> None:
    """Take an outcome out of the plan. Refused while it has tasks: they are the plan's work, and are never
    removed along with it by accident. The outcome's row is locked first, as `tasks.task_add` locks it, so a
    task added at the same moment is either counted here or refused there."""
    Outcome.objects.select_for_update().filter(pk=outcome.pk).first()
    count = Task.objects.filter(outcome=outcome).count()
    if count:
        raise ValidationError(
            f"{quoted(outcome.title)} still has {has_tasks_words(count)}. Remove "
            f"{'them' if count != 1 else 'it'} first, from each task\u2019s page, or keep the outcome on "
            "record by changing its status to \u201cNo longer in the plan\u201d."
        )
    _log(
        partnership_id=outcome.partnership_id,
        subject=outcome.title,
        field=PlanChange.Field.REMOVED,
        words="outcome taken out of the plan",
        by=by,
    )
    outcome.delete()


STATUS_WORDS = {
    Outcome.Status.AGREED: "agreed",
    Outcome.Status.PROPOSED: "back to proposed, not agreed yet",
    Outcome.Status.DROPPED: "no longer in the plan",
}
DROP_REASON_NEEDED = "Say why the outcome is no longer in the plan"


@transaction.atomic
def outcome_status(*, outcome: Outcome, by, status: str, reason: str = "", decision=None) -> bool:
    """Agree an outcome (optionally at a decision, which is then linked to it), take it out of the plan
    (saying why), or put it back to proposed. False when it already had that status and nothing changed."""
    reason = (reason or "").strip()
    if status not in Outcome.Status.values:
        raise ValidationError({"status": "Choose what is happening to the outcome"})
    if decision is not None and decision.partnership_id != outcome.partnership_id:
        raise ValidationError({"decision": "Choose one of this partnership\u2019s decisions"})
    if status == Outcome.Status.DROPPED and not reason:
        raise ValidationError({"reason": DROP_REASON_NEEDED})
    if status == outcome.status and not (status == Outcome.Status.AGREED and decision is not None):
        return False
    outcome.status = status
    if status == Outcome.Status.AGREED:
        if decision is not None:
            outcome.agreed_on = timezone.localdate(decision.meeting.starts_at)
            outcome.decisions.add(decision)
        else:
            outcome.agreed_on = outcome.agreed_on or timezone.localdate()
    else:
        outcome.agreed_on = None
    outcome.save(update_fields=["status", "agreed_on"])
    words = "now " + STATUS_WORDS[status]
    if status == Outcome.Status.AGREED and decision is not None:
        words += f", at {decision.reference} ({day_words(outcome.agreed_on)})"
    _log(
        partnership_id=outcome.partnership_id,
        subject=outcome.title,
        field=PlanChange.Field.STATUS,
        words=words,
        reason=reason,
        by=by,
    )
    return True


# ---------------------------------------------------------------- themes


def _themes(outcome: Outcome) -> list[Theme]:
    return list(
        Theme.objects.filter(outcome=outcome).select_related("order_decision").order_by("position", "pk")
    )


@transaction.atomic
def theme_add(*, outcome: Outcome, by, **fields) -> Theme:
    """A new theme, last in the outcome's order (its place is not agreed until the partners agree it)."""
    fields = _clean(fields)
    _check_part(outcome.partnership, Theme, fields)
    Outcome.objects.select_for_update().filter(pk=outcome.pk).first()
    position = _next_position(Theme.objects.filter(outcome=outcome))
    theme = Theme(
        partnership_id=outcome.partnership_id, outcome=outcome, created_by=by, position=position, **fields
    )
    theme.full_clean(exclude=["partnership", "outcome", "created_by", "order_decision"])
    theme.save()
    place = Theme.objects.filter(outcome=outcome).count()
    _log(
        partnership_id=outcome.partnership_id,
        subject=outcome.title,
        field=PlanChange.Field.ADDED,
        words=f"theme {quoted(theme.title)} added, {ordinal(place)} in the order",
        by=by,
    )
    return theme


@transaction.atomic
def theme_save(*, theme: Theme, by, **fields) -> bool:
    fields = _clean(fields)
    _check_part(theme.partnership, Theme, fields)
    old = {
        name: getattr(theme, name) for name in ("title", "description", "easy_read_text", "easy_read_picture")
    }
    for name, value in fields.items():
        setattr(theme, name, value)
    theme.full_clean(exclude=["partnership", "outcome", "created_by", "order_decision"])
    theme.save()
    bits = []
    if old["title"] != theme.title:
        bits.append(f"theme now called {quoted(theme.title)}, was {quoted(old['title'])}")
    else:
        name = quoted(theme.title)
        if old["description"] != theme.description:
            bits.append(f"theme {name}: more about it changed")
        if (old["easy_read_text"], old["easy_read_picture"]) != (
            theme.easy_read_text,
            theme.easy_read_picture,
        ):
            bits.append(f"theme {name}: easy read words or picture changed")
    if bits:
        _log(
            partnership_id=theme.partnership_id,
            subject=theme.outcome.title,
            field=PlanChange.Field.CHANGED,
            words="; ".join(bits),
            by=by,
        )
    return bool(bits)


THEME_NOT_HERE = "Choose another theme of the same outcome, or \u201cNo theme\u201d"
TASKS_CAME_IN = (
    "Tasks were added to this theme while you were deciding. Nothing was removed: choose again where its "
    "tasks should go."
)


@transaction.atomic
def theme_remove(*, theme: Theme, by, move_to: Theme | None = None) -> int:
    """Take a theme out. Its tasks are never deleted: they move to `move_to` (another theme of the same
    outcome) or to no theme, each change written down. Returns how many tasks moved."""
    if move_to is not None and (move_to.pk == theme.pk or move_to.outcome_id != theme.outcome_id):
        raise ValidationError({"move_to": THEME_NOT_HERE})
    Outcome.objects.select_for_update().filter(pk=theme.outcome_id).first()
    tasks = list(Task.objects.select_for_update().filter(theme=theme).order_by("pk"))
    where = f"moved to {quoted(move_to.title)}" if move_to else "now in no theme"
    if tasks:
        Task.objects.filter(pk__in=[t.pk for t in tasks]).update(
            theme=move_to, revision=F("revision") + 1, updated_at=timezone.now()
        )
        PlanChange.objects.bulk_create(
            PlanChange(
                partnership_id=theme.partnership_id,
                task=task,
                subject=task.title,
                field=PlanChange.Field.CHANGED,
                words=f"{where}, because the theme {quoted(theme.title)} was taken out"[:REASON_MAX_LENGTH],
                changed_by=by,
            )
            for task in tasks
        )
    outcome_title = theme.outcome.title
    title = theme.title
    try:
        with transaction.atomic():
            theme.delete()
    except RestrictedError:
        raise ValidationError(TASKS_CAME_IN) from None
    words = f"theme {quoted(title)} taken out"
    if tasks:
        words += f"; its {has_tasks_words(len(tasks))} {'were' if len(tasks) != 1 else 'was'} {where}"
    _log(
        partnership_id=theme.partnership_id,
        subject=outcome_title,
        field=PlanChange.Field.REMOVED,
        words=words,
        by=by,
    )
    _renumber(Theme.objects.filter(outcome_id=theme.outcome_id).order_by("position", "pk"))
    return len(tasks)


def _renumber(queryset) -> None:
    rows = list(queryset)
    for position, row in enumerate(rows, start=1):
        row.position = position
    queryset.model.objects.bulk_update(rows, ["position"])


class MoveRefused(Exception):
    """A move that cannot happen as asked (already first or last, or the order changed meanwhile), in words
    for the page; nothing moved."""


def agreed_decision(themes: list[Theme]):
    """The decision that agreed the order of these themes, when every one of them was in it; else None."""
    decisions = {t.order_decision_id for t in themes}
    if len(decisions) == 1 and None not in decisions:
        return themes[0].order_decision
    return None


@transaction.atomic
def theme_move(*, theme: Theme, up: bool, by, reason: str = "", expected_place: int | None = None) -> str:
    """Move a theme one place up or down in its outcome's order, and write it down: "‘X’ moved up to 2nd,
    above ‘Y’". When the order had been agreed by a decision, the words say this changes it, and the outcome
    keeps the day it changed (`order_changed_on`): "Order agreed at D-2027-004, then changed on …".
    `expected_place` is the place (1 is first) the person saw: when the order has changed since (a second
    click, or someone else moving themes), nothing moves. Returns the words."""
    Outcome.objects.select_for_update().filter(pk=theme.outcome_id).first()
    themes = _themes(theme.outcome)
    index = next((n for n, t in enumerate(themes) if t.pk == theme.pk), None)
    if index is None:
        raise MoveRefused("That theme is no longer in the plan.")
    title = quoted(themes[index].title)
    if expected_place is not None and expected_place != index + 1:
        raise MoveRefused(
            f"The order changed since the page was shown: {title} is now {ordinal(index + 1)}. Nothing was "
            "moved. Check the order, then move it again if you still want to."
        )
    other = index - 1 if up else index + 1
    if not 0 <= other < len(themes):
        raise MoveRefused(f"{title} is already {'first' if up else 'last'}, so nothing moved.")
    agreed = agreed_decision(themes)
    passed = themes[other]
    themes[index], themes[other] = themes[other], themes[index]
    for position, each in enumerate(themes, start=1):
        each.position = position
        if agreed is None:
            each.order_decision = None
    Theme.objects.bulk_update(themes, ["position", "order_decision"])
    if agreed is not None:
        # The order stays the one agreed at the decision, changed since: the pages say both.
        Outcome.objects.filter(pk=theme.outcome_id).update(order_changed_on=timezone.localdate())
    words = (
        f"{title} moved {'up' if up else 'down'} to {ordinal(other + 1)}, "
        f"{'above' if up else 'below'} {quoted(passed.title)}"
    )
    if agreed is not None:
        words += f". This changes the order agreed at {agreed.reference}"
    _log(
        partnership_id=theme.partnership_id,
        subject=theme.outcome.title,
        field=PlanChange.Field.ORDER,
        words=words,
        reason=reason,
        by=by,
    )
    return words


# ---------------------------------------------------------------- outputs


@transaction.atomic
def output_add(*, task: Task, by, **fields) -> Output:
    fields = _clean(fields)
    _check_part(task.partnership, Output, fields)
    output = Output(
        partnership_id=task.partnership_id,
        task=task,
        created_by=by,
        position=_next_position(Output.objects.filter(task=task)),
        **fields,
    )
    output.full_clean(exclude=["partnership", "task", "created_by", "decisions", "meetings"])
    output.save()
    _log(
        partnership_id=task.partnership_id,
        subject=task.title,
        field=PlanChange.Field.ADDED,
        words=f"will produce {quoted(output.title)}",
        task=task,
        by=by,
    )
    return output


@transaction.atomic
def output_save(*, output: Output, by, **fields) -> bool:
    fields = _clean(fields)
    _check_part(output.partnership, Output, fields)
    old = {name: getattr(output, name) for name in _PART_FIELDS}
    for name, value in fields.items():
        setattr(output, name, value)
    output.full_clean(exclude=["partnership", "task", "created_by", "decisions", "meetings"])
    output.save()
    bits = _part_changes(output, old, decisions_changed=False, meetings_changed=False)
    if bits:
        _log(
            partnership_id=output.partnership_id,
            subject=output.task.title,
            field=PlanChange.Field.CHANGED,
            words=f"what it produces, {quoted(old['title'])}: " + "; ".join(bits),
            task=output.task,
            by=by,
        )
    return bool(bits)


@transaction.atomic
def output_remove(*, output: Output, by) -> None:
    _log(
        partnership_id=output.partnership_id,
        subject=output.task.title,
        field=PlanChange.Field.REMOVED,
        words=f"will no longer produce {quoted(output.title)}",
        task=output.task,
        by=by,
    )
    output.delete()


# ---------------------------------------------------------------- comments and suggestions

COMMENT_REQUIRED = "Write your comment or suggestion"


def comment_add(*, outcome: Outcome, by, kind: str, text: str, task: Task | None = None) -> Comment:
    """A partner's comment on, or suggestion for, an outcome (or one of its tasks). A comment changes
    nothing in the plan, so it is not written down as a change."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": COMMENT_REQUIRED})
    if kind not in Comment.Kind.values:
        raise ValidationError({"kind": "Choose a comment or a suggestion"})
    if task is not None and task.outcome_id != outcome.pk:
        raise ValidationError("Choose a task of this outcome")
    comment = Comment(
        partnership_id=outcome.partnership_id, outcome=outcome, task=task, kind=kind, text=text, author=by
    )
    comment.full_clean(exclude=["partnership", "outcome", "task", "author"])
    comment.save()
    return comment


# ---------------------------------------------------------------- reading one outcome for its page


def outcome_plan(partnership, pk: int, *, today=None) -> Outcome | None:
    """One outcome as `plan_for` reads each (its `themes_list` in order, each with `theme_tasks`; `unthemed`
    and `tasks_list`, each task with its `state` and outputs; `progress_words`, `done_count`), plus who added
    it, each theme's order decision and each output's leads. Five queries, whatever the plan's size; None
    when the partnership has no such outcome."""
    today = today or timezone.localdate()
    share = settings_for(partnership).contingency_percent
    outcome = (
        Outcome.objects.select_related("lead_group", "second_lead_group", "created_by")
        .filter(partnership=partnership, pk=pk)
        .first()
    )
    if outcome is None:
        return None
    themes = _themes(outcome)
    tasks = list(
        Task.objects.filter(outcome=outcome)
        .select_related("lead_group", "second_lead_group", "owner_person", "owner_group")
        .prefetch_related(
            Prefetch(
                "outputs",
                queryset=Output.objects.select_related("lead_group", "second_lead_group").order_by(
                    "position", "pk"
                ),
            )
        )
        .order_by("planned_start", "planned_end", "pk")
    )
    by_theme = {theme.pk: theme for theme in themes}
    for theme in themes:
        theme.theme_tasks = []
    outcome.themes_list, outcome.tasks_list, outcome.unthemed = themes, tasks, []
    for task in tasks:
        task.state = task_state(task, today, share)
        theme = by_theme.get(task.theme_id)
        (theme.theme_tasks if theme else outcome.unthemed).append(task)
    outcome.done_count = sum(t.status == Task.Status.DONE for t in tasks)
    outcome.progress_words = progress_words(outcome.done_count, len(tasks))
    return outcome
