"""The work plan as a document (standard, large print, easy read) and as the paper of the agenda item
"Work plan: what is late, what is next".

The printed plan (`plan_context`, `plan_files`, `plan_html`) goes through the print pipeline
(`coproduction.printing`), as the ground rules do: the same template makes the PDF and the accessible web
page. Standard and large print: the plan's answer to "Are we following the work plan?", then each agreed
outcome with its themes in their agreed order and each task (dates in words, who, status in words, what it
needs first, what it makes); proposed outcomes last, briefly. Easy read: one outcome at a time, each point
with its picture on the left. Nothing here writes easy read words: an outcome, task or output without them
is named, and the document says it is not ready yet (`EasyRead`, as the meeting pack and the ground rules).

The agenda item (`agenda_add`) is made once per meeting. Its paper is added to the meeting's documents
through the hooks the meetings app offers (`pack_item_queryset`, `pack_content`, registered by
`workplan.signals`): the agenda items are read with what the paper needs, as JSON, so a meeting pack with
the item asks the database no more than one without it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, Exists, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, JSONObject
from django.utils import timezone

from coproduction.printing import VARIANT_LABELS, VARIANTS, Printed, render_html, render_pdf, render_pdf_parts
from meetings.models import AgendaItem, Meeting
from meetings.services import agenda as agenda_services
from meetings.services.documents import EasyRead, FramePoint, Point, _hard_words
from partners.models import Partnership

from ..models import Outcome, PlanAgendaItem, PlanChange, PlanSettings, ProposedMove, Task
from .plan import IN_PLAN, Plan, plan_for
from .schedule import DEFAULTS, day_words, meeting_day, month_words, task_state
from .tasks import owner_words

TEMPLATE = "print/work_plan.html"
DOCUMENT = "work_plan"
DOCUMENT_LABEL = "Work plan"

# Pictures (the bundled OpenMoji set) for the points of the easy read plan and the agenda item's paper.
PLAN_PICTURE = "openmoji:1F4C5"  # a calendar: the work plan
CHANGE_PICTURE = "openmoji:1F4A1"  # a light bulb: what we want to change
TASK_PICTURE = "openmoji:1F9D1-200D-1F91D-200D-1F9D1"  # two people holding hands: what we will do
OUTPUT_PICTURE = "openmoji:1F4C4"  # a sheet of paper: what it makes
WHO_PICTURE = "openmoji:1F465"  # two people
WHEN_PICTURE = "openmoji:1F4C6"  # a calendar page
YES_PICTURE = "openmoji:2705"  # a tick
LATE_PICTURE = "openmoji:23F3"  # an hourglass
NEXT_PICTURE = "openmoji:27A1"  # an arrow pointing right
MOVE_PICTURE = "openmoji:1F4C6"  # a calendar page: new dates
IDEA_PICTURE = "openmoji:1F914"  # a face thinking: proposed, not agreed yet

FOLLOWING_QUESTION = "Are we following the work plan?"
NOT_AGREED = "Proposed, not agreed yet"


def _first_words(text: str, count: int = 8) -> str:
    words = (text or "").split()
    return " ".join(words[:count]) + ("\u2026" if len(words) > count else "")


def _names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = [n for n in names if n]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _sentence(text: str) -> str:
    """ "the venue was not ready" as a sentence: "The venue was not ready." """
    text = (text or "").strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?\u2019\u201d)" else text + "."


def _today(partnership: Partnership) -> date:
    return timezone.localdate(timezone=ZoneInfo(partnership.time_zone))


# ---------------------------------------------------------------- the printed plan: rows


@dataclass
class OutputRow(Point):
    title: str = ""
    description: str = ""

    default_picture = OUTPUT_PICTURE


@dataclass
class TaskRow(Point):
    """A task as the printed plan shows it."""

    title: str = ""
    description: str = ""
    dates: str = ""  # "1 March 2027 to 31 May 2027"
    expected: str = ""  # "Now expected to end on 14 June 2027." when it moved
    who: str = ""  # "Bob Member; led by Disability Forum"
    status: str = ""  # task_state words
    why: str = ""  # why its dates last changed
    needs: list[str] = field(default_factory=list)  # "‘Survey’ (done)"
    outputs: list[OutputRow] = field(default_factory=list)
    easy_who: str = ""
    easy_when: str = ""

    default_picture = TASK_PICTURE


@dataclass
class ThemeRow:
    number: int
    title: str
    description: str
    tasks: list[TaskRow]


@dataclass
class OutcomeRow(Point):
    """An outcome with its themes (in their agreed order) and tasks."""

    title: str = ""
    description: str = ""
    for_whom: str = ""
    leads: str = ""
    agreed_on: str = ""
    progress: str = ""
    agreed: bool = True
    themes: list[ThemeRow] = field(default_factory=list)
    unthemed: list[TaskRow] = field(default_factory=list)
    order_agreed: bool = False
    easy_who: str = ""

    default_picture = CHANGE_PICTURE

    @property
    def tasks(self) -> list[TaskRow]:
        """Every task, theme by theme in the agreed order, then those in no theme."""
        return [task for theme in self.themes for task in theme.tasks] + self.unthemed

    @property
    def easy_words(self) -> str:
        words = self.easy_text
        if not self.agreed:
            words += "\n\nWe have not agreed this yet."
        return words


def _who(task: Task, *, easy: bool = False) -> str:
    """ "Bob Member does it. Led by Disability Forum and the Council."; in easy read, a line each: "Bob
    Member does this." and "Disability Forum and the Council lead this." """
    owner = owner_words(task, nobody="")
    leads = _names([g.name for g in task.leads])
    if easy:
        lines = [f"{owner} does this." if owner else "", f"{leads} lead this." if leads else ""]
        return "\n".join(filter(None, lines)) or "We have not said who does this yet."
    bits = [f"{owner} does it." if owner else "", f"Led by {leads}." if leads else ""]
    return " ".join(filter(None, bits)) or "Nobody is named for it yet."


