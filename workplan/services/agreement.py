"""Agreeing the plan: partners rank an outcome's themes, a chair records the agreed order as a decision, the
plan is agreed at a meeting (a snapshot is kept), and "what has changed" since then, in plain words.

- A **ranking** is either "Put the themes in order" (each partner gives each theme a place, 1st to last) or
  "Three dots each" (each partner spreads three dots over the themes). One ranking is open per outcome at a
  time; answering again replaces the answer. The result says the order the current partners' answers give
  and how many of them have answered; who answered what is never shown.
- **Agreeing the order** records a decision at a meeting that has started, sets each theme's place and
  `order_decision`, closes the ranking and writes the change down (`PlanChange`, field ORDER).
- **Agreeing the plan** records a decision and a `PlanVersion` whose snapshot holds the agreed outcomes, their
  themes and their tasks (dates as ISO strings). Proposed outcomes are not in it until they are agreed.
- **What has changed** (`changes_since`) lists the plan's changes since a moment, each as a sentence:
  "Interview training: now ends in July 2027, not May 2027, because the venue was not ready".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from coproduction.access import READ_ONLY_ROLES
from meetings.models import Decision, Meeting, MeetingRole, person_name
from meetings.services.actions import decision_record
from partners.models import Membership, Partnership

from ..models import Outcome, PlanChange, PlanSettings, PlanVersion, Ranking, RankingAnswer, Task, Theme
from .outcomes import ordinal
from .plan import IN_PLAN
from .schedule import day_words, meeting_day, plural

DOTS_EACH = 3

NOT_STARTED = (
    "This meeting has not started yet. Record what the meeting agreed once it has started (from its start "
    "time, or when the chair starts it on the Run meeting page)."
)
NOT_THIS_PARTNERSHIP = "Choose a meeting of this partnership."
TOO_FEW_THEMES = (
    "\u2018{title}\u2019 has {count}. Partners can only put themes in order when there are at least two: "
    "add another theme first."
)
ALREADY_OPEN = (
    "Partners are already ranking the themes of \u2018{title}\u2019. Only one ranking can be open at a time: "
    "see its result, or record the agreed order, first."
)
OUTCOME_DROPPED = "\u2018{title}\u2019 is no longer in the plan, so its themes are not ranked."
CLOSED = "This ranking is closed: the order of the themes was agreed{where}. Answers can no longer change."
ALREADY_AGREED = "The order of these themes was already agreed{where}. Nothing was recorded twice."
THEMES_CHANGED = (
    "The themes of \u2018{title}\u2019 changed while you were on this page (one was added or taken out). "
    "Check the places below and send them again."
)
NOT_A_THEME = (
    "One of the themes you answered about is not one of \u2018{title}\u2019\u2019s themes (it may have "
    "been taken out). Check your answer and send it again."
)
PLACE_EACH = "Choose a place for each theme"
PLAN_ALREADY_AGREED = "Version {number} of the work plan was already agreed. Nothing was recorded twice."
NOTHING_AGREED = (
    "There are no agreed outcomes in the plan yet, so there is nothing to agree. Agree at least one outcome "
    "first (on the outcome's page)."
)


# ---------------------------------------------------------------- words


def order_words(themes: list[Theme]) -> str:
    """ "1. What stops people getting work; 2. What employers need to know; 3. Interview skills training"."""
    return "; ".join(f"{number}. {theme.title}" for number, theme in enumerate(themes, start=1))


def agreed_where(decision: Decision | None) -> str:
    """ " at Partnership meeting 3 on 6 December 2026 (decision D-2026-004)", or "" when unknown."""
    if decision is None:
        return ""
    return f" at {decision.meeting.title} on {meeting_day(decision.meeting)} (decision {decision.reference})"


# ---------------------------------------------------------------- who may record at a meeting


def partners_of(partnership: Partnership) -> QuerySet[Membership]:
    """The partnership's current partners who may rank themes: everyone but observers and visiting experts."""
    return (
        Membership.objects.current()
        .filter(partnership=partnership)
        .exclude(role__in=READ_ONLY_ROLES)
        .select_related("person")
    )


