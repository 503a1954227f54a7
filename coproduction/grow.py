"""Grow the demo many times over: years of meetings in one partnership, and many partnerships beside it.

Used by the page benchmark (`make bench-pages`) and by the query budget tests, which check that no page asks
the database more as a partnership's history grows. Everything is made through the app's own services and
models, as the demo is. `grow(times=10)` leaves the demo partnership with about ten times the demo's meetings
(two past for each upcoming one, as a partnership years in would have), with their agendas, minutes,
decisions, action points, replies and bookings, plus people who have left, invitations, glossary words,
pictures and background papers in proportion, and ground rules too: for each past meeting grown, a version of
the ground rules agreed there (three new rules, one changed, one proposal not agreed, a concern), and for
each extra demo's worth two proposals under discussion with everyone's answers and comments, on an upcoming
meeting's agenda. Not idempotent: call it once, on a fresh demo.
"""

import itertools
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from meetings.models import (
    ActionPoint,
    AgendaItem,
    Arrangement,
    Attendance,
    Decision,
    Meeting,
    MeetingRole,
    MinuteEntry,
    Minutes,
    MinutesVersion,
    Paper,
    Venue,
)
from meetings.services.agenda import item_add
from meetings.services.meetings import meeting_create
from partners.models import (
    GlossaryTerm,
    Invitation,
    Membership,
    Partnership,
    Picture,
    Role,
    User,
)

DEMO_SLUG = "work-together-riverside"

# A 1×1 PNG: the growth pictures are many rows, not many megabytes.
_PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082"
)


@transaction.atomic
def grow(times: int, partnerships: int = 0) -> Partnership:
    """Grow the demo partnership to `times` × its meetings and people's history, and add `partnerships`
    small partnerships beside it. Returns the demo partnership."""
    work = Partnership.objects.get(slug=DEMO_SLUG)
    extra = max(times - 1, 0)
    if extra:
        _grow_meetings(work, extra)
        _grow_partnership_data(work, extra)
        _grow_ground_rules(work, extra)
    for n in range(partnerships):
        _small_partnership(n)
    return work


def _at(partnership: Partnership, day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(partnership.time_zone))


def _grow_meetings(work: Partnership, extra: int) -> None:
    """For each extra demo's worth: two past meetings (minuted, approved, with a decision and two action
    points) going back a month at a time before the demo's first, and one upcoming meeting a month at a
    time after the demo's next."""
    coordinator = Membership.objects.filter(partnership=work, role=Role.COORDINATOR).first().person
    members = [
        m.person for m in Membership.objects.current().filter(partnership=work).select_related("person")
    ]
    chairs = [m.person for m in Membership.objects.current().filter(partnership=work, role=Role.CHAIR)]
    venue = Venue.objects.filter(partnership=work).first()
    existing = Meeting.objects.filter(partnership=work)
    first_day = timezone.localtime(existing.order_by("starts_at").first().starts_at).date()
    last_day = timezone.localtime(existing.order_by("-starts_at").first().starts_at).date()
    # Decisions and action points are numbered per year; growth numbers its own after any already there.
    numbers = itertools.count(
        1000
        + Decision.objects.filter(partnership=work).count()
        + ActionPoint.objects.filter(partnership=work).count()
    )

    past_days = [first_day - timedelta(days=28 * (n + 1)) for n in range(2 * extra)]
    for n, day in enumerate(past_days):
        meeting = _monthly_meeting(work, coordinator, venue, day)
        _roles(meeting, chairs, members)
        item = item_add(
            meeting=meeting,
            title=f"Topic {n + 1}: what we heard",
            purpose=AgendaItem.Purpose.DISCUSSION,
            duration_minutes=30,
            easy_read_text="We talk about what we heard.",
        )
        Meeting.objects.filter(pk=meeting.pk).update(
            status=Meeting.Status.MINUTES_APPROVED,
            run_started_at=meeting.starts_at,
            run_ended_at=meeting.ends_at,
        )
        Attendance.objects.bulk_create(
            Attendance(
                partnership=work,
                meeting=meeting,
                person=person,
                reply=Attendance.Reply.ATTENDING,
                present=True,
            )
            for person in members
        )
        minutes = Minutes.objects.create(
            partnership=work,
            meeting=meeting,
            status=Minutes.Status.APPROVED,
            revision=2,
            locked=True,
            sent_for_comment_at=meeting.ends_at + timedelta(days=3),
            approved_at=meeting.ends_at + timedelta(days=28),
            updated_by=coordinator,
        )
        MinuteEntry.objects.bulk_create(
            MinuteEntry(
                partnership=work,
                minutes=minutes,
                agenda_item=agenda_item,
                text=f"{agenda_item.title}: discussed. Everyone had the chance to speak.",
            )
            for agenda_item in meeting.agenda_items.all()
        )
        MinutesVersion.objects.create(
            partnership=work,
            minutes=minutes,
            revision=2,
            event=MinutesVersion.Event.APPROVED,
            snapshot={"items": []},
            created_by=coordinator,
        )
        Decision.objects.create(
            partnership=work,
            meeting=meeting,
            agenda_item=item,
            year=day.year,
            number=next(numbers),
            text=f"We agree step {n + 1} of the plan.",
            how=Decision.How.CONSENSUS,
            easy_read_text="We agree the next step.",
            recorded_by=coordinator,
        )
        # Old action points get done; the last few meetings' are still open, as in a living partnership.
        second = ActionPoint.Status.OPEN if n < 3 else ActionPoint.Status.DONE
        for k, status in enumerate((ActionPoint.Status.DONE, second)):
            ActionPoint.objects.create(
                partnership=work,
                meeting=meeting,
                agenda_item=item,
                year=day.year,
                number=next(numbers),
                text=f"Follow up topic {n + 1}, part {k + 1}",
                owner_person=members[(n + k) % len(members)],
                due_on=day + timedelta(days=21),
                status=status,
                close_reason="Done." if status == ActionPoint.Status.DONE else "",
                closed_by=coordinator if status == ActionPoint.Status.DONE else None,
                closed_at=meeting.ends_at + timedelta(days=20) if status == ActionPoint.Status.DONE else None,
                created_by=coordinator,
            )

    for n in range(extra):
        day = last_day + timedelta(days=28 * (n + 1))
        meeting = _monthly_meeting(work, coordinator, venue, day)
        _roles(meeting, chairs, members)
        Attendance.objects.bulk_create(
            Attendance(
                partnership=work,
                meeting=meeting,
                person=person,
                reply=Attendance.Reply.ATTENDING if k % 3 else Attendance.Reply.NOT_SURE,
                replied_at=timezone.now(),
            )
            for k, person in enumerate(members)
        )
        Arrangement.objects.create(
            partnership=work,
            meeting=meeting,
            need_code="bsl_interpreter",
            description="Two BSL/English interpreters booked",
            cost=280,
            booked_by=coordinator,
        )