def _easy_late(task: Task) -> list[str]:
    """The one rule (`task_state`) in easy read: short sentences."""
    state = task.state
    if state.late:
        return ["This is late."]
    if state.expected_late:
        return ["This will be late."]
    if state.running_over:
        return ["This is taking longer than we thought."]
    if state.should_have_started:
        return ["We have not started this yet."]
    return []


def _easy_when(task: Task) -> str:
    """Months, in short sentences: "We start in March 2027. We plan to finish in May 2027." """
    lines = [
        f"We start in {month_words(task.planned_start)}.",
        f"We plan to finish in {month_words(task.planned_end)}.",
    ]
    if task.status == Task.Status.DONE:
        lines.append("This is done.")
        return "\n".join(lines)
    if (task.expected_end.year, task.expected_end.month) != (task.planned_end.year, task.planned_end.month):
        lines.append(f"It will now finish in {month_words(task.expected_end)}.")
    lines += _easy_late(task)
    if task.status == Task.Status.CANNOT_START:
        lines.append("We cannot start it yet.")
    elif task.status == Task.Status.PROBLEM:
        lines.append("There is a problem with it.")
    return "\n".join(lines)


def _task_row(task: Task, reasons: dict[int, str]) -> TaskRow:
    expected = ""
    if task.status != Task.Status.DONE and task.expected_end != task.planned_end:
        expected = f"Now expected to end on {day_words(task.expected_end)}."
    return TaskRow(
        easy_read=(task.easy_read_text or "").strip(),
        picture=task.easy_read_picture,
        title=task.title,
        description=task.description.strip(),
        dates=f"{day_words(task.planned_start)} to {day_words(task.planned_end)}",
        expected=expected,
        who=_who(task),
        status=task.state.words,
        why=_sentence(reasons.get(task.pk, "")) if task.state.slipped else "",
        needs=[
            f"\u2018{need.title}\u2019 ({'done' if need.status == Task.Status.DONE else 'not done yet'})"
            for need in task.needs_list
        ],
        outputs=[
            OutputRow(
                easy_read=(output.easy_read_text or "").strip(),
                picture=output.easy_read_picture,
                title=output.title,
                description=output.description.strip(),
            )
            for output in task.outputs.all()
        ],
        easy_who=_who(task, easy=True),
        easy_when=_easy_when(task),
    )


