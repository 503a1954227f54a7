"""Decisions and action points: recording them with their reference numbers, changing them, closing and
reopening action points, and the queries other pages use ("My action points", "Action points from earlier
meetings").

Everything a person can type or choose is checked here as well as in the forms, so a page posting from
elsewhere (the Run meeting page) gets the same plain messages. Errors are raised as ValidationError keyed by
the form field they belong to.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from coproduction.access import READ_ONLY_ROLES, is_read_only
from partners.models import Membership, PartnerGroup, Partnership, Role, User

from ..models import ActionPoint, AgendaItem, Decision, DecisionChange, Meeting
from ..permissions import powers_for
from .record import meeting_is_locked, require_unlocked
from .references import next_reference

OWNER_REQUIRED = "Say who will do this: a person or a partner group"
REASON_REQUIRED = "Say briefly why it is done or dropped"
DUE_IN_PAST = "The due date must be today or later"
CLOSED_STATUSES = frozenset({ActionPoint.Status.DONE, ActionPoint.Status.DROPPED})
OPEN_STATUSES = frozenset({ActionPoint.Status.OPEN, ActionPoint.Status.IN_PROGRESS})
# People who may not own an action point: visiting experts come for one meeting only.
# Observers and visiting experts take part without taking on work.
ROLES_NOT_OWNING = READ_ONLY_ROLES


# ---------------------------------------------------------------- checks shared by decisions and actions


def _check_agenda_item(meeting: Meeting, agenda_item: AgendaItem | None) -> None:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "Choose an item from this meeting's agenda."})


def _check_meeting_open(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError("This meeting is cancelled, so nothing can be recorded for it.")


ACTION_RECORD_LOCKED = (
    "The minutes of the meeting this action point came from are approved and locked, so what it says and "
    "the agenda item it came from cannot change. You can still change who does it and when it is due, or "
    "mark it done. A coordinator can unlock the minutes, giving a reason."
)


def _check_text(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": message})
    return text


# ---------------------------------------------------------------- decisions


def _votes(how: str, votes_for: int | None, votes_against: int | None, abstentions: int | None) -> dict:
    if how not in Decision.How.values:
        raise ValidationError({"how": "Choose how it was decided: by consensus, by a vote, or deferred."})
    counts = {"votes_for": votes_for, "votes_against": votes_against, "abstentions": abstentions}
    if how != Decision.How.VOTE:
        if any(v is not None for v in counts.values()):
            raise ValidationError(
                {
                    "how": "Vote counts are only for a decision made by a vote. Choose \u201cBy a vote\u201d "
                    "or clear the counts."
                }
            )
        return counts
    for name, value in counts.items():
        if value is not None and value < 0:
            raise ValidationError({name: "Enter a number of votes, 0 or more."})
    return counts


def how_words(decision: Decision) -> str:
    """ "By a vote: 7 for, 2 against, 1 abstained", or just how it was decided."""
    words = decision.get_how_display()
    if decision.how != Decision.How.VOTE:
        return words
    counts = [
        f"{value} {label}"
        for value, label in (
            (decision.votes_for, "for"),
            (decision.votes_against, "against"),
            (decision.abstentions, "abstained"),
        )
        if value is not None
    ]
    return f"{words}: {', '.join(counts)}" if counts else words


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    agenda_item: AgendaItem | None,
    text: str,
    how: str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    easy_read_text: str = "",
    recorded_by: User,
) -> Decision:
    """A decision of the meeting, with the next reference number in the partnership (D-2026-004)."""
    _check_meeting_open(meeting)
    require_unlocked(meeting)
    _check_agenda_item(meeting, agenda_item)
    text = _check_text(text, "Enter the words agreed.")
    counts = _votes(how, votes_for, votes_against, abstentions)
    year, number = next_reference(
        Decision, partnership=meeting.partnership, year=timezone.localtime(meeting.starts_at).year
    )
    return Decision.objects.create(
        partnership_id=meeting.partnership_id,
        meeting=meeting,
        agenda_item=agenda_item,
        year=year,
        number=number,
        text=text,
        how=how,
        easy_read_text=(easy_read_text or "").strip(),
        recorded_by=recorded_by,
        **counts,
    )


@transaction.atomic
def decision_edit(
    *,
    decision: Decision,
    agenda_item: AgendaItem | None,
    text: str,
    how: str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    easy_read_text: str = "",
    easy_read_picture: str = "",
    by: User | None = None,
) -> Decision:
    """Correct a decision's words or how it was made. Its reference number never changes, and the words
    before the change are kept."""
    require_unlocked(decision.meeting_id)
    _check_agenda_item(decision.meeting, agenda_item)
    DecisionChange.objects.create(
        partnership_id=decision.partnership_id,
        decision=decision,
        text=decision.text,
        how=decision.how,
        votes_for=decision.votes_for,
        votes_against=decision.votes_against,
        abstentions=decision.abstentions,
        easy_read_text=decision.easy_read_text,
        changed_by=by,
    )
    decision.text = _check_text(text, "Enter the words agreed.")
    for name, value in _votes(how, votes_for, votes_against, abstentions).items():
        setattr(decision, name, value)
    decision.how = how
    decision.agenda_item = agenda_item
    decision.easy_read_text = (easy_read_text or "").strip()
    decision.easy_read_picture = easy_read_picture or ""
    decision.save()
    return decision


# ---------------------------------------------------------------- action points


def owner_people(partnership: Partnership) -> list[User]:
    """People who may own an action point: the partnership's current members, by name. One query."""
    members = (
        Membership.objects.current()
        .filter(partnership=partnership)
        .exclude(role__in=ROLES_NOT_OWNING)
        .select_related("person")
        .order_by("person__full_name")
    )
    return [m.person for m in members]


