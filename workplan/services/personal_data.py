"""The work plan's part of a person's data: what their download holds from the plan, and taking their name
out of the plan's words (its agreed versions included) when they delete their account. Found and called by
`partners.personal_data` (which says what each name below means).

The plan is the partnership's: what a person added stays in it when they go, without their name. Their own
words (comments, suggestions, why they changed a date) are in their download; other people's are not.
"""

import re

from django.db.models import Q

from partners.models import User
from partners.personal_data import names_pattern, without_names

from ..models import (
    Activity,
    Comment,
    Outcome,
    Output,
    PlanAgendaItem,
    PlanChange,
    PlanVersion,
    ProposedMove,
    Ranking,
    RankingAnswer,
    Task,
    TaskActionPoint,
    Theme,
)

SECTIONS = {
    "work_plan_added": "Outcomes you proposed, and themes, tasks, outputs and activities you added to the "
    "work plan, with their words.",
    "work_plan_tasks_owned": "Tasks of the work plan given to you, and tasks you said were done while some "
    "of their action points were still open.",
    "work_plan_comments": "Your comments on, and suggestions for, the work plan.",
    "work_plan_rankings": "How you ranked the themes of the work plan (your places, or where you put your "
    "dots).",
    "work_plan_changes": "Changes you made to the work plan, with the reasons you gave, and new dates you "
    "confirmed or declined for tasks that wait for another.",
    "work_plan_kept": "Rankings you opened, versions of the work plan you recorded as agreed, action points "
    "you linked to tasks, and work plan items you put on an agenda.",
}

EXPORTED = {
    "workplan.Outcome.created_by": "work_plan_added",
    "workplan.Theme.created_by": "work_plan_added",
    "workplan.Task.created_by": "work_plan_added",
    "workplan.Output.created_by": "work_plan_added",
    "workplan.Activity.created_by": "work_plan_added",
    "workplan.Task.owner_person": "work_plan_tasks_owned",
    "workplan.Task.done_with_open_actions_by": "work_plan_tasks_owned",
    "workplan.Comment.author": "work_plan_comments",
    "workplan.RankingAnswer.person": "work_plan_rankings",
    "workplan.PlanChange.changed_by": "work_plan_changes",
    "workplan.ProposedMove.decided_by": "work_plan_changes",
    "workplan.Ranking.opened_by": "work_plan_kept",
    "workplan.PlanVersion.created_by": "work_plan_kept",
    "workplan.TaskActionPoint.linked_by": "work_plan_kept",
    "workplan.PlanAgendaItem.added_by": "work_plan_kept",
}

NOT_PERSONAL: dict[str, str] = {}


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _day(day) -> str | None:
    return day.isoformat() if day else None


def _part(kind: str, thing) -> dict:
    return {
        "partnership": thing.partnership.name,
        "kind": kind,
        "title": thing.title,
        "description": getattr(thing, "description", ""),
        "easy_read_words": getattr(thing, "easy_read_text", ""),
        "added_at": _when(thing.created_at),
    }