def _outcome_row(outcome: Outcome, reasons: dict[int, str]) -> OutcomeRow:
    themes = [
        ThemeRow(
            number=number,
            title=theme.title,
            description=theme.description.strip(),
            tasks=[_task_row(t, reasons) for t in theme.theme_tasks],
        )
        for number, theme in enumerate(outcome.themes_list, start=1)
    ]
    leads = _names([g.name for g in outcome.leads])
    return OutcomeRow(
        easy_read=(outcome.easy_read_text or "").strip(),
        picture=outcome.easy_read_picture,
        title=outcome.title,
        description=outcome.description.strip(),
        for_whom=outcome.for_whom.strip(),
        leads=leads,
        agreed_on=day_words(outcome.agreed_on) if outcome.agreed_on else "",
        progress=outcome.progress_words,
        agreed=outcome.status == Outcome.Status.AGREED,
        themes=themes,
        unthemed=[_task_row(t, reasons) for t in outcome.unthemed],
        order_agreed=bool(outcome.themes_list) and all(t.order_decision_id for t in outcome.themes_list),
        easy_who=f"{leads} lead this." if leads else "",
    )


def date_reasons(task_ids: list[int]) -> dict[int, str]:
    """Why each task's dates last changed (the newest change to its dates that says why). One query, none
    when no task has moved."""
    if not task_ids:
        return {}
    reasons: dict[int, str] = {}
    rows = (
        PlanChange.objects.filter(task_id__in=task_ids, field=PlanChange.Field.DATES)
        .exclude(reason="")
        .order_by("task_id", "-changed_at", "-pk")
        .values_list("task_id", "reason")
    )
    for task_id, reason in rows:
        reasons.setdefault(task_id, reason)
    return reasons


# ---------------------------------------------------------------- the printed plan: the document


def easy_following(plan: Plan) -> str:
    """The answer to "Are we following the work plan?" in easy read: short sentences, digits."""
    if not plan.tasks:
        return "We have not planned any tasks yet."
    late, risk = plan.late_counts
    if not (late or risk):
        return "Yes.\nEverything in the plan is on time."
    lines = ["Not quite."]
    if late:
        lines.append(f"{late} {'thing is' if late == 1 else 'things are'} late.")
    if risk:
        lines.append(f"{risk} {'thing' if risk == 1 else 'things'} will be late.")
    return "\n".join(lines)


def missing_easy_read(outcomes: list[OutcomeRow]) -> list[str]:
    """The outcomes, tasks and outputs the easy read plan shows that have no easy read words yet, by name."""
    missing = []
    for outcome in outcomes:
        if not outcome.easy_read:
            missing.append(f"The outcome \u201c{_first_words(outcome.title)}\u201d")
        for task in outcome.tasks:
            if not task.easy_read:
                missing.append(f"The task \u201c{_first_words(task.title)}\u201d")
            missing += [
                f"What \u201c{_first_words(task.title)}\u201d makes: \u201c{_first_words(o.title)}\u201d"
                for o in task.outputs
                if not o.easy_read
            ]
    return missing


def document_title(partnership: Partnership) -> str:
    return f"{partnership.name} work plan"


def document_filename(variant: str) -> str:
    """ "work-plan-large-print.pdf"."""
    return f"work-plan-{variant.replace('_', '-')}.pdf"


