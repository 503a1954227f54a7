"""Easy read for a meeting's pack: which points the pack has, which of them still need easy read words, and
whether people who use easy read have checked it.

Easy read words are written by people and never generated. A pack is ready only when every point has them
and a check with people who use easy read has been recorded.

The models keep no time of the last change to easy read words, so "a check recorded after the last change"
cannot be told apart from "a check recorded at all": any check counts once nothing is missing. The easy read
page asks people to record a new check after changing words that were checked.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.db import transaction
from django.db.models import Model, Subquery

from coproduction.easy_read.readiness import easy_read_missing, easy_read_problems
from partners.models import User

from ..models import ActionPoint, AgendaItem, Decision, DecisionChange, EasyReadCheck, Meeting
from .actions import open_action_points_before

KINDS = ("agenda_item", "decision", "action_point")
SECTIONS = {
    "agenda_item": "Agenda items",
    "decision": "Decisions since the last meeting",
    "action_point": "Action points from earlier meetings",
}


@dataclass(frozen=True)
class Point:
    """One point of the pack that needs easy read words."""

    kind: str  # agenda_item, decision or action_point
    item: AgendaItem | Decision | ActionPoint
    name: str  # how the coordinator knows it: 'Agenda item "Welcome"', "Decision D-2026-004"
    words: str  # what the standard pack says

    @property
    def pk(self) -> int:
        return self.item.pk

    @property
    def easy_read_text(self) -> str:
        return self.item.easy_read_text

    @property
    def easy_read_picture(self) -> str:
        return self.item.easy_read_picture

    @property
    def missing(self) -> bool:
        return easy_read_missing(self.item)


@dataclass(frozen=True)
class WordsWarning:
    """Easy read words saved with a warning (optional words may be saved with a sentence over 15 words):
    the point and what to put right, in the words the form used."""

    point: Point
    problems: list[str]


@dataclass(frozen=True)
class Readiness:
    ready: bool
    missing: list[str]  # the names of the points with no easy read words, in pack order
    checked: EasyReadCheck | None  # the latest check with people who use easy read
    points: list[Point] = field(default_factory=list)
    # Words that are written but break the easy read rules. They do not stop the pack being ready (the
    # people who check it decide), but the coordinator is told, so a warning shown once is not lost.
    warnings: list[WordsWarning] = field(default_factory=list)


def _previous(meeting: Meeting):
    """The partnership's meetings before this one (not cancelled), latest first."""
    return (
        Meeting.objects.filter(partnership_id=meeting.partnership_id, starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The partnership's last meeting before this one (not cancelled). One query."""
    return _previous(meeting).first()


def decisions_since_last_meeting(meeting: Meeting, previous: Meeting | None = None):
    """Decisions made at the last meeting and any meeting between it and this one, oldest first. One query:
    without `previous` (`previous_meeting`), it is found inside it (none when there is no meeting before)."""
    if previous is not None:
        since = previous.starts_at
    else:
        since = Subquery(_previous(meeting).values("starts_at")[:1])
    return (
        Decision.objects.filter(
            partnership_id=meeting.partnership_id,
            meeting__starts_at__gte=since,
            meeting__starts_at__lt=meeting.starts_at,
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "year", "number")
    )


def _agenda_point(item: AgendaItem) -> Point:
    return Point("agenda_item", item, f"Agenda item \u201c{item.title}\u201d", item.description or item.title)


def _decision_point(decision: Decision) -> Point:
    return Point("decision", decision, f"Decision {decision.reference}", decision.text)


def _action_point(action: ActionPoint) -> Point:
    return Point("action_point", action, f"Action point {action.reference}", action.text)


def pack_points(meeting: Meeting) -> list[Point]:
    """Every point of the meeting's pack that needs easy read words, in pack order: the agenda items (not
    the breaks), the decisions since the last meeting, and the open action points from earlier meetings.
    Three queries, however many points."""
    items = [item for item in meeting.agenda_items.all() if not item.is_break]
    decisions = list(decisions_since_last_meeting(meeting))
    actions = list(open_action_points_before(meeting))
    return (
        [_agenda_point(item) for item in items]
        + [_decision_point(decision) for decision in decisions]
        + [_action_point(action) for action in actions]
    )


def latest_check(meeting: Meeting) -> EasyReadCheck | None:
    return EasyReadCheck.objects.filter(meeting=meeting).order_by("-created_at", "-pk").first()


def readiness(
    meeting: Meeting,
    points: list[Point] | None = None,
    checked: EasyReadCheck | None | Literal["read"] = "read",
) -> Readiness:
    """Whether the meeting's easy read pack is ready: every point has easy read words, and people who use
    easy read have checked it. `missing` names each point still without words; `warnings` lists words saved
    despite a sentence over 15 words, without changing whether the pack is ready. Four queries: one when
    `points` are given, none when the latest check is too (`checked`: None when there is none)."""
    points = pack_points(meeting) if points is None else points
    missing = [point.name for point in points if point.missing]
    warnings = [
        WordsWarning(point=point, problems=problems)
        for point in points
        if not point.missing and (problems := easy_read_problems(point.item))
    ]
    if isinstance(checked, str):  # "read"
        checked = latest_check(meeting)
    return Readiness(
        ready=not missing and checked is not None,
        missing=missing,
        checked=checked,
        points=points,
        warnings=warnings,
    )


def point_get(meeting: Meeting, kind: str, pk: int) -> Point:
    """One point of this meeting's pack, fetched through the meeting and its partnership. Raises
    LookupError for a kind that is not one, or a point this meeting's pack does not have."""
    if kind == "agenda_item":
        item = AgendaItem.objects.filter(
            meeting=meeting, partnership_id=meeting.partnership_id, pk=pk
        ).first()
        if item is None or item.is_break:
            raise LookupError(kind)
        return _agenda_point(item)
    if kind == "decision":
        decision = decisions_since_last_meeting(meeting).filter(pk=pk).first()
        if decision is None:
            raise LookupError(kind)
        return _decision_point(decision)
    if kind == "action_point":
        action = open_action_points_before(meeting).filter(pk=pk).first()
        if action is None:
            raise LookupError(kind)
        return _action_point(action)
    raise LookupError(kind)


@transaction.atomic
def easy_read_save(*, point: Point, text: str, picture: str, by: User) -> Model:
    """Save a point's easy read words and picture. A decision keeps its words before the change, as every
    change to a decision does (decisions matter), even when its minutes are approved: the easy read
    version is a retelling of the decision, not the record itself."""
    item = point.item
    text = (text or "").strip()
    picture = picture or ""
    if point.kind == "decision" and item.easy_read_text != text:
        DecisionChange.objects.create(
            partnership_id=item.partnership_id,
            decision=item,
            text=item.text,
            how=item.how,
            votes_for=item.votes_for,
            votes_against=item.votes_against,
            abstentions=item.abstentions,
            easy_read_text=item.easy_read_text,
            changed_by=by,
        )
    item.easy_read_text = text
    item.easy_read_picture = picture
    item.save(update_fields=["easy_read_text", "easy_read_picture"])
    return item


def easy_read_check_record(
    *, meeting: Meeting, checked_by: str, checked_on: date, notes: str, recorded_by: User
) -> EasyReadCheck:
    """Record that people who use easy read checked this meeting's easy read pack."""
    return EasyReadCheck.objects.create(
        partnership_id=meeting.partnership_id,
        meeting=meeting,
        checked_by=" ".join(checked_by.split()),
        checked_on=checked_on,
        notes=(notes or "").strip(),
        recorded_by=recorded_by,
    )
