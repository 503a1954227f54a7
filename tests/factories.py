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