def plan_context(partnership: Partnership, variant: str, *, today: date | None = None) -> dict:
    """Everything the printed plan shows in `variant`, in a fixed number of queries however big the plan
    (`plan_for`, why dates changed, and for easy read the glossary). Raises ValueError for an unknown
    variant."""
    if variant not in VARIANTS:
        raise ValueError(f"Unknown variant {variant!r}: choose one of {', '.join(VARIANTS)}")
    today = today or _today(partnership)
    plan = plan_for(partnership, today=today)
    reasons = date_reasons([t.pk for t in plan.tasks if t.state.slipped])
    rows = [_outcome_row(o, reasons) for o in plan.outcomes]
    agreed = [row for row in rows if row.agreed]
    proposed = [row for row in rows if not row.agreed]
    context = {
        "document": DOCUMENT,
        "document_label": DOCUMENT_LABEL,
        "variant": variant,
        "variant_label": VARIANT_LABELS[variant],
        "easy_read": variant == "easy_read",
        "partnership_id": partnership.pk,
        "partnership_name": partnership.name,
        "time_zone": partnership.time_zone,
        "link_base": getattr(settings, "SITE_URL", "").rstrip("/"),
        "title": document_title(partnership),
        "printed_on": day_words(today),
        "following_question": FOLLOWING_QUESTION,
        "following": plan.following_words,
        "progress": plan.progress_words,
        "outcomes": agreed,
        "proposed": proposed,
        "not_agreed_heading": NOT_AGREED,
    }
    if variant == "easy_read":
        shown = agreed + proposed
        context["easy_outcomes"] = shown
        context["pictures"] = {"who": WHO_PICTURE, "when": WHEN_PICTURE}
        context["easy_intro"] = [
            FramePoint(
                "",
                "This is our work plan.\nIt says what we want to change.\nIt says what we will do.",
                PLAN_PICTURE,
            ),
            FramePoint(
                FOLLOWING_QUESTION, easy_following(plan), YES_PICTURE if plan.following else LATE_PICTURE
            ),
        ]
        points: list[Point] = []
        for outcome in shown:
            points.append(outcome)
            for task in outcome.tasks:
                points += [task, *task.outputs]
        glossary = _hard_words(partnership, points)
        missing = missing_easy_read(shown)
        context["easy"] = EasyRead(ready=not missing, missing=missing, checked_by="", glossary=glossary)
    return context


def _render(context: dict, variant: str) -> list[Printed]:
    filename = document_filename(variant)
    with timezone.override(ZoneInfo(context["time_zone"])):
        if variant == "easy_read":
            return render_pdf_parts(
                template=TEMPLATE, context=context, variant=variant, title=context["title"], filename=filename
            )
        return [
            render_pdf(
                template=TEMPLATE, context=context, variant=variant, title=context["title"], filename=filename
            )
        ]


def plan_files(partnership: Partnership, variant: str, *, today: date | None = None) -> list[Printed]:
    """The plan as PDFs in `variant` (one; an easy read plan over 20 pages in parts), named like
    "work-plan-large-print.pdf". Kept and reused until its content changes."""
    return _render(plan_context(partnership, variant, today=today), variant)


def plan_pdf(context: dict, variant: str) -> list[Printed]:
    """As `plan_files`, from a context already made (`plan_context`)."""
    return _render(context, variant)


def plan_html(context: dict, variant: str) -> str:
    """The plan as one complete, accessible web page, from the same template as the PDF."""
    with timezone.override(ZoneInfo(context["time_zone"])):
        return render_html(template=TEMPLATE, context=context, variant=variant, title=context["title"])


@dataclass
class PrintLink:
    variant: str
    label: str  # "large print"
    pdf_href: str
    web_href: str


def print_links(slug: str) -> list[PrintLink]:
    """The printed plan in each variant, PDF and web page, for the plan page to link to."""
    from django.urls import reverse

    return [
        PrintLink(
            variant,
            VARIANT_LABELS[variant],
            reverse("workplan:print_pdf", kwargs={"slug": slug, "variant": variant}),
            reverse("workplan:print_web", kwargs={"slug": slug, "variant": variant}),
        )
        for variant in VARIANTS
    ]


# ---------------------------------------------------------------- the agenda item

AGENDA_TITLE = "Work plan: what is late, what is next"
AGENDA_MINUTES = 15
AGENDA_DESCRIPTION = (
    "We look at the work plan together: the tasks that are late and why, the next things due, and any new "
    "dates waiting to be confirmed. The list is this item's paper, in the meeting pack."
)
AGENDA_EASY = "We look at our work plan.\nWe talk about what is late.\nWe talk about what we do next."
NOT_UPCOMING = "Choose a meeting that has not happened yet and is not cancelled."
AGENDA_CHOICES = 10