def chairs_a_meeting(membership: Membership) -> bool:
    """Whether this member chairs (or co-chairs) any of the partnership's meetings."""
    return MeetingRole.objects.filter(
        partnership_id=membership.partnership_id,
        person_id=membership.person_id,
        role=MeetingRole.Role.CHAIR,
    ).exists()


MEETINGS_OFFERED = 10


def agree_meeting_ids(partnership: Partnership, membership: Membership, *, manager: bool) -> list[int]:
    """The meetings an agreement can be recorded at by this member, most recent first: started or held, not
    cancelled; for someone who is not a coordinator or chair, only the meetings they chair. The ten most
    recent (an agreement is recorded at, or soon after, the meeting)."""
    started = Q(starts_at__lte=timezone.now()) | Q(run_started_at__isnull=False)
    meetings = (
        Meeting.objects.filter(partnership=partnership)
        .filter(started)
        .exclude(status=Meeting.Status.CANCELLED)
    )
    if not manager:
        meetings = meetings.filter(roles__person_id=membership.person_id, roles__role=MeetingRole.Role.CHAIR)
    return list(meetings.order_by("-starts_at", "-pk").values_list("pk", flat=True)[:MEETINGS_OFFERED])


def agree_meetings(ids: list[int]) -> QuerySet[Meeting]:
    """Those meetings, for a form's choices (in the same order)."""
    return Meeting.objects.filter(pk__in=ids).order_by("-starts_at", "-pk")


def _check_meeting(partnership: Partnership, meeting: Meeting) -> None:
    if meeting.partnership_id != partnership.pk:
        raise ValidationError({"meeting": NOT_THIS_PARTNERSHIP})
    if meeting.is_cancelled:
        raise ValidationError(
            {"meeting": "This meeting is cancelled, so nothing can be recorded for it. Choose another."}
        )
    if not meeting.has_started:
        raise ValidationError({"meeting": NOT_STARTED}, code="not_started")


# ---------------------------------------------------------------- opening a ranking


def open_ranking(outcome: Outcome) -> Ranking | None:
    """The outcome's ranking that partners are answering now, if any."""
    return Ranking.objects.filter(outcome=outcome, closed_at__isnull=True).order_by("-opened_at").first()


@transaction.atomic
def ranking_open(*, outcome: Outcome, method: str, by) -> Ranking:
    """Open a ranking of the outcome's themes. One at a time per outcome; at least two themes."""
    # The outcome's row lock makes a second opening at the same moment wait, then see the first.
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    if method not in Ranking.Method.values:
        raise ValidationError(
            {"method": "Choose how partners choose: put the themes in order, or three dots each"}
        )
    if outcome.status == Outcome.Status.DROPPED:
        raise ValidationError(OUTCOME_DROPPED.format(title=outcome.title))
    if open_ranking(outcome) is not None:
        raise ValidationError(ALREADY_OPEN.format(title=outcome.title), code="already_open")
    count = Theme.objects.filter(outcome=outcome).count()
    if count < 2:
        raise ValidationError(
            TOO_FEW_THEMES.format(
                title=outcome.title, count=plural(count, "theme") if count else "no themes"
            ),
            code="too_few_themes",
        )
    return Ranking.objects.create(
        partnership_id=outcome.partnership_id, outcome=outcome, method=method, opened_by=by
    )


# ---------------------------------------------------------------- answering