def owner_groups(partnership: Partnership) -> list[PartnerGroup]:
    return list(PartnerGroup.objects.filter(partnership=partnership).order_by("name"))


def _check_owner(
    partnership: Partnership,
    owner_person: User | None,
    owner_group: PartnerGroup | None,
    *,
    unchanged_from: ActionPoint | None = None,
) -> None:
    if (owner_person is None) == (owner_group is None):
        raise ValidationError({"owner": OWNER_REQUIRED})
    if unchanged_from is not None and (
        unchanged_from.owner_person_id == getattr(owner_person, "pk", None)
        and unchanged_from.owner_group_id == getattr(owner_group, "pk", None)
    ):
        return  # keeping the owner an action point already has, even if they have since left
    if owner_group is not None and owner_group.partnership_id != partnership.pk:
        raise ValidationError({"owner": "Choose a partner group from this partnership."})
    if (
        owner_person is not None
        and not Membership.objects.current()
        .filter(partnership=partnership, person=owner_person)
        .exclude(role__in=ROLES_NOT_OWNING)
        .exists()
    ):
        raise ValidationError({"owner": "Choose a person who is a partner in this partnership."})


@transaction.atomic
def action_point_record(
    *,
    meeting: Meeting,
    agenda_item: AgendaItem | None,
    text: str,
    owner_person: User | None,
    owner_group: PartnerGroup | None,
    due_on: date | None,
    created_by: User,
) -> ActionPoint:
    """An action point from a meeting: what is to be done, who does it (a person or a partner group) and by
    when, with the next reference number in the partnership (A-2026-012)."""
    partnership = meeting.partnership
    _check_meeting_open(meeting)
    require_unlocked(meeting)
    _check_agenda_item(meeting, agenda_item)
    text = _check_text(text, "Enter what is to be done.")
    _check_owner(partnership, owner_person, owner_group)
    if due_on is None:
        raise ValidationError({"due_on": "Enter the date it is due by."})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": DUE_IN_PAST})
    year, number = next_reference(
        ActionPoint,
        partnership=partnership,
        year=timezone.localtime(meeting.starts_at).year if meeting else None,
    )
    return ActionPoint.objects.create(
        partnership=partnership,
        meeting=meeting,
        agenda_item=agenda_item,
        year=year,
        number=number,
        text=text,
        owner_person=owner_person,
        owner_group=owner_group,
        due_on=due_on,
        created_by=created_by,
    )