def already_words(meeting: Meeting) -> str:
    return (
        f"\u201c{AGENDA_TITLE}\u201d is already on the agenda of {meeting.title} ({meeting_day(meeting)}). "
        "A meeting has it once."
    )


def agenda_meetings(partnership: Partnership):
    """The meetings the item can go on: the next few still to come and not cancelled, soonest first, each
    saying whether it has the item already (`has_plan_item`). A fixed number, so the page stays small."""
    soonest = Meeting.objects.filter(partnership=partnership).upcoming().order_by("starts_at", "pk")
    return (
        Meeting.objects.filter(pk__in=soonest.values("pk")[:AGENDA_CHOICES])
        .select_related("partnership")
        .annotate(has_plan_item=Exists(PlanAgendaItem.objects.filter(agenda_item__meeting=OuterRef("pk"))))
        .order_by("starts_at", "pk")
    )


@transaction.atomic
def agenda_add(*, meeting: Meeting, by) -> AgendaItem:
    """Put "Work plan: what is late, what is next" on the meeting's agenda, with its paper (the list) in the
    meeting pack. Once per meeting; only a meeting still to come, not cancelled, whose record is not
    locked."""
    partnership = meeting.partnership
    # Hold the meeting while checking, so two people adding the item at once make it once.
    locked = Meeting.objects.select_for_update().filter(pk=meeting.pk, partnership=partnership)
    if not locked.upcoming().exists():
        raise ValidationError(NOT_UPCOMING)
    if PlanAgendaItem.objects.filter(agenda_item__meeting=meeting).exists():
        raise ValidationError(already_words(meeting), code="already")
    item = agenda_services.item_add(
        meeting=meeting,
        title=AGENDA_TITLE,
        purpose=AgendaItem.Purpose.DISCUSSION,
        duration_minutes=AGENDA_MINUTES,
        description=AGENDA_DESCRIPTION,
        easy_read_text=AGENDA_EASY,
        easy_read_picture=PLAN_PICTURE,
    )
    PlanAgendaItem.objects.create(partnership=partnership, agenda_item=item, added_by=by)
    return item


# ---------------------------------------------------------------- the item's paper in the meeting pack