def place_errors(themes: list[Theme], places: dict[int, int | None]) -> dict[int, str] | str:
    """What is wrong with places given to themes (1st is what to tackle first): a message for the whole
    answer when nothing was chosen, else a message for each theme that has no place or shares one. {} when
    each theme has its own place from 1st to last."""
    if all(places.get(theme.pk) is None for theme in themes):
        return PLACE_EACH + ": 1st for the theme to tackle first, then 2nd, and so on."
    errors: dict[int, str] = {}
    first_in: dict[int, Theme] = {}
    count = len(themes)
    for theme in themes:
        place = places.get(theme.pk)
        if place is None:
            errors[theme.pk] = f"Choose a place for \u2018{theme.title}\u2019"
        elif not 1 <= place <= count:
            errors[theme.pk] = f"Choose a place for \u2018{theme.title}\u2019 from 1st to {ordinal(count)}"
        elif place in first_in:
            errors[theme.pk] = (
                f"\u2018{theme.title}\u2019 is in {ordinal(place)} place, the same as "
                f"\u2018{first_in[place].title}\u2019. Give each theme a different place."
            )
        else:
            first_in[place] = theme
    return errors


def dots_error(total: int) -> str:
    """What is wrong with a number of dots given, or "" when it is exactly three."""
    if total == DOTS_EACH:
        return ""
    if total == 0:
        return f"You have not given any of your {DOTS_EACH} dots: give them to the themes that matter most"
    if total < DOTS_EACH:
        left = DOTS_EACH - total
        return f"You have given {total} of your {DOTS_EACH} dots: give {plural(left, 'more dot')}"
    over = total - DOTS_EACH
    return f"You have given {total} dots: take {over} away, so you give {DOTS_EACH} in all"


@transaction.atomic
def ranking_answer(*, ranking: Ranking, person, values: dict[int, int]) -> None:
    """A partner's answer: a place for each theme (rank) or their three dots (dots). Answering again
    replaces the answer. `values` maps theme pks to places or dots; a missing theme counts as 0 dots."""
    ranking = Ranking.objects.select_for_update().select_related("outcome").get(pk=ranking.pk)
    if ranking.closed_at is not None:
        decision = (
            Decision.objects.select_related("meeting").filter(pk=ranking.decision_id).first()
            if ranking.decision_id
            else None
        )
        raise ValidationError(CLOSED.format(where=agreed_where(decision)), code="closed")
    themes = list(Theme.objects.filter(outcome_id=ranking.outcome_id).order_by("position", "pk"))
    known = {theme.pk for theme in themes}
    if set(values) - known:
        raise ValidationError(NOT_A_THEME.format(title=ranking.outcome.title), code="not_a_theme")
    if ranking.method == Ranking.Method.RANK:
        errors = place_errors(themes, values)
        if errors:
            raise ValidationError(errors if isinstance(errors, str) else next(iter(errors.values())))
        given = {theme.pk: values[theme.pk] for theme in themes}
    else:
        if any(not 0 <= v <= DOTS_EACH for v in values.values()):
            raise ValidationError(f"Give each theme 0, 1, 2 or {DOTS_EACH} dots")
        if error := dots_error(sum(values.values())):
            raise ValidationError(error)
        given = {theme.pk: values.get(theme.pk, 0) for theme in themes}
    RankingAnswer.objects.filter(ranking=ranking, person=person).delete()
    now = timezone.now()
    RankingAnswer.objects.bulk_create(
        RankingAnswer(
            partnership_id=ranking.partnership_id,
            ranking=ranking,
            person=person,
            theme_id=theme_pk,
            value=value,
            answered_at=now,
        )
        for theme_pk, value in given.items()
    )


# ---------------------------------------------------------------- the result


@dataclass
class ResultRow:
    theme: Theme
    rank: bool  # "Put the themes in order"; False: "Three dots each"
    place: int  # 1 is first; themes that tie share a place
    tied: bool
    people: int  # how many people placed it (rank) or gave it dots (dots)
    dots: int = 0
    points: int = 0  # rank: a Borda count, the last place scoring 1
    average: float | None = None  # rank: the average place given

    @property
    def place_words(self) -> str:
        return f"Joint {ordinal(self.place)}" if self.tied else ordinal(self.place)

    @property
    def average_words(self) -> str:
        return f"{self.average:.1f}" if self.average is not None else "none yet"

    @property
    def words(self) -> str:
        """ "Interview skills training: 9 dots from 5 people", "What stops people getting work: average place
        1.4, from 5 people"."""
        people = plural(self.people, "person", "people")
        if self.rank:
            if self.average is None:
                return f"{self.theme.title}: no places given yet"
            return f"{self.theme.title}: average place {self.average:.1f}, from {people}"
        if not self.dots:
            return f"{self.theme.title}: no dots yet"
        return f"{self.theme.title}: {plural(self.dots, 'dot')} from {people}"


