"""The one access helper every tenant view calls first.

Anyone who is not a current member of the partnership gets 404 whether or not it exists, so missing and
forbidden look the same. A member without the role a write needs gets 403.
"""

import zoneinfo
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone

from partners.models import Membership, Partnership, Role

# Observers and visiting experts take part (they read, and are there at meetings) but never write: they do not
# record, add, change or run anything. The one place that says so.
READ_ONLY_ROLES = frozenset({Role.OBSERVER, Role.VISITING_EXPERT})


def is_read_only(membership: Membership) -> bool:
    """Whether this partner takes part without writing anything (an observer or a visiting expert)."""
    return membership.role in READ_ONLY_ROLES


class SignInRequired(Exception):
    """Nobody is signed in: send them to sign in, and back here afterwards."""


class TwoFactorRequired(Exception):
    """The partnership requires two-factor authentication of everyone who sees access needs by name
    (coordinators and chairs, and whoever chairs one of its meetings), and this person has not set it up."""

    def __init__(self, partnership: Partnership):
        self.partnership = partnership


def has_two_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def sees_needs_by_name(membership: Membership) -> bool:
    """Whether this member sees other people's access needs by name somewhere in the partnership: by their
    role (coordinators, chairs), or because they chair one of its meetings (the access plan names everyone to
    that meeting's chairs). Access needs can reveal health conditions: these accounts are worth guarding."""
    if membership.sees_access_needs:
        return True
    # As meetings.services.access_plan.may_see_bookings: a meeting role never shows an observer or a visiting
    # expert other people's needs, so it asks no more of them either.
    if is_read_only(membership):
        return False
    from meetings.models import MeetingRole  # coproduction wires the apps together; imported late, no cycle

    return MeetingRole.objects.filter(
        partnership_id=membership.partnership_id,
        person_id=membership.person_id,
        role=MeetingRole.Role.CHAIR,
    ).exists()


def two_factor_missing(membership: Membership, user) -> bool:
    """Whether the partnership asks this member for two-factor authentication and they have not set it up.
    The cheap checks go first: most partnerships do not ask, and most members do not see needs by name."""
    return (
        membership.partnership.require_mfa_for_coordinators
        and sees_needs_by_name(membership)
        and not has_two_factor(user)
    )


def partnership_access(
    request: HttpRequest, slug: str, *, roles: Iterable[str] | None = None, visiting_experts: bool = False
) -> tuple[Partnership, Membership]:
    """Return the partnership and the caller's current membership, or raise 404 (not a member) or 403.

    `roles`, when given, are the roles allowed to do what the view is about to do. Visiting experts see only
    the meetings they are invited to: a view that lets them in says `visiting_experts=True` and then checks
    the meeting; everywhere else they are outsiders (404).
    """
    user = request.user
    if not user.is_authenticated:
        raise SignInRequired
    membership = (
        Membership.objects.current()
        .select_related("partnership", "group")
        .filter(partnership__slug=slug, person=user)
        .first()
    )
    if membership is None:
        raise Http404
    partnership = membership.partnership
    if membership.role == Role.VISITING_EXPERT and not visiting_experts:
        raise Http404
    if roles is not None and membership.role not in set(roles):
        raise PermissionDenied
    # The field keeps its first name; it now covers everyone who sees access needs by name.
    if two_factor_missing(membership, user):
        raise TwoFactorRequired(partnership)
    # Dates and times on the partnership's pages are in its own time zone (AccessMiddleware resets it).
    timezone.activate(zoneinfo.ZoneInfo(partnership.time_zone))
    return partnership, membership
