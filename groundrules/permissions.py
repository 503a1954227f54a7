"""Who may do what with the statement and the ground rules. The one place that says so.

- Coordinators and chairs manage: the statement's words, group commitments, putting proposals on an agenda,
  the settings. A meeting's chairs (and coordinators) record its agreement (see `views.meeting`, which asks
  `meetings.permissions.meeting_access` for the chair power).
- Partners (everyone but observers and visiting experts) propose rules, respond and comment.
- Observers and visiting experts read the current version only.
"""

from django.core.exceptions import PermissionDenied

from coproduction.access import is_read_only
from partners.models import Membership, Role

MANAGING_ROLES = frozenset({Role.COORDINATOR, Role.CHAIR})


def may_manage(membership: Membership) -> bool:
    return membership.role in MANAGING_ROLES


def may_take_part(membership: Membership) -> bool:
    """Propose, respond, comment and say whether they understand the statement."""
    return not is_read_only(membership)


def require_manager(membership: Membership) -> None:
    if not may_manage(membership):
        raise PermissionDenied


def require_partner(membership: Membership) -> None:
    if not may_take_part(membership):
        raise PermissionDenied