@dataclass
class Result:
    method: str
    rows: list[ResultRow]
    answered: int  # current partners who have answered
    partners: int  # current partners who may answer
    answered_by: set[int] = field(default_factory=set)  # the current partners who have answered
    not_answered: list[Membership] = field(default_factory=list)  # for coordinators and chairs only

    @property
    def count_words(self) -> str:
        """ "5 of 8 partners have answered"."""
        if self.answered == 0:
            return f"Nobody has answered yet ({plural(self.partners, 'partner')} can answer)."
        verb = "has" if self.answered == 1 else "have"
        return f"{self.answered} of {plural(self.partners, 'partner')} {verb} answered."

    @property
    def order(self) -> list[Theme]:
        return [row.theme for row in self.rows]


def ranking_result(
    ranking: Ranking,
    themes: list[Theme],
    answers: list[tuple[int, int, int]],
    partners: list[Membership],
) -> Result:
    """The order the answers give. Rank: most points first (a Borda count: with 3 themes, 1st scores 3 and
    3rd scores 1), then lowest average place; dots: most dots first. Ties share a place and keep the themes'
    present order. `answers` are (person_id, theme_id, value) rows; `partners` the current partners.

    Only current partners' answers count, the same people as "3 of 8 partners have answered": the answers of
    someone who has left, or is now an observer, stay stored but are not in the result."""
    rank = ranking.method == Ranking.Method.RANK
    count = len(themes)
    partner_ids = {m.person_id for m in partners}
    values: dict[int, list[int]] = defaultdict(list)
    answered_by = set()
    for person_id, theme_id, value in answers:
        if person_id not in partner_ids:
            continue
        values[theme_id].append(value)
        answered_by.add(person_id)
    rows = []
    for theme in themes:
        given = values.get(theme.pk, [])
        if rank:
            placed = [v for v in given if 1 <= v <= count]
            rows.append(
                ResultRow(
                    theme=theme,
                    rank=True,
                    place=0,
                    tied=False,
                    people=len(placed),
                    points=sum(count - v + 1 for v in placed),
                    average=(sum(placed) / len(placed)) if placed else None,
                )
            )
        else:
            rows.append(
                ResultRow(
                    theme=theme,
                    rank=False,
                    place=0,
                    tied=False,
                    people=sum(1 for v in given if v > 0),
                    dots=sum(given),
                )
            )

    def score(row: ResultRow) -> tuple:
        if rank:
            return (-row.points, row.average if row.average is not None else count + 1)
        return (-row.dots,)

    rows.sort(key=score)  # stable: ties keep the themes' present order
    for index, row in enumerate(rows):
        if index and score(row) == score(rows[index - 1]):
            row.place = rows[index - 1].place
            row.tied = rows[index - 1].tied = True
        else:
            row.place = index + 1
    return Result(
        method=ranking.method,
        rows=rows,
        answered=len(answered_by),
        partners=len(partner_ids),
        answered_by=answered_by,
        not_answered=[m for m in partners if m.person_id not in answered_by],
    )


# ---------------------------------------------------------------- agreeing the order


