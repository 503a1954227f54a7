"""Test data made through the same models and services the app uses."""

import itertools

from allauth.account.models import EmailAddress

from partners.models import AccessNeed, Membership, PartnerGroup, Partnership, Role, User

PASSWORD = "correct-horse-battery"
_numbers = itertools.count(1)


def make_user(
    email: str | None = None, *, full_name: str | None = None, password: str = PASSWORD, **fields
) -> User:
    n = next(_numbers)
    email = email or f"person{n}@example.org"
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name or f"Person {n}", **fields
    )
    # Invited people's addresses are verified by the invitation link; tests start from there.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def make_partnership(name: str | None = None, *, slug: str | None = None, **fields) -> Partnership:
    n = next(_numbers)
    return Partnership.objects.create(
        name=name or f"Partnership {n}", slug=slug or f"partnership-{n}", **fields
    )


def make_group(
    partnership: Partnership, name: str | None = None, kind: str = PartnerGroup.Kind.DPO
) -> PartnerGroup:
    return PartnerGroup.objects.create(
        partnership=partnership, name=name or f"Group {next(_numbers)}", kind=kind
    )


def make_member(
    partnership: Partnership, person: User | None = None, *, role: str = Role.MEMBER, **fields
) -> Membership:
    return Membership.objects.create(
        partnership=partnership, person=person or make_user(), role=role, **fields
    )


def make_need(person: User, code: str = "large_print", **fields) -> AccessNeed:
    return AccessNeed.objects.create(person=person, code=code, **fields)


def make_meeting(partnership: Partnership, *, days_ahead: int = 14, hours: float = 2.5, **fields):
    """A meeting `days_ahead` days from now at 10:00 in the partnership's time zone, with the standing agenda."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from meetings.services.meetings import meeting_create

    day = timezone.localdate() + timedelta(days=days_ahead)
    starts = datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(partnership.time_zone))
    fields.setdefault("title", f"Partnership meeting {next(_numbers)}")
    creator = fields.pop("created_by", None) or make_user()
    return meeting_create(
        partnership=partnership,
        created_by=creator,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        **fields,
    )


def make_venue(partnership: Partnership, **fields):
    from meetings.models import Venue

    fields.setdefault("name", f"Venue {next(_numbers)}")
    fields.setdefault("address", "1 High Street, Riverside")
    return Venue.objects.create(partnership=partnership, **fields)
