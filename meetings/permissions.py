"""Who may do what with a meeting. Views call `meeting_access` on their first line, after which they know the
partnership, the caller's membership, the meeting and the caller's powers for it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coproduction.access import is_read_only, partnership_access
from partners.models import Membership, Partnership, Role

from .models import AgendaItem, Meeting, MeetingRole

MEETING_STARTED_MESSAGE = (
    "This meeting has started or already happened, so only its chairs and coordinators can add to its "
    "agenda. You can ask a chair, or propose your item for the next meeting."
)


@dataclass(frozen=True)
class Powers:
    """What the caller may do with one meeting. Partnership roles carry over; meeting roles add to them."""

    manage: bool  # set up the meeting, venue, invitations, arrangements (coordinators)
    chair: bool  # run the meeting, record presence, decisions and action points
    minutes: bool  # write the minutes
    agenda: bool  # shape the agenda (everyone may propose an item)

    def require(self, power: str) -> None:
        if not getattr(self, power):
            raise PermissionDenied


def powers_for(meeting: Meeting, membership: Membership, meeting_roles: set[str] | None = None) -> Powers:
    if meeting_roles is None:
        meeting_roles = set(
            MeetingRole.objects.filter(meeting=meeting, person_id=membership.person_id).values_list(
                "role", flat=True
            )
        )
    coordinator = membership.role == Role.COORDINATOR
    chair = coordinator or membership.role == Role.CHAIR or MeetingRole.Role.CHAIR in meeting_roles
    minutes = (
        coordinator
        or membership.role == Role.MINUTE_TAKER
        or MeetingRole.Role.MINUTE_TAKER in meeting_roles
        or MeetingRole.Role.CHAIR in meeting_roles
    )
    return Powers(manage=coordinator, chair=chair, minutes=minutes, agenda=chair)


def meeting_access(
    request: HttpRequest,
    slug: str,
    pk: int,
    *,
    power: str | None = None,
    prepare: Callable[[QuerySet], QuerySet] | None = None,
) -> tuple[Partnership, Membership, Meeting, Powers]:
    """The meeting, fetched through the partnership; 404 for outsiders (and for visiting experts not invited
    to it), 403 when `power` is given and the caller lacks it. `prepare` adds what a page needs to the
    meeting's query (annotations, prefetches); when it prefetches `roles`, the caller's powers are read from
    them instead of asked for again."""
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    # With its minutes, so pages know whether the meeting's record is locked without another query.
    meetings = Meeting.objects.select_related("venue", "partnership", "minutes").visible_to(membership)
    meeting = get_object_or_404(prepare(meetings) if prepare else meetings, partnership=partnership, pk=pk)
    roles = getattr(meeting, "_prefetched_objects_cache", {}).get("roles")
    mine = None if roles is None else {r.role for r in roles if r.person_id == membership.person_id}
    powers = powers_for(meeting, membership, mine)
    if is_read_only(membership) and power is not None:
        raise PermissionDenied
    if power is not None:
        powers.require(power)
    return partnership, membership, meeting, powers


def partnership_meetings_access(
    request: HttpRequest, slug: str, *, roles=None
) -> tuple[Partnership, Membership]:
    """For partnership-wide meeting pages (the meetings list): visiting experts are let in, and see only their
    own meetings through `Meeting.objects.visible_to`."""
    return partnership_access(request, slug, roles=roles, visiting_experts=True)


# ---------------------------------------------------------------- the agenda


def meeting_not_started(meeting: Meeting) -> bool:
    """Before the meeting: not yet run, and its start time still ahead."""
    return meeting.run_started_at is None and meeting.starts_at > timezone.now()


def may_add_agenda_item(meeting: Meeting, membership: Membership, powers: Powers) -> bool:
    """Who may add an item to a meeting's agenda, by role and time. Chairs, co-chairs and coordinators may
    at any time; any other partner may propose one before the meeting starts ("any member can propose an
    agenda item"); observers and visiting experts never. Cancelled and locked meetings are refused to
    everyone by the agenda service."""
    if is_read_only(membership):
        return False
    return powers.agenda or meeting_not_started(meeting)


def may_change_agenda_item(
    meeting: Meeting, membership: Membership, powers: Powers, item: AgendaItem
) -> bool:
    """Chairs and coordinators shape the agenda; whoever proposed an item may change or remove it until the
    meeting starts (standing items stay the chairs')."""
    if is_read_only(membership):
        return False
    if powers.agenda:
        return True
    return item.proposed_by_id == membership.person_id and not item.special and meeting_not_started(meeting)