@transaction.atomic
def action_point_edit(
    *,
    action_point: ActionPoint,
    agenda_item: AgendaItem | None,
    text: str,
    owner_person: User | None,
    owner_group: PartnerGroup | None,
    due_on: date | None,
    easy_read_text: str = "",
    easy_read_picture: str = "",
) -> ActionPoint:
    """Correct what an action point says, who owns it or when it is due. A due date in the past is allowed
    here (the record may be catching up with what was agreed); only new action points must be due ahead.

    Once the minutes of its meeting are approved, what it says and the item it came from are the record and
    stay as they are; who owns it, when it is due and its easy read retelling may still change."""
    if agenda_item is not None and (
        action_point.meeting_id is None or agenda_item.meeting_id != action_point.meeting_id
    ):
        raise ValidationError({"agenda_item": "Choose an item from this meeting's agenda."})
    text = _check_text(text, "Enter what is to be done.")
    record_changed = text != action_point.text or getattr(agenda_item, "pk", None) != (
        action_point.agenda_item_id
    )
    if record_changed and action_point.meeting_id is not None and meeting_is_locked(action_point.meeting_id):
        raise ValidationError(ACTION_RECORD_LOCKED)
    _check_owner(action_point.partnership, owner_person, owner_group, unchanged_from=action_point)
    if due_on is None:
        raise ValidationError({"due_on": "Enter the date it is due by."})
    action_point.agenda_item = agenda_item
    action_point.text = text
    action_point.owner_person = owner_person
    action_point.owner_group = owner_group
    action_point.due_on = due_on
    action_point.easy_read_text = (easy_read_text or "").strip()
    action_point.easy_read_picture = easy_read_picture or ""
    # Only these fields: its progress (status, who closed it) moves separately and must not be undone here.
    action_point.save(
        update_fields=[
            "agenda_item",
            "text",
            "owner_person",
            "owner_group",
            "due_on",
            "easy_read_text",
            "easy_read_picture",
        ]
    )
    return action_point


def action_point_update(
    *, action_point: ActionPoint, status: str, close_reason: str = "", by: User
) -> ActionPoint:
    """Move an action point along: open, in progress, done or dropped. Done or dropped needs a short reason
    and records who closed it and when; reopening clears that."""
    if status not in ActionPoint.Status.values:
        raise ValidationError({"status": "Choose open, in progress, done or dropped."})
    close_reason = (close_reason or "").strip()
    if status in CLOSED_STATUSES:
        if not close_reason:
            raise ValidationError({"close_reason": REASON_REQUIRED})
        if action_point.status != status:
            action_point.closed_by = by
            action_point.closed_at = timezone.now()
        action_point.close_reason = close_reason
    else:
        action_point.close_reason = ""
        action_point.closed_by = None
        action_point.closed_at = None
    action_point.status = status
    action_point.save(update_fields=["status", "close_reason", "closed_by", "closed_at"])
    return action_point


def may_update_action_point(
    action_point: ActionPoint, membership: Membership, *, details: bool = False
) -> bool:
    """The one rule for who may change an action point.

    Moving it along (its status): coordinators, the partnership's chairs, the chairs of the meeting it came
    from, and its owner (the person, or anyone in the owning partner group). Its details (`details=True`:
    what it says, who owns it, when it is due): the same people but not the owner. Read-only roles
    (observers, visiting experts) never."""
    if is_read_only(membership):
        return False
    if membership.role in {Role.COORDINATOR, Role.CHAIR}:
        return True
    if not details and (
        (action_point.owner_person_id is not None and action_point.owner_person_id == membership.person_id)
        or (action_point.owner_group_id is not None and action_point.owner_group_id == membership.group_id)
    ):
        return True
    return action_point.meeting is not None and powers_for(action_point.meeting, membership).chair


# ---------------------------------------------------------------- lists for other pages


def overdue_first(queryset: QuerySet, today: date | None = None) -> QuerySet:
    """Overdue first, then what is still open by due date, then what is done or dropped."""
    today = today or timezone.localdate()
    open_q = Q(status__in=OPEN_STATUSES)
    return queryset.annotate(
        urgency=Case(
            When(open_q & Q(due_on__lt=today), then=Value(0)),
            When(open_q, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("urgency", "due_on", "year", "number")


def with_owners(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("owner_person", "owner_group", "meeting", "meeting__partnership")


def my_action_points(*, partnership: Partnership, person: User) -> QuerySet:
    """The open action points a person owns, directly or through their partner group, overdue first.
    For "My action points" on the workspace home. One query."""
    return overdue_first(
        with_owners(ActionPoint.objects.filter(partnership=partnership).open().owned_by(person))
    )


def open_action_points_before(meeting: Meeting) -> QuerySet:
    """Open action points from the partnership's earlier meetings (those that started before this one), to
    carry forward on the agenda under "Action points from earlier meetings" until they are done. One query."""
    earlier = Q(meeting__starts_at__lt=meeting.starts_at) | Q(
        meeting__isnull=True, created_at__lt=meeting.starts_at
    )
    return overdue_first(
        with_owners(ActionPoint.objects.filter(partnership_id=meeting.partnership_id).open().filter(earlier))
    )