@transaction.atomic
def ranking_agree(
    *,
    ranking: Ranking,
    meeting: Meeting,
    order: list[Theme],
    how: str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    words: str = "",
    by,
) -> Decision:
    """The chair records the order the meeting agreed: a decision in the register, each theme's place and
    the decision that agreed it, the ranking closed, and the change written down with why."""
    ranking = Ranking.objects.select_for_update().select_related("outcome").get(pk=ranking.pk)
    outcome = ranking.outcome
    if ranking.closed_at is not None:
        decision = Decision.objects.select_related("meeting").filter(pk=ranking.decision_id).first()
        raise ValidationError(ALREADY_AGREED.format(where=agreed_where(decision)), code="already_agreed")
    _check_meeting(outcome.partnership, meeting)
    themes = list(Theme.objects.filter(outcome=outcome).order_by("position", "pk"))
    if sorted(t.pk for t in order) != sorted(t.pk for t in themes) or len(order) != len(themes):
        raise ValidationError(THEMES_CHANGED.format(title=outcome.title), code="themes_changed")
    fresh = {t.pk: t for t in themes}
    order = [fresh[t.pk] for t in order]
    listed = order_words(order)
    text = f"The partnership agreed the order of the themes for \u2018{outcome.title}\u2019: {listed}."
    if (words or "").strip():
        text += f"\n\n{words.strip()}"
    easy = "We agreed which theme to work on first. " + " ".join(
        f"{ordinal(number)}: {theme.title}." for number, theme in enumerate(order, start=1)
    )
    decision = decision_record(
        meeting=meeting,
        agenda_item=None,
        text=text,
        how=how,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        easy_read_text=easy,
        recorded_by=by,
    )
    for position, theme in enumerate(order, start=1):
        theme.position = position
        theme.order_decision = decision
    Theme.objects.bulk_update(order, ["position", "order_decision"])
    Outcome.objects.filter(pk=outcome.pk).update(order_changed_on=None)  # the newly agreed order stands
    ranking.closed_at = timezone.now()
    ranking.decision = decision
    ranking.save(update_fields=["closed_at", "decision"])
    outcome.decisions.add(decision)
    outcome.meetings.add(meeting)
    PlanChange.objects.create(
        partnership_id=outcome.partnership_id,
        task=None,
        subject=outcome.title,
        field=PlanChange.Field.ORDER,
        words=f"the themes are now in this order: {listed}"[:500],
        reason=(
            f"the partnership agreed it at {meeting.title} on {meeting_day(meeting)} "
            f"(decision {decision.reference})"
        )[:500],
        changed_by=by,
    )
    return decision


# ---------------------------------------------------------------- agreeing the plan


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def plan_snapshot(partnership: Partnership) -> dict:
    """The plan as it stands, for a `PlanVersion`: agreed outcomes only (proposed ones are not in the plan
    until agreed), their themes in order and their tasks. Three queries."""
    outcomes = list(
        Outcome.objects.filter(partnership=partnership, status=Outcome.Status.AGREED)
        .order_by("position", "pk")
        .values("pk", "title", "status")
    )
    ids = [o["pk"] for o in outcomes]
    themes = list(
        Theme.objects.filter(outcome_id__in=ids)
        .order_by("outcome_id", "position", "pk")
        .values("pk", "outcome", "title", "position")
    )
    tasks = [
        {
            **row,
            "planned_start": _iso(row["planned_start"]),
            "planned_end": _iso(row["planned_end"]),
            "expected_end": _iso(row["expected_end"]),
        }
        for row in Task.objects.filter(outcome_id__in=ids)
        .order_by("planned_start", "planned_end", "pk")
        .values("pk", "title", "outcome", "theme", "planned_start", "planned_end", "expected_end", "status")
    ]
    return {"outcomes": outcomes, "themes": themes, "tasks": tasks}


def snapshot_counts(snapshot: dict) -> str:
    """ "2 outcomes, 3 themes and 12 tasks"."""
    outcomes = len(snapshot.get("outcomes") or [])
    themes = len(snapshot.get("themes") or [])
    tasks = len(snapshot.get("tasks") or [])
    return f"{plural(outcomes, 'outcome')}, {plural(themes, 'theme')} and {plural(tasks, 'task')}"


def next_version_number(partnership: Partnership) -> int:
    last = PlanVersion.objects.filter(partnership=partnership).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


def latest_version(partnership: Partnership) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(partnership=partnership)
        .select_related("meeting", "decision")
        .order_by("-number")
        .first()
    )