def _monthly_meeting(work: Partnership, coordinator: User, venue: Venue | None, day) -> Meeting:
    return meeting_create(
        partnership=work,
        created_by=coordinator,
        title=f"Partnership meeting {day:%B %Y}",
        starts_at=_at(work, day, 10),
        ends_at=_at(work, day, 12, 30),
        venue=venue,
        format=Meeting.Format.HYBRID,
    )


def _roles(meeting: Meeting, chairs: list[User], members: list[User]) -> None:
    MeetingRole.objects.bulk_create(
        [
            MeetingRole(partnership=meeting.partnership, meeting=meeting, person=p, role="chair")
            for p in chairs
        ]
        + [
            MeetingRole(
                partnership=meeting.partnership,
                meeting=meeting,
                person=members[-1],
                role=MeetingRole.Role.MINUTE_TAKER,
            )
        ]
    )


def _grow_partnership_data(work: Partnership, extra: int) -> None:
    """What piles up over the years beside the meetings: people who came and left, invitations, glossary
    words, pictures and background papers."""
    coordinator = Membership.objects.filter(partnership=work, role=Role.COORDINATOR).first().person
    stamp = timezone.now().strftime("%H%M%S%f")
    joined = timezone.localdate() - timedelta(days=400)
    start = GlossaryTerm.objects.filter(partnership=work).count()
    for n in range(extra):
        person = User.objects.create_user(
            email=f"former{n}.{stamp}@example.org", password=None, full_name=f"Former Partner {n + 1}"
        )
        Membership.objects.create(
            partnership=work,
            person=person,
            role=Role.MEMBER,
            joined_on=joined - timedelta(days=30 * n),
            left_on=joined - timedelta(days=30 * n - 200),
        )
    Invitation.objects.bulk_create(
        Invitation(partnership=work, email=f"invited{n}.{stamp}@example.org", invited_by=coordinator)
        for n in range(2 * extra)
    )
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(
            partnership=work, word=f"word {start + n + 1}", explanation="What this word means, in short."
        )
        for n in range(extra)
    )
    for n in range(extra):
        Picture.objects.create(
            partnership=work,
            name=f"Picture {n + 1}",
            alt_text="A small picture",
            image=ContentFile(_PIXEL, name="pixel.png"),
        )
    Paper.objects.bulk_create(
        Paper(partnership=work, title=f"Background paper {n + 1}", created_by=coordinator)
        for n in range(extra)
    )


def _small_partnership(n: int) -> None:
    """Another partnership on the same server: a coordinator, a member and three meetings."""
    stamp = timezone.now().strftime("%H%M%S%f")
    partnership = Partnership.objects.create(name=f"Partnership {n + 1}", slug=f"partnership-{n + 1}-{stamp}")
    coordinator = User.objects.create_user(
        email=f"coordinator{n}.{stamp}@example.org", password=None, full_name=f"Coordinator {n + 1}"
    )
    Membership.objects.create(partnership=partnership, person=coordinator, role=Role.COORDINATOR)
    today = timezone.localdate()
    for k in (-2, -1, 1):
        day = today + timedelta(days=28 * k)
        meeting_create(
            partnership=partnership,
            created_by=coordinator,
            title=f"Meeting {k}",
            starts_at=_at(partnership, day, 14),
            ends_at=_at(partnership, day, 16),
        )


