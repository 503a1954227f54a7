"""Who may do what with the work plan. The one place that says so.

- Coordinators and chairs change the plan: outcomes, themes, tasks, outputs, activities, the order of the
  themes, the settings; they open a ranking and record the agreed order and the agreed plan at a meeting.
- A task's leads (its lead groups, its owner person or owner group) update that task's status and dates.
- Partners (everyone but observers and visiting experts) comment, suggest, propose an outcome and rank themes.
- Observers and visiting experts read the plan, its timeline and its print.
"""

from django.core.exceptions import PermissionDenied

from coproduction.access import is_read_only
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