@transaction.atomic
def plan_agree(
    *,
    partnership: Partnership,
    meeting: Meeting,
    how: str,
    expected_number: int,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    words: str = "",
    by,
) -> PlanVersion:
    """The partnership agrees its work plan at a meeting: a decision in the register and the next version,
    with a snapshot of the plan as it stands. `expected_number` is the version the page was about to make:
    if it exists already (the form sent twice, or two chairs at once), nothing more is recorded."""
    _check_meeting(partnership, meeting)
    # One agreement at a time in a partnership: the row lock makes the second wait, then see the first.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    number = next_version_number(partnership)
    if expected_number != number:
        raise ValidationError(PLAN_ALREADY_AGREED.format(number=number - 1), code="already_agreed")
    snapshot = plan_snapshot(partnership)
    if not snapshot["outcomes"]:
        raise ValidationError(NOTHING_AGREED, code="nothing_agreed")
    text = f"The partnership agreed the work plan, version {number}. It has {snapshot_counts(snapshot)}."
    if (words or "").strip():
        text += f"\n\n{words.strip()}"
    decision = decision_record(
        meeting=meeting,
        agenda_item=None,
        text=text,
        how=how,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        easy_read_text=f"We agreed our work plan. This is version {number}.",
        recorded_by=by,
    )
    try:
        with transaction.atomic():
            return PlanVersion.objects.create(
                partnership=partnership,
                number=number,
                agreed_on=min(timezone.localdate(), timezone.localtime(meeting.starts_at).date()),
                meeting=meeting,
                decision=decision,
                snapshot=snapshot,
                created_by=by,
            )
    except IntegrityError:
        raise ValidationError(PLAN_ALREADY_AGREED.format(number=number), code="already_agreed") from None


# ---------------------------------------------------------------- a version in words


