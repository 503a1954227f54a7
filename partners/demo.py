"""The demo partnerships: a disabled people's organisation, a council and a health board working on
employment, with 12 people whose access needs differ, and a second, separate partnership.

Idempotent: loading it twice leaves one demo. The shared password exists only here.
"""

from datetime import time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

from .models import (
    AccessNeed,
    CommunicationPreference,
    Membership,
    PartnerGroup,
    Partnership,
    Role,
    User,
)

DPO, COUNCIL, HEALTH = "Disabled People's Voice", "Riverside Council", "Riverside Health Board"

# email, full name, known as, pronouns, group, role, access needs [(code, extra)], preferences
PEOPLE = [
    (
        "coordinator@example.org",
        "Morag Campbell",
        "Morag",
        "she/her",
        DPO,
        Role.COORDINATOR,
        [("regular_breaks", {"minutes": 45})],
        {"paper_format": "standard"},
    ),
    ("chair@example.org", "Sanjay Patel", "", "he/him", COUNCIL, Role.CHAIR, [], {}),
    (
        "cochair@example.org",
        "Fiona MacLeod",
        "Fi",
        "she/her",
        DPO,
        Role.CHAIR,
        [
            ("wheelchair_space", {}),
            ("step_free", {}),
            ("accessible_toilet", {}),
            ("accessible_transport", {"note": "I use a powered wheelchair, so the taxi needs a ramp."}),
        ],
        {},
    ),
    (
        "member@example.org",
        "Jamie Robertson",
        "",
        "they/them",
        DPO,
        Role.MEMBER,
        [("bsl_interpreter", {"note": "BSL is my first language."}), ("bsl_video", {})],
        {"channels": ["email", "text", "video"], "paper_format": "standard"},
    ),
    ("minutes@example.org", "Aileen Stewart", "", "", COUNCIL, Role.MINUTE_TAKER, [], {}),
    (
        "lowvision@example.org",
        "Graham Ross",
        "",
        "he/him",
        DPO,
        Role.MEMBER,
        [
            ("large_print", {"note": "18 point, Arial, on white paper."}),
            ("lighting", {"note": "Bright, even light; no glare."}),
        ],
        {
            "paper_format": "large_print",
            "channels": ["email", "post"],
            "postal_address": "12 Harbour Road\nRiverside\nRV1 2AB",
        },
    ),
    (
        "easyread@example.org",
        "Chloe Brown",
        "",
        "she/her",
        DPO,
        Role.MEMBER,
        [
            ("easy_read", {}),
            ("extra_reading_time", {"days": 7}),
            ("support_worker", {"note": "My support worker Ann comes with me."}),
        ],
        {
            "paper_format": "easy_read",
            "channels": ["post", "phone"],
            "frequency": "packs_only",
            "postal_address": "4 Mill Lane\nRiverside\nRV3 4CD",
            "support_person_name": "Ann Murray",
            "support_person_email": "ann.murray@example.org",
        },
    ),
    (
        "dog@example.org",
        "David Wilson",
        "Dave",
        "he/him",
        DPO,
        Role.MEMBER,
        [("assistance_dog", {"note": "My guide dog is called Bess."}), ("electronic_text", {})],
        {"paper_format": "plain_text"},
    ),
    ("hearing@example.org", "Elaine Grant", "", "she/her", HEALTH, Role.MEMBER, [("hearing_loop", {})], {}),
    ("council@example.org", "Peter Hughes", "", "he/him", COUNCIL, Role.MEMBER, [], {"frequency": "weekly"}),
    (
        "health@example.org",
        "Nadia Hussain",
        "",
        "she/her",
        HEALTH,
        Role.MEMBER,
        [("earliest_start", {"earliest_start": time(10, 0)})],
        {},
    ),
    (
        "quiet@example.org",
        "Ruth Kerr",
        "",
        "",
        DPO,
        Role.MEMBER,
        [
            ("quiet_room", {"note": "Somewhere calm to go if the room gets too busy."}),
            ("regular_breaks", {"minutes": 60}),
        ],
        {"contact_between_meetings": False},
    ),
]

OUTSIDER = ("outsider@example.org", "Owen Price", "", "he/him")


def _person(email: str, full_name: str, known_as: str, pronouns: str) -> User:
    person, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "known_as": known_as, "pronouns": pronouns}
    )
    if created:
        person.set_password(settings.DEMO_PASSWORD)
        person.save()
    EmailAddress.objects.get_or_create(user=person, email=email, defaults={"verified": True, "primary": True})
    return person


def load() -> None:
    """Create or top up the demo. Callers check it is allowed (DEBUG, or a test)."""
    work, _ = Partnership.objects.get_or_create(
        slug="work-together-riverside",
        defaults={
            "name": "Work Together Riverside",
            "purpose": "Disabled people, the council and the health board designing together how more "
            "disabled people in Riverside get into, and stay in, good jobs.",
            "status": Partnership.Status.ACTIVE,
        },
    )
    groups = {
        name: PartnerGroup.objects.get_or_create(partnership=work, name=name, defaults={"kind": kind})[0]
        for name, kind in (
            (DPO, PartnerGroup.Kind.DPO),
            (COUNCIL, PartnerGroup.Kind.COUNCIL),
            (HEALTH, PartnerGroup.Kind.HEALTH_BOARD),
        )
    }
    joined = timezone.localdate() - timedelta(days=120)
    for email, full_name, known_as, pronouns, group, role, needs, prefs in PEOPLE:
        person = _person(email, full_name, known_as, pronouns)
        # They have worked together since before the demo's first meeting (about ten weeks ago), so every
        # figure that counts who was a member at a meeting (continuity) counts them.
        Membership.objects.get_or_create(
            partnership=work,
            person=person,
            defaults={"role": role, "group": groups[group], "joined_on": joined},
        )
        for code, extra in needs:
            if not AccessNeed.objects.filter(person=person, code=code).exists():
                AccessNeed.objects.create(person=person, code=code, **extra)
        CommunicationPreference.objects.get_or_create(
            person=person, defaults={"channels": ["email"], **prefs}
        )
    # Dave shares his needs by name: everyone knows Bess.
    User.objects.filter(email="dog@example.org").update(share_access_needs=True)

    other, _ = Partnership.objects.get_or_create(
        slug="hillside-transport",
        defaults={
            "name": "Hillside Accessible Transport",
            "purpose": "Making buses and trains in Hillside work for disabled passengers.",
            "status": Partnership.Status.FORMING,
        },
    )
    outsider = _person(*OUTSIDER)
    Membership.objects.get_or_create(partnership=other, person=outsider, defaults={"role": Role.COORDINATOR})
    CommunicationPreference.objects.get_or_create(person=outsider, defaults={"channels": ["email"]})