def _grow_ground_rules(work: Partnership, extra: int) -> None:
    """A version of the ground rules agreed at each grown past meeting (each through the service, so each
    has its decision), oldest first, and two open proposals per extra demo's worth on the grown upcoming
    meetings' agendas. From the demo's 1 version, 6 rules and 2 open proposals, `grow(10)` makes 19
    versions, 60 rules and 20 open proposals."""
    from groundrules.models import Comment, Concern, PersonalCommitment, Proposal, Response, StatementPoint
    from groundrules.services.meeting import agenda_add
    from groundrules.services.rules import current_version, version_agree

    members = [
        m.person for m in Membership.objects.current().filter(partnership=work).select_related("person")
    ]
    chair = Membership.objects.current().filter(partnership=work, role=Role.CHAIR).first().person
    grown = Meeting.objects.filter(partnership=work, title__startswith="Partnership meeting ")
    now = timezone.now()
    past = list(grown.filter(starts_at__lt=now).order_by("starts_at"))[: 2 * extra]
    upcoming = list(grown.filter(starts_at__gte=now).order_by("starts_at"))[-extra:]
    serial = itertools.count(Proposal.objects.filter(partnership=work).count() + 1)

    # The statement grows by two points for each extra, and everyone who was ever a member answered it.
    points = StatementPoint.objects.filter(partnership=work).count()
    StatementPoint.objects.bulk_create(
        StatementPoint(
            partnership=work,
            position=points + n + 1,
            text=f"Point {points + n + 1}: we keep learning from each other.",
            easy_read_text="We learn from each other.",
            easy_read_picture="openmoji:1F4DA",
        )
        for n in range(2 * extra)
    )
    answered = PersonalCommitment.objects.filter(partnership=work).values("person_id")
    PersonalCommitment.objects.bulk_create(
        PersonalCommitment(partnership=work, person_id=person_id, answer=PersonalCommitment.Answer.AGREE)
        for person_id in Membership.objects.filter(partnership=work)
        .exclude(person_id__in=answered)
        .values_list("person_id", flat=True)
    )

    def proposal(kind=Proposal.Kind.ADD, rule_key=None) -> Proposal:
        n = next(serial)
        return Proposal(
            partnership=work,
            kind=kind,
            rule_key=rule_key,
            text=f"Ground rule {n}: we look after each other in meetings, in way number {n}.",
            easy_read_text=f"Rule {n}. We look after each other.",
            easy_read_picture="openmoji:1F91D",
            in_practice="The chair checks everyone is all right at each break.",
            helped_write="Written with the easy read group" if n % 3 == 0 else "",
            why="It came up at the last meeting.",
            proposed_by=members[n % len(members)],
        )

    def answers(proposals: list[Proposal]) -> None:
        Response.objects.bulk_create(
            Response(
                partnership=work,
                proposal=p,
                person=person,
                answer=(Response.Answer.YES, Response.Answer.NOT_SURE, Response.Answer.NO)[k % 3],
                reason="I would say it differently." if k % 3 == 2 else "",
            )
            for p in proposals
            for k, person in enumerate(members)
        )
        Comment.objects.bulk_create(
            Comment(partnership=work, proposal=p, author=members[k], text=f"Comment {k + 1} on this.")
            for p in proposals
            for k in range(2)
        )

    for meeting in past:
        current = current_version(work)
        keys = list(current.rules.values_list("key", flat=True)) if current else []
        agreed = [proposal() for _ in range(3)]
        if keys:
            agreed.append(proposal(Proposal.Kind.CHANGE, rule_key=keys[len(keys) // 2]))
        not_agreed = [proposal()]
        saved = Proposal.objects.bulk_create([*agreed, *not_agreed])
        answers(saved)
        Minutes.objects.filter(meeting=meeting).update(locked=False)
        agreement = version_agree(
            meeting=meeting,
            agreed=saved[: len(agreed)],
            not_agreed=saved[len(agreed) :],
            recorded_by=chair,
            expected_number=(current.number if current else 0) + 1,
        )
        Minutes.objects.filter(meeting=meeting).update(locked=True)
        Concern.objects.create(
            partnership=work,
            version=agreement.version,
            person=members[agreement.version.number % len(members)],
            text="I missed the meeting and I am worried about one of the new rules.",
        )

    for meeting in upcoming:
        open_ones = Proposal.objects.bulk_create([proposal(), proposal()])
        answers(open_ones)
        agenda_add(meeting=meeting, proposals=open_ones)
