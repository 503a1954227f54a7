"""The demo's ground rules: what co-production means to Work Together Riverside, committed to by all three
partner groups (Chloe does not understand it yet, so the coordinator will go through it with her), version 1
of the ground rules agreed at the first meeting (six rules, each in easy read with a picture), and two
proposals under discussion for the next meeting, one with a "No" and its reason.

Runs after the meetings demo (it needs the meetings). Idempotent: it adds nothing once the demo partnership
has a version of its ground rules.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from meetings.models import AgendaItem, Meeting, Minutes
from partners.models import Membership, PartnerGroup, Partnership, User

from .defaults import STARTER_SUGGESTIONS
from .models import (
    Comment,
    GroupCommitment,
    PersonalCommitment,
    Proposal,
    Response,
    RulesVersion,
)
from .services.meeting import agenda_add
from .services.rules import version_agree
from .services.statement import statement_draft

DEMO_SLUG = "work-together-riverside"

# Who committed on each group's behalf, and how many days before the first meeting.
GROUP_COMMITMENTS = {
    "Disabled People's Voice": ("Fiona MacLeod, Chair", 21),
    "Riverside Council": ("Sanjay Patel, Head of Employability Services", 14),
    "Riverside Health Board": ("Dr Kirsty Munro, Director of Public Health", 10),
}

# The one person who does not understand the statement yet: Chloe reads in easy read, with her support worker.
NOT_YET = "easyread@example.org"

# Version 1: six of the starter suggestions, as the partners proposed them (text of the suggestion → who
# proposed it, what it looks like in practice, who helped write it).
VERSION_ONE = {
    "Promote equal participation: everyone gets the chance to speak and be heard.": (
        "cochair@example.org",
        "The chair asks each person in turn before we decide. Nobody talks over anybody.",
        "",
    ),
    "Say if you don't understand something. Nobody minds explaining again.": (
        "easyread@example.org",
        "Hold up the red card, or tell the chair or your support worker at the break.",
        "Written with her support worker Ann",
    ),
    "Always be respectful, even if you don't agree.": (
        "chair@example.org",
        "We talk about the idea, not the person. We let people finish.",
        "",
    ),
    "Keep everyone informed if something relevant happens between meetings.": (
        "council@example.org",
        "The coordinator emails everyone within a week, in each person's own format.",
        "",
    ),
    "If you miss a meeting, respect the decisions that were made.": (
        "health@example.org",
        "Read the minutes. If you have a concern, tell the coordinator and it goes to the next meeting.",
        "",
    ),
    "Information is sent out well before a meeting.": (
        "lowvision@example.org",
        "Papers go out in every format, large print and easy read too, on the same day.",
        "",
    ),
}

PHONES = "Phones on silent and put away during meetings."
RESPECT_CHANGE = "Always be respectful, even if you don't agree. Talk about the idea, not the person."


def _person(email: str) -> User:
    return User.objects.get(email=email)


def _at(partnership: Partnership, day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(partnership.time_zone))


@transaction.atomic
def load() -> None:
    partnership = Partnership.objects.filter(slug=DEMO_SLUG).first()
    if partnership is None:
        return
    meetings = list(Meeting.objects.filter(partnership=partnership).order_by("starts_at"))
    now = timezone.now()
    past = [m for m in meetings if m.starts_at < now]
    upcoming = [m for m in meetings if m.starts_at >= now]
    if not past or RulesVersion.objects.filter(partnership=partnership).exists():
        return
    first = past[0]
    first_day = timezone.localtime(first.starts_at).date()
    morag = _person("coordinator@example.org")
    sanjay = _person("chair@example.org")
    members = [
        m.person
        for m in Membership.objects.current().filter(partnership=partnership).select_related("person")
    ]

    _statement(partnership, first_day, morag, members)
    version = _version_one(partnership, first, sanjay, members)
    _under_discussion(partnership, version, upcoming[0] if upcoming else None, members)


def _statement(partnership: Partnership, first_day, coordinator: User, members: list[User]) -> None:
    statement_draft(partnership)
    for group in PartnerGroup.objects.filter(partnership=partnership):
        if group.name not in GROUP_COMMITMENTS:
            continue
        who, days_before = GROUP_COMMITMENTS[group.name]
        GroupCommitment.objects.get_or_create(
            group=group,
            defaults={
                "partnership": partnership,
                "committed_by": who,
                "committed_on": first_day - timedelta(days=days_before),
                "recorded_by": coordinator,
                "recorded_at": _at(partnership, first_day - timedelta(days=days_before), 15),
            },
        )
    for n, person in enumerate(members):
        PersonalCommitment.objects.get_or_create(
            partnership=partnership,
            person=person,
            defaults={
                "answer": PersonalCommitment.Answer.NOT_YET
                if person.email == NOT_YET
                else PersonalCommitment.Answer.AGREE,
                "answered_at": _at(partnership, first_day - timedelta(days=20 - n), 11),
            },
        )


def _version_one(partnership: Partnership, first: Meeting, chair: User, members: list[User]) -> RulesVersion:
    first_day = timezone.localtime(first.starts_at).date()
    suggestions = {text: (easy, picture, notice) for text, easy, picture, notice in STARTER_SUGGESTIONS}
    proposals = []
    for n, (text, (email, in_practice, helped)) in enumerate(VERSION_ONE.items()):
        easy, picture, notice = suggestions[text]
        proposals.append(
            Proposal.objects.create(
                partnership=partnership,
                kind=Proposal.Kind.ADD,
                text=text,
                easy_read_text=easy,
                easy_read_picture=picture,
                in_practice=in_practice,
                uses_papers_notice=notice,
                notice_days=partnership.papers_notice_days if notice else None,
                helped_write=helped,
                proposed_by=_person(email),
                created_at=_at(partnership, first_day - timedelta(days=28 - n), 14),
            )
        )
    # Most partners answered; Peter was not sure about the papers notice before the meeting talked it over.
    Response.objects.bulk_create(
        Response(
            partnership=partnership,
            proposal=proposal,
            person=person,
            answer=Response.Answer.NOT_SURE
            if proposal.uses_papers_notice and person.email == "council@example.org"
            else Response.Answer.YES,
            reason="Ten days is hard for the council's reports. Can we talk about it?"
            if proposal.uses_papers_notice and person.email == "council@example.org"
            else "",
            answered_at=_at(partnership, first_day - timedelta(days=7), 12),
        )
        for proposal in proposals
        for person in members[: 8 if proposal.uses_papers_notice else 6]
    )
    # The ground rules were agreed under "Talking about how we will work together". The first meeting's
    # minutes are approved and locked in the demo: the decision is recorded as it was at the meeting, before
    # they were locked, then they are locked again.
    item = AgendaItem.objects.filter(meeting=first, title__startswith="Talking about").first()
    Proposal.objects.filter(pk__in=[p.pk for p in proposals]).update(agenda_item=item)
    locked = Minutes.objects.filter(meeting=first, locked=True)
    was_locked = list(locked.values_list("pk", flat=True))
    locked.update(locked=False)
    agreement = version_agree(
        meeting=first,
        agreed=proposals,
        not_agreed=[],
        recorded_by=chair,
        expected_number=1,
        agenda_item=item,
    )
    Minutes.objects.filter(pk__in=was_locked).update(locked=True)
    version = agreement.version
    # As it was at the time: agreed at the meeting, sent to Peter (who missed it) the day after, and the
    # time for concerns long over.
    agreed_on = timezone.localtime(first.starts_at).date()
    RulesVersion.objects.filter(pk=version.pk).update(
        created_at=first.ends_at,
        sent_at=first.ends_at + timedelta(days=1),
        concerns_until=agreed_on + timedelta(days=14),
    )
    type(agreement.decision).objects.filter(pk=agreement.decision.pk).update(
        easy_read_picture="openmoji:1F4CB"
    )
    version.refresh_from_db()
    return version


def _under_discussion(
    partnership: Partnership, version: RulesVersion, upcoming: Meeting | None, members: list[User]
) -> None:
    today = timezone.localdate()
    respect = version.rules.filter(text__startswith="Always be respectful").first()
    phones = Proposal.objects.create(
        partnership=partnership,
        kind=Proposal.Kind.ADD,
        text=PHONES,
        easy_read_text="Put your phone on silent in meetings.",
        easy_read_picture="openmoji:1F4F5",
        in_practice="Phones do not ring or beep. Step out if you need to take a call.",
        why="Phones rang three times at the last meeting and people lost their place.",
        proposed_by=_person("quiet@example.org"),
        helped_write="Written with the Riverside self-advocacy group",
        created_at=_at(partnership, today - timedelta(days=12), 10),
    )
    change = Proposal.objects.create(
        partnership=partnership,
        kind=Proposal.Kind.CHANGE,
        rule_key=respect.key if respect else None,
        text=RESPECT_CHANGE,
        easy_read_text="Be kind and polite, even when you do not agree. Talk about the idea, not the person.",
        easy_read_picture="openmoji:1F91D",
        in_practice=respect.in_practice if respect else "",
        why="We said this at the first meeting; we would like it in the rule itself.",
        proposed_by=_person("chair@example.org"),
        created_at=_at(partnership, today - timedelta(days=10), 10),
    )
    by_email = {person.email: person for person in members}
    answers = [
        (phones, "quiet@example.org", Response.Answer.YES, ""),
        (phones, "cochair@example.org", Response.Answer.YES, ""),
        (phones, "health@example.org", Response.Answer.NOT_SURE, ""),
        (
            phones,
            "member@example.org",
            Response.Answer.NO,
            "I use my phone to message the BSL interpreter and to follow the captions. Silent is fine, "
            "put away is not.",
        ),
        (change, "chair@example.org", Response.Answer.YES, ""),
        (change, "cochair@example.org", Response.Answer.YES, ""),
        (change, "lowvision@example.org", Response.Answer.YES, ""),
    ]
    Response.objects.bulk_create(
        Response(
            partnership=partnership,
            proposal=proposal,
            person=by_email[email],
            answer=answer,
            reason=reason,
            answered_at=_at(partnership, today - timedelta(days=5), 16),
        )
        for proposal, email, answer, reason in answers
        if email in by_email
    )
    Comment.objects.create(
        partnership=partnership,
        proposal=phones,
        author=by_email.get("coordinator@example.org"),
        text="Could we say “on silent” and leave out “put away”, so Jamie can keep using their phone?",
        created_at=_at(partnership, today - timedelta(days=4), 9),
    )
    if upcoming is not None:
        agenda_add(meeting=upcoming, proposals=[phones, change])
