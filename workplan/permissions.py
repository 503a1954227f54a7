"""Who may do what with the work plan. The one place that says so.

- Coordinators and chairs change the plan: outcomes, themes, tasks, outputs, activities, the order of the
  themes, the settings; they open a ranking and record the agreed order and the agreed plan at a meeting.
- A task's leads (its lead groups, its owner person or owner group) update that task's status and dates.
- Partners (everyone but observers and visiting experts) comment, suggest, propose an outcome and rank themes.
- Observers and visiting experts read the plan, its timeline and its print.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from coproduction.access import is_read_only
from meetings.models import Meeting
from partners.models import Membership, Role

MANAGING_ROLES = frozenset({Role.COORDINATOR, Role.CHAIR})


def may_manage(membership: Membership) -> bool:
    return membership.role in MANAGING_ROLES


def may_take_part(membership: Membership) -> bool:
    """Comment, suggest, propose an outcome, rank themes."""
    return not is_read_only(membership)


def is_task_lead(membership: Membership, task) -> bool:
    """The task's owner, or a member of its owner group or one of its lead groups."""
    if is_read_only(membership):
        return False
    if task.owner_person_id is not None and task.owner_person_id == membership.person_id:
        return True
    groups = {task.owner_group_id, task.lead_group_id, task.second_lead_group_id} - {None}
    return membership.group_id is not None and membership.group_id in groups


def may_update_task(membership: Membership, task) -> bool:
    """Change the task's status and dates: coordinators and chairs, and the task's leads."""
    return may_manage(membership) or is_task_lead(membership, task)


def require_manager(membership: Membership) -> None:
    if not may_manage(membership):
        raise PermissionDenied


def require_partner(membership: Membership) -> None:
    if not may_take_part(membership):
        raise PermissionDenied


def require_task_updater(membership: Membership, task) -> None:
    if not may_update_task(membership, task):
        raise PermissionDenied


def seen_meetings(membership: Membership):
    """The partnership's meetings this member may see the record of, as a subquery of their ids: for a
    visiting expert only those they are invited to; None for everyone else (every meeting). The one rule for
    the plan's links to meetings and decisions and for its activities: a decision's words are its meeting's
    record, and can name a person's needs."""
    if membership.role != Role.VISITING_EXPERT:
        return None
    return (
        Meeting.objects.filter(partnership_id=membership.partnership_id).visible_to(membership).values("pk")
    )


def seen_activities(activities, membership: Membership):
    """Activities as this member may see them: a visiting expert sees the networks windows and the
    activities at meetings they are invited to."""
    seen = seen_meetings(membership)
    if seen is None:
        return activities
    return activities.filter(Q(meeting__isnull=True) | Q(meeting__in=seen))