class JSONList(models.Aggregate):
    """A JSON array of the rows' values, as text (SQLite and PostgreSQL), so the pack's agenda query carries
    the paper without a query of its own."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, function="JSON_AGG", template="%(function)s(%(expressions)s)::text"
        )


def pack_item_queryset(items):
    """Annotate the documents' agenda items (`meetings.services.documents.PACK_ITEM_QUERIES`): whether each
    is the work plan item (`is_plan_item`) and, for that item only, the plan's tasks, the new dates waiting to
    be confirmed (as JSON) and the partnership's contingency share. An agenda without the item reads no
    plan at all."""
    is_plan = Exists(PlanAgendaItem.objects.filter(agenda_item=OuterRef("pk")))
    why = (
        PlanChange.objects.filter(task=OuterRef("pk"), field=PlanChange.Field.DATES)
        .exclude(reason="")
        .order_by("-changed_at", "-pk")
        .values("reason")[:1]
    )
    tasks = (
        Task.objects.filter(partnership_id=OuterRef("partnership_id"), outcome__status__in=IN_PLAN)
        .order_by()
        .annotate(why=Subquery(why))
        .values("partnership_id")
        .annotate(
            rows=JSONList(
                JSONObject(
                    pk="pk",
                    title="title",
                    easy="easy_read_text",
                    picture="easy_read_picture",
                    start="planned_start",
                    end="planned_end",
                    expected="expected_end",
                    weeks="contingency_weeks",
                    status="status",
                    note="status_note",
                    done_on="done_on",
                    why="why",
                    known_as="owner_person__known_as",
                    full_name="owner_person__full_name",
                    group="owner_group__name",
                    lead="lead_group__name",
                    second_lead="second_lead_group__name",
                )
            )
        )
        .values("rows")
    )
    moves = (
        ProposedMove.objects.filter(
            partnership_id=OuterRef("partnership_id"), status=ProposedMove.Status.OPEN
        )
        .filter(task__outcome__status__in=IN_PLAN)
        .order_by()
        .values("partnership_id")
        .annotate(
            rows=JSONList(
                JSONObject(
                    pk="pk",
                    title="task__title",
                    easy="task__easy_read_text",
                    picture="task__easy_read_picture",
                    start="new_start",
                    end="new_end",
                    because="because_of__title",
                    because_end="because_of__expected_end",
                )
            )
        )
        .values("rows")
    )
    share = PlanSettings.objects.filter(partnership_id=OuterRef("partnership_id")).values(
        "contingency_percent"
    )
    return items.annotate(is_plan_item=is_plan).annotate(
        plan_tasks=Case(
            When(is_plan_item=True, then=Subquery(tasks[:1], output_field=models.TextField())),
            default=None,
            output_field=models.TextField(),
        ),
        plan_moves=Case(
            When(is_plan_item=True, then=Subquery(moves[:1], output_field=models.TextField())),
            default=None,
            output_field=models.TextField(),
        ),
        plan_share=Case(
            When(
                is_plan_item=True,
                then=Coalesce(Subquery(share[:1]), Value(DEFAULTS.contingency_percent)),
            ),
            default=None,
            output_field=models.IntegerField(),
        ),
    )


def _entries(raw) -> list[dict]:
    if not raw:
        return []
    data = json.loads(raw) if isinstance(raw, str) else raw
    # SQLite may give each object as text.
    return [json.loads(entry) if isinstance(entry, str) else entry for entry in data if entry]


def _day(value) -> date | None:
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


@dataclass
class PaperTask:
    """A task as the paper reads it: the task itself (unsaved, for `task_state`), who, and why it moved."""

    task: Task
    who: str
    why: str


def _paper_tasks(raw, today: date, share: int) -> list[PaperTask]:
    rows = []
    for entry in _entries(raw):
        task = Task(
            pk=entry["pk"],
            title=entry.get("title") or "",
            easy_read_text=entry.get("easy") or "",
            easy_read_picture=entry.get("picture") or "",
            planned_start=_day(entry["start"]),
            planned_end=_day(entry["end"]),
            expected_end=_day(entry["expected"]),
            contingency_weeks=entry.get("weeks"),
            status=entry.get("status") or Task.Status.NOT_STARTED,
            status_note=entry.get("note") or "",
            done_on=_day(entry.get("done_on")),
        )
        task.state = task_state(task, today, share)
        owner = entry.get("known_as") or entry.get("full_name") or entry.get("group") or ""
        leads = _names([entry.get("lead") or "", entry.get("second_lead") or ""])
        who = " ".join(([f"{owner} does it."] if owner else []) + ([f"Led by {leads}."] if leads else []))
        rows.append(PaperTask(task=task, who=who, why=_sentence(entry.get("why") or "")))
    return sorted(rows, key=lambda r: (r.task.planned_start, r.task.planned_end, r.task.pk))


def paper_parts(plan: Plan, tasks: list[PaperTask], moves: list[dict]) -> list:
    """The paper of "Work plan: what is late, what is next": whether we are following the plan, what is late
    (how late, and why), the next things due, and the new dates waiting to be confirmed."""
    from meetings.services.documents import PackPart, PackPoint

    about = {row.task.pk: row for row in tasks}
    following = PackPart(
        heading="Following the work plan",
        easy_intro="This is the list for this part of the meeting.",
        points=[
            PackPoint(
                title=FOLLOWING_QUESTION,
                text=plan.following_words,
                details=[f"Progress: {plan.progress_words}."] if plan.tasks else [],
                easy_read=easy_following(plan),
                picture=YES_PICTURE if plan.following else LATE_PICTURE,
            )
        ],
    )
    late_points = []
    for task in plan.late:
        row = about[task.pk]
        status = Task.Status(task.status).label
        details = [f"Status: {status}" + (f": {_sentence(task.status_note)}" if task.status_note else ".")]
        if row.why:
            details.append(f"Why the dates changed: {row.why}")
        if row.who:
            details.append(row.who)
        text = f"{task.state.late_sentence}."
        if task.state.late:
            easy_details = f"This is late.\nWe said it would finish by {day_words(task.state.allowed_end)}."
        else:
            easy_details = f"This will be late.\nWe think it will finish on {day_words(task.expected_end)}."
        late_points.append(
            PackPoint(
                title=task.title,
                text=text,
                details=details,
                easy_read=task.easy_read_text.strip(),
                picture=task.easy_read_picture or LATE_PICTURE,
                easy_details=easy_details,
            )
        )
    late = PackPart(
        heading="What is late",
        intro=f"{plan.late_count_words}." if plan.late else "",
        easy_intro="These things are late, or will be late." if plan.late else "",
        points=late_points
        or [PackPoint(text="Nothing is late.", easy_read="Nothing is late.", picture=YES_PICTURE)],
    )
    next_points = []
    for task in plan.next_due:
        row = about[task.pk]
        was = task.state.running_over  # past the day it was expected to end
        next_points.append(
            PackPoint(
                title=task.title,
                text=f"{'Was due' if was else 'Due'} by {day_words(task.expected_end)}.",
                details=[f"Status: {task.state.words}", *([row.who] if row.who else [])],
                easy_read=task.easy_read_text.strip(),
                picture=task.easy_read_picture or NEXT_PICTURE,
                easy_details=(
                    f"We wanted to finish this by {day_words(task.expected_end)}."
                    if was
                    else f"We want to finish this by {day_words(task.expected_end)}."
                ),
            )
        )
    coming = PackPart(
        heading="What is next",
        intro="The next things due in the plan." if next_points else "",
        easy_intro="These are the next things to finish." if next_points else "",
        points=next_points
        or [
            PackPoint(
                text="Nothing else is due in the plan yet.",
                easy_read="Nothing else is due yet.",
                picture=NEXT_PICTURE,
            )
        ],
    )
    move_points = []
    for move in sorted(moves, key=lambda m: (str(m.get("start")), m["pk"])):
        start, end, because_end = _day(move["start"]), _day(move["end"]), _day(move.get("because_end"))
        text = f"New dates proposed: {day_words(start)} to {day_words(end)}."
        details = [
            f"Because it waits for \u2018{move.get('because') or ''}\u2019, which is now expected to end on "
            f"{day_words(because_end)}."
        ]
        move_points.append(
            PackPoint(
                title=move.get("title") or "",
                text=text,
                details=details,
                easy_read=(move.get("easy") or "").strip(),
                picture=move.get("picture") or MOVE_PICTURE,
                easy_details=(
                    "This may need new dates.\nWe need to agree them.\n"
                    f"It would start in {month_words(start)}."
                ),
            )
        )
    waiting = PackPart(
        heading="New dates waiting to be confirmed",
        intro=(
            "A task these wait for now ends later. Nothing moves until someone confirms the new dates."
            if move_points
            else ""
        ),
        easy_intro="Some things may need new dates." if move_points else "",
        points=move_points
        or [
            PackPoint(
                text="No new dates are waiting to be confirmed.",
                easy_read="No dates need to change.",
                picture=YES_PICTURE,
            )
        ],
    )
    return [following, late, coming, waiting]


def pack_content(meeting: Meeting, variant: str, items: list, document: str):
    """What the work plan adds to a meeting's documents (`meetings.services.documents.PACK_SECTIONS`): under
    its item, the list. No query: the agenda items carry it all (`pack_item_queryset`)."""
    from meetings.services.documents import PackExtra

    plan_items = [item for item in items if getattr(item, "is_plan_item", False)]
    if not plan_items:
        return None
    partnership = meeting.partnership
    today = _today(partnership)
    extra = PackExtra()
    for item in plan_items:
        share = item.plan_share if item.plan_share is not None else DEFAULTS.contingency_percent
        tasks = _paper_tasks(item.plan_tasks, today, share)
        plan = Plan(partnership, today, [], [row.task for row in tasks], [], share)
        extra.items[item.pk] = paper_parts(plan, tasks, _entries(item.plan_moves))
    return extra