def export(*, person: User) -> dict:
    p = "partnership"
    tasks = list(
        Task.objects.filter(
            Q(created_by=person) | Q(owner_person=person) | Q(done_with_open_actions_by=person)
        ).select_related(p)
    )
    return {
        "work_plan_added": [
            {**_part("outcome", o), "for_whom": o.for_whom, "status": o.get_status_display()}
            for o in Outcome.objects.filter(created_by=person).select_related(p)
        ]
        + [_part("theme", t) for t in Theme.objects.filter(created_by=person).select_related(p)]
        + [_part("task", t) for t in tasks if t.created_by_id == person.pk]
        + [_part("output", o) for o in Output.objects.filter(created_by=person).select_related(p)]
        + [
            {
                "partnership": a.partnership.name,
                "kind": "activity",
                "title": a.title,
                "description": a.description,
                "starts_on": _day(a.starts_on),
                "ends_on": _day(a.ends_on),
                "added_at": _when(a.created_at),
            }
            for a in Activity.objects.filter(created_by=person).select_related(p)
        ],
        "work_plan_tasks_owned": [
            {
                "partnership": t.partnership.name,
                "task": t.title,
                "yours": t.owner_person_id == person.pk,
                "you_said_done_with_action_points_open": t.done_with_open_actions_by_id == person.pk,
                "planned_start": _day(t.planned_start),
                "planned_end": _day(t.planned_end),
                "status": t.get_status_display(),
            }
            for t in tasks
            if person.pk in (t.owner_person_id, t.done_with_open_actions_by_id)
        ],
        "work_plan_comments": [
            {
                "partnership": c.partnership.name,
                "about": c.task.title if c.task else c.outcome.title,
                "kind": c.get_kind_display(),
                "words": c.text,
                "when": _when(c.created_at),
            }
            for c in Comment.objects.filter(author=person).select_related(p, "outcome", "task")
        ],
        "work_plan_rankings": [
            {
                "partnership": a.partnership.name,
                "outcome": a.ranking.outcome.title,
                "how": a.ranking.get_method_display(),
                "theme": a.theme.title,
                "place_or_dots": a.value,
                "when": _when(a.answered_at),
            }
            for a in RankingAnswer.objects.filter(person=person).select_related(
                p, "ranking__outcome", "theme"
            )
        ],
        "work_plan_changes": [
            {
                "partnership": c.partnership.name,
                "what": f"{c.subject}: {c.words}",
                "why": c.reason,
                "when": _when(c.changed_at),
            }
            for c in PlanChange.objects.filter(changed_by=person).select_related(p)
        ]
        + [
            {
                "partnership": m.partnership.name,
                "what": f"{m.get_status_display()}: new dates for \u2018{m.task.title}\u2019",
                "when": _when(m.decided_at),
            }
            for m in ProposedMove.objects.filter(decided_by=person).select_related(p, "task")
        ],
        "work_plan_kept": [
            {
                "partnership": r.partnership.name,
                "what": f"opened a ranking of the themes of \u2018{r.outcome.title}\u2019",
                "when": _when(r.opened_at),
            }
            for r in Ranking.objects.filter(opened_by=person).select_related(p, "outcome")
        ]
        + [
            {
                "partnership": v.partnership.name,
                "what": f"recorded version {v.number} of the work plan as agreed",
                "when": _when(v.created_at),
            }
            for v in PlanVersion.objects.filter(created_by=person).select_related(p)
        ]
        + [
            {
                "partnership": link.partnership.name,
                "what": f"linked an action point to \u2018{link.task.title}\u2019",
                "when": _when(link.linked_at),
            }
            for link in TaskActionPoint.objects.filter(linked_by=person).select_related(p, "task")
        ]
        + [
            {
                "partnership": item.partnership.name,
                "what": "put \u201cWork plan: what is late, what is next\u201d on a meeting\u2019s agenda",
                "when": _when(item.added_at),
            }
            for item in PlanAgendaItem.objects.filter(added_by=person).select_related(p)
        ],
    }


# ---------------------------------------------------------------- forgetting

_PART = ["title", "description", "easy_read_text"]
# Words people typed that may name someone, per model; fenced by partnership when forgetting.
TEXT_FIELDS = [
    (Outcome, [*_PART, "for_whom"]),
    (Theme, _PART),
    (Task, [*_PART, "status_note"]),
    (Output, _PART),
    (Activity, ["title", "description"]),
    (PlanChange, ["subject", "words", "reason"]),
    (Comment, ["text"]),
]


def _scrub(queryset, fields: list[str], pattern: re.Pattern) -> None:
    """As `partners.personal_data.scrub_rows`, keeping short fields within their length ("a former
    partner" is longer than "Fi")."""
    limits = {name: queryset.model._meta.get_field(name).max_length for name in fields}
    changed = []
    for row in queryset.only("pk", *fields):
        dirty = False
        for name in fields:
            before = getattr(row, name)
            after = without_names(before, pattern)
            if after != before:
                limit = limits[name]
                setattr(row, name, after[:limit] if limit else after)
                dirty = True
        if dirty:
            changed.append(row)
    if changed:
        queryset.model.objects.bulk_update(changed, fields, batch_size=200)


def _snapshot_without(value, pattern: re.Pattern):
    """An agreed version's snapshot with every name taken out of its words (titles, in practice)."""
    if isinstance(value, dict):
        return {key: _snapshot_without(item, pattern) for key, item in value.items()}
    if isinstance(value, list):
        return [_snapshot_without(item, pattern) for item in value]
    if isinstance(value, str):
        return without_names(value, pattern)
    return value


def forget(*, person: User, names: list[str], partnership_ids: list[int]) -> None:
    pattern = names_pattern(names)
    if pattern is None:
        return
    for model, fields in TEXT_FIELDS:
        _scrub(model.objects.filter(partnership_id__in=partnership_ids), fields, pattern)
    changed = []
    for version in PlanVersion.objects.filter(partnership_id__in=partnership_ids).only("pk", "snapshot"):
        snapshot = _snapshot_without(version.snapshot or {}, pattern)
        if snapshot != version.snapshot:
            version.snapshot = snapshot
            changed.append(version)
    PlanVersion.objects.bulk_update(changed, ["snapshot"], batch_size=200)