def _day(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@dataclass
class SnapshotTask:
    pk: int
    title: str
    status: str
    planned_start: date | None
    planned_end: date | None
    expected_end: date | None

    @property
    def words(self) -> str:
        """ "From 1 March 2027 to 31 May 2027, expected to end on 30 June 2027. Not started."."""
        bits = []
        if self.planned_start and self.planned_end:
            bits.append(f"From {day_words(self.planned_start)} to {day_words(self.planned_end)}")
        if self.expected_end and self.planned_end and self.expected_end != self.planned_end:
            bits.append(f"expected to end on {day_words(self.expected_end)}")
        when = ", ".join(bits)
        status = Task.Status(self.status).label if self.status in Task.Status.values else ""
        return " ".join(part for part in (f"{when}." if when else "", f"{status}." if status else "") if part)


@dataclass
class SnapshotTheme:
    pk: int
    title: str
    position: int
    tasks: list[SnapshotTask] = field(default_factory=list)


@dataclass
class SnapshotOutcome:
    pk: int
    title: str
    status: str
    themes: list[SnapshotTheme] = field(default_factory=list)
    unthemed: list[SnapshotTask] = field(default_factory=list)

    @property
    def status_words(self) -> str:
        return Outcome.Status(self.status).label if self.status in Outcome.Status.values else ""


def snapshot_outcomes(snapshot: dict) -> list[SnapshotOutcome]:
    """A version's snapshot, read back as outcomes, each with its themes in the agreed order and its tasks
    (in date order), and the tasks that have no theme."""
    outcomes = {
        row["pk"]: SnapshotOutcome(row["pk"], row.get("title", ""), row.get("status", ""))
        for row in snapshot.get("outcomes") or []
    }
    themes = {}
    for row in sorted(snapshot.get("themes") or [], key=lambda r: (r.get("position") or 0, r["pk"])):
        theme = SnapshotTheme(row["pk"], row.get("title", ""), row.get("position") or 0)
        themes[theme.pk] = theme
        if row.get("outcome") in outcomes:
            outcomes[row["outcome"]].themes.append(theme)
    for row in snapshot.get("tasks") or []:
        task = SnapshotTask(
            row["pk"],
            row.get("title", ""),
            row.get("status", ""),
            _day(row.get("planned_start")),
            _day(row.get("planned_end")),
            _day(row.get("expected_end")),
        )
        if row.get("theme") in themes:
            themes[row["theme"]].tasks.append(task)
        elif row.get("outcome") in outcomes:
            outcomes[row["outcome"]].unthemed.append(task)
    return list(outcomes.values())


# ---------------------------------------------------------------- what has changed


@dataclass
class ChangeRow:
    """One change in words, for pages, documents and the agenda item's paper."""

    sentence: (
        str  # "Interview training: now ends in July 2027, not May 2027, because the venue was not ready"
    )
    who: str  # "Alice Coordinator", or "" when nobody is named
    day: str  # "6 December 2026"
    changed_at: datetime
    field: str
    task_id: int | None


def change_sentence(change: PlanChange) -> str:
    """ "<subject>: <words>, because <reason>"."""
    words = change.words.strip().rstrip(".")
    sentence = f"{change.subject}: {words}"
    reason = (change.reason or "").strip().rstrip(".")
    if reason:
        if reason.lower().startswith("because "):
            reason = reason[len("because ") :]
        sentence += f", because {reason}"
    return sentence


def changes_query(partnership: Partnership, since: datetime | None = None) -> QuerySet[PlanChange]:
    """The plan's changes (since a moment, when given), newest first, with who made them."""
    changes = PlanChange.objects.filter(partnership=partnership)
    if since is not None:
        changes = changes.filter(changed_at__gt=since)
    return changes.select_related("changed_by").order_by("-changed_at", "-pk")


def change_rows(changes) -> list[ChangeRow]:
    return [
        ChangeRow(
            sentence=change_sentence(change),
            who=person_name(change.changed_by) if change.changed_by_id else "",
            day=day_words(timezone.localtime(change.changed_at).date()),
            changed_at=change.changed_at,
            field=change.field,
            task_id=change.task_id,
        )
        for change in changes
    ]


def changes_since(
    partnership: Partnership, since: datetime | None, *, limit: int | None = None
) -> list[ChangeRow]:
    """The plan's changes after `since` (every change when None), newest first, each with its `sentence`:
    "Interview training: now ends in July 2027, not May 2027, because the venue was not ready". One query."""
    changes = changes_query(partnership, since)
    if limit is not None:
        changes = changes[:limit]
    return change_rows(changes)


def last_meeting(partnership: Partnership) -> Meeting | None:
    """The latest meeting held before now (not cancelled)."""
    return (
        Meeting.objects.filter(partnership=partnership)
        .past()
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at", "-pk")
        .first()
    )


def meeting_ended(meeting: Meeting) -> datetime:
    """When the meeting ended: when the chair ended it on the Run meeting page, or its end time."""
    return meeting.run_ended_at or meeting.ends_at


@dataclass
class Comparison:
    """What the agreed plan's snapshot shows that the change log cannot: what is in the plan now that was not
    agreed, what was agreed and is no longer in it, and tasks whose dates differ from the agreed ones.

    The plan now is what every other page counts (`plan.IN_PLAN`: proposed and agreed outcomes); the snapshot
    holds agreed outcomes only, so a proposed outcome and its tasks are listed apart, as not agreed yet."""

    tasks_added: list[str] = field(default_factory=list)
    tasks_proposed: list[str] = field(default_factory=list)  # in a proposed outcome, not agreed yet
    tasks_taken_out: list[str] = field(default_factory=list)
    tasks_moved: list[str] = field(default_factory=list)
    outcomes_added: list[str] = field(default_factory=list)
    outcomes_proposed: list[str] = field(default_factory=list)
    outcomes_taken_out: list[str] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not any(
            (
                self.tasks_added,
                self.tasks_proposed,
                self.tasks_taken_out,
                self.tasks_moved,
                self.outcomes_added,
                self.outcomes_proposed,
                self.outcomes_taken_out,
            )
        )


def _moved_words(then: dict, task: dict) -> str:
    """ "starts on 1 April 2027, not 1 March 2027; ends on ...", or "" when its dates are the agreed ones."""
    bits = []
    for key, verb in (
        ("planned_start", "starts"),
        ("planned_end", "ends"),
        ("expected_end", "is expected to end"),
    ):
        was = _day(then.get(key))
        if was and was != task[key]:
            if (
                key == "expected_end"
                and _day(then.get("planned_end")) == was
                and task["planned_end"] == task[key]
            ):
                continue  # it simply follows the planned end, already said
            bits.append(f"{verb} on {day_words(task[key])}, not {day_words(was)}")
    return "; ".join(bits)


def compare_with_now(version: PlanVersion) -> Comparison:
    """The version's snapshot against the plan now: its proposed and agreed outcomes and their tasks, as
    every other page counts them. Two queries."""
    snapshot = version.snapshot or {}
    then_outcomes = {row["pk"]: row for row in snapshot.get("outcomes") or []}
    then_tasks = {row["pk"]: row for row in snapshot.get("tasks") or []}
    now_outcomes = list(
        Outcome.objects.filter(partnership_id=version.partnership_id, status__in=IN_PLAN)
        .order_by("position", "pk")
        .values_list("pk", "title", "status")
    )
    now_tasks = list(
        Task.objects.filter(partnership_id=version.partnership_id, outcome__status__in=IN_PLAN)
        .order_by("planned_start", "planned_end", "pk")
        .values(
            "pk", "title", "planned_start", "planned_end", "expected_end", "outcome__title", "outcome__status"
        )
    )
    result = Comparison()
    for pk, title, status in now_outcomes:
        if pk in then_outcomes:
            continue
        added = result.outcomes_proposed if status == Outcome.Status.PROPOSED else result.outcomes_added
        added.append(f"\u2018{title}\u2019")
    now_outcome_ids = {pk for pk, _title, _status in now_outcomes}
    result.outcomes_taken_out = [
        f"\u2018{row.get('title', '')}\u2019"
        for pk, row in then_outcomes.items()
        if pk not in now_outcome_ids
    ]
    now_ids = set()
    for task in now_tasks:
        now_ids.add(task["pk"])
        then = then_tasks.get(task["pk"])
        if then is None:
            when = f"from {day_words(task['planned_start'])} to {day_words(task['planned_end'])}"
            if task["outcome__status"] == Outcome.Status.PROPOSED:
                result.tasks_proposed.append(
                    f"\u2018{task['title']}\u2019, {when}, in \u2018{task['outcome__title']}\u2019"
                )
            else:
                result.tasks_added.append(f"\u2018{task['title']}\u2019, {when}")
        elif moved := _moved_words(then, task):
            result.tasks_moved.append(f"\u2018{task['title']}\u2019 now {moved}")
    result.tasks_taken_out = [
        f"\u2018{row.get('title', '')}\u2019" for pk, row in then_tasks.items() if pk not in now_ids
    ]
    return result


# ---------------------------------------------------------------- settings


def settings_save(
    *, partnership: Partnership, contingency_percent: int, networks_weeks: int, networks_lead_weeks: int
) -> PlanSettings:
    """Save how the partnership keeps its plan (made on the first change)."""
    errors = {}
    for name, value, low, high in (
        ("contingency_percent", contingency_percent, 0, 100),
        ("networks_weeks", networks_weeks, 1, 26),
        ("networks_lead_weeks", networks_lead_weeks, 0, 26),
    ):
        if not isinstance(value, int) or not low <= value <= high:
            errors[name] = f"Enter a number from {low} to {high}"
    if errors:
        raise ValidationError(errors)
    settings, _made = PlanSettings.objects.update_or_create(
        partnership=partnership,
        defaults={
            "contingency_percent": contingency_percent,
            "networks_weeks": networks_weeks,
            "networks_lead_weeks": networks_lead_weeks,
        },
    )
    return settings
