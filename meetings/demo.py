"""The demo's meetings: two past meetings with approved minutes, decisions and action points (some overdue),
and the next meeting with a full agenda, replies, and a venue without the hearing loop someone needs, so
its access plan shows a need not met. Idempotent: it adds nothing once the demo partnership has meetings."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from partners.models import Membership, PartnerGroup, Partnership, User

from .models import (
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
    PartnerView,
    Venue,
)
from .services.agenda import breaks_propose, item_add
from .services.meetings import meeting_create

HUB_FEATURES = [
    "step_free",
    "lift",
    "wheelchair_space",
    "accessible_toilet",
    "accessible_parking",
    "quiet_room",
    "adjustable_lighting",
    "dog_area",
    "seating_choice",
    "public_transport",
]


def _person(email: str) -> User:
    return User.objects.get(email=email)


def _at(partnership: Partnership, day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(partnership.time_zone))


def _first_tuesday_after(day):
    return day + timedelta(days=(1 - day.weekday()) % 7 or 7)


def load() -> None:
    partnership = Partnership.objects.filter(slug="work-together-riverside").first()
    if partnership is None or Meeting.objects.filter(partnership=partnership).exists():
        return
    morag = _person("coordinator@example.org")
    sanjay = _person("chair@example.org")
    fi = _person("cochair@example.org")
    aileen = _person("minutes@example.org")
    groups = {g.name: g for g in PartnerGroup.objects.filter(partnership=partnership)}
    members = [
        m.person
        for m in Membership.objects.current().filter(partnership=partnership).select_related("person")
    ]

    hub = Venue.objects.create(
        partnership=partnership,
        name="Riverside Community Hub",
        address="22 Mill Street\nRiverside\nRV1 4EF",
        public_transport="Buses 7 and 12 stop outside. Riverside station (step-free) is a 5-minute walk.",
        parking="Two accessible spaces at the front door; more in the council car park across the road.",
        drop_off="At the front door, under the canopy.",
        is_neutral=True,
        cost_per_meeting=45,
        capacity=30,
        features=HUB_FEATURES,
        access_notes="The hearing loop in the main hall is broken until the spring.",
    )
    Venue.objects.create(
        partnership=partnership,
        name="Riverside Council Chambers",
        address="Town Hall, 1 High Street\nRiverside\nRV1 1AA",
        public_transport="Buses 3, 7 and 12 stop on High Street.",
        is_neutral=False,
        owner_group=groups.get("Riverside Council"),
        cost_per_meeting=0,
        capacity=40,
        features=["step_free", "lift", "accessible_toilet", "hearing_loop", "wheelchair_space"],
    )

    today = timezone.localdate()
    past_days = [
        _first_tuesday_after(today - timedelta(days=70)),
        _first_tuesday_after(today - timedelta(days=35)),
    ]
    next_day = _first_tuesday_after(today + timedelta(days=9))
    year = today.year

    def roles(meeting):
        MeetingRole.objects.bulk_create(
            [
                MeetingRole(
                    partnership=partnership, meeting=meeting, person=sanjay, role=MeetingRole.Role.CHAIR
                ),
                MeetingRole(partnership=partnership, meeting=meeting, person=fi, role=MeetingRole.Role.CHAIR),
                MeetingRole(
                    partnership=partnership,
                    meeting=meeting,
                    person=aileen,
                    role=MeetingRole.Role.MINUTE_TAKER,
                ),
            ]
        )

    past = []
    for index, day in enumerate(past_days):
        meeting = meeting_create(
            partnership=partnership,
            created_by=morag,
            title=["Getting started", "What gets in the way of work"][index],
            starts_at=_at(partnership, day, 10),
            ends_at=_at(partnership, day, 12, 30),
            venue=hub,
            format=Meeting.Format.HYBRID,
            online_link="https://meet.example.org/work-together",
            live_captions=True,
        )
        roles(meeting)
        meeting.status = Meeting.Status.MINUTES_APPROVED
        meeting.run_started_at = meeting.starts_at
        meeting.run_ended_at = meeting.ends_at
        meeting.save()
        for person in members:
            Attendance.objects.create(
                partnership=partnership,
                meeting=meeting,
                person=person,
                reply=Attendance.Reply.ATTENDING,
                present=not (index == 0 and person.email == "council@example.org"),
            )
        past.append(meeting)

    # What the two past meetings said and decided.
    first, second = past
    for meeting, topic in (
        (first, "how we will work together"),
        (second, "what stops disabled people getting work"),
    ):
        item = item_add(
            meeting=meeting,
            title=f"Talking about {topic}",
            purpose=AgendaItem.Purpose.DISCUSSION,
            duration_minutes=45,
            lead=fi,
            easy_read_text=f"We talked about {topic}.",
        )
        minutes = Minutes.objects.create(
            partnership=partnership,
            meeting=meeting,
            status=Minutes.Status.APPROVED,
            revision=3,
            locked=True,
            sent_for_comment_at=meeting.ends_at + timedelta(days=3),
            approved_at=meeting.ends_at + timedelta(days=35),
            approved_at_meeting=second if meeting == first else None,
            updated_by=aileen,
        )
        for agenda_item in meeting.agenda_items.all():
            MinuteEntry.objects.create(
                partnership=partnership,
                minutes=minutes,
                agenda_item=agenda_item,
                text=f"{agenda_item.title}: discussed. Everyone had the chance to speak.",
            )
        PartnerView.objects.create(
            partnership=partnership,
            minutes=minutes,
            agenda_item=item,
            person=_person("member@example.org"),
            words="Job interviews are the hardest part. Nobody books an interpreter for them.",
            recorded_by=aileen,
        )
        MinutesVersion.objects.create(
            partnership=partnership,
            minutes=minutes,
            revision=3,
            event=MinutesVersion.Event.APPROVED if meeting == first else MinutesVersion.Event.SENT,
            snapshot={
                "items": [{"agenda_item": e.agenda_item_id, "text": e.text} for e in minutes.entries.all()]
            },
            created_by=sanjay,
        )
        Decision.objects.create(
            partnership=partnership,
            meeting=meeting,
            agenda_item=item,
            year=year,
            number=1 if meeting == first else 2,
            text="We will meet on the first Tuesday of each month, 10:00 to 12:30, at a neutral venue."
            if meeting == first
            else "We will ask 50 disabled people what stops them getting work, in the way that suits each.",
            how=Decision.How.CONSENSUS,
            easy_read_text="We will meet every month."
            if meeting == first
            else "We will ask 50 disabled people.",
            recorded_by=aileen,
        )
    # The second meeting's minutes are still a draft, out for comment; the next meeting approves them.
    Minutes.objects.filter(meeting=second).update(
        status=Minutes.Status.OUT_FOR_COMMENT, locked=False, approved_at=None
    )
    Meeting.objects.filter(pk=second.pk).update(status=Meeting.Status.HELD)

    for action_number, (meeting, text, owner_person, owner_group, due, status) in enumerate(
        (
            (first, "Find a neutral venue with step-free access", morag, None, -40, ActionPoint.Status.DONE),
            (
                first,
                "Write the ground rules in easy read",
                None,
                groups.get("Disabled People's Voice"),
                -10,
                ActionPoint.Status.OPEN,
            ),
            (
                second,
                "Ask the jobcentre how they book BSL interpreters",
                sanjay,
                None,
                -3,
                ActionPoint.Status.IN_PROGRESS,
            ),
            (second, "Draft the questions for the 50 conversations", fi, None, 20, ActionPoint.Status.OPEN),
            (
                second,
                "Share the health board's employment figures",
                None,
                groups.get("Riverside Health Board"),
                12,
                ActionPoint.Status.OPEN,
            ),
        )
    ):
        ActionPoint.objects.create(
            partnership=partnership,
            meeting=meeting,
            year=year,
            number=action_number + 1,
            text=text,
            owner_person=owner_person,
            owner_group=owner_group,
            due_on=today + timedelta(days=due),
            status=status,
            close_reason="Riverside Community Hub is booked." if status == ActionPoint.Status.DONE else "",
            closed_by=morag if status == ActionPoint.Status.DONE else None,
            closed_at=timezone.now() - timedelta(days=38) if status == ActionPoint.Status.DONE else None,
            created_by=aileen,
        )

    # The next meeting: a full agenda, replies, and a venue whose hearing loop is broken.
    upcoming = meeting_create(
        partnership=partnership,
        created_by=morag,
        title="Planning the 50 conversations",
        description="We agree how to talk with 50 disabled people about work, and who does what.",
        starts_at=_at(partnership, next_day, 10),
        ends_at=_at(partnership, next_day, 12, 30),
        venue=hub,
        format=Meeting.Format.HYBRID,
        online_link="https://meet.example.org/work-together",
        live_captions=True,
    )
    roles(upcoming)
    for title, purpose, minutes, lead in (
        ("Where people find out about jobs", AgendaItem.Purpose.DISCUSSION, 25, fi),
        ("The questions we will ask", AgendaItem.Purpose.DECISION, 20, _person("easyread@example.org")),
        ("Who talks to whom, and how", AgendaItem.Purpose.DECISION, 15, sanjay),
    ):
        item_add(
            meeting=upcoming,
            title=title,
            purpose=purpose,
            duration_minutes=minutes,
            lead=lead,
            easy_read_text="",
        )
    # Morag and Ruth need regular breaks: the agenda plans them, as the agenda page offers to.
    breaks_propose(meeting=upcoming)
    replies = {
        "member@example.org": Attendance.Reply.ATTENDING,
        "cochair@example.org": Attendance.Reply.ATTENDING,
        "hearing@example.org": Attendance.Reply.ATTENDING,
        "lowvision@example.org": Attendance.Reply.ATTENDING,
        "council@example.org": Attendance.Reply.NOT_ATTENDING,
        "health@example.org": Attendance.Reply.NOT_SURE,
    }
    for email, reply in replies.items():
        Attendance.objects.create(
            partnership=partnership,
            meeting=upcoming,
            person=_person(email),
            reply=reply,
            replied_at=timezone.now() - timedelta(days=2),
        )
    Arrangement.objects.create(
        partnership=partnership,
        meeting=upcoming,
        need_code="bsl_interpreter",
        description="Two BSL/English interpreters booked with Deaf Action Riverside",
        cost=280,
        booked_by=morag,
    )
    Arrangement.objects.create(
        partnership=partnership,
        meeting=upcoming,
        need_code="accessible_transport",
        description="Wheelchair-accessible taxi booked for Fi, there and back",
        cost=36,
        booked_by=morag,
    )

    _easy_read(partnership, upcoming, morag)


# Easy read for the next meeting, written by people (here, by the demo's authors), with a picture each. The
# standing items (welcome, apologies, minutes, action points, any other business, how did today go) bring
# their own from the partnership's standing items list (meetings.services.agenda.DEFAULT_STANDING_ITEMS).
EASY_READ_AGENDA = {
    "Where people find out about jobs": ("We talk about where people hear about jobs.", "openmoji:1F4BC"),
    "The questions we will ask": ("We agree the questions for the 50 talks.", "openmoji:2753"),
    "Who talks to whom, and how": ("We agree who talks to each person. We agree how.", "openmoji:1F4AC"),
    "Break": ("We have a break.", "openmoji:2615"),
}
EASY_READ_ACTIONS = {
    "Write the ground rules in easy read": (
        "Disabled People's Voice will write our rules in easy read.",
        "openmoji:1F4DD",
    ),
    "Ask the jobcentre how they book BSL interpreters": (
        "Sanjay will ask the jobcentre about BSL interpreters.",
        "openmoji:1F450",
    ),
    "Draft the questions for the 50 conversations": (
        "Fi will write the questions for the 50 talks.",
        "openmoji:2753",
    ),
    "Share the health board's employment figures": (
        "The health board will share how many disabled people have jobs.",
        "openmoji:1F3E5",
    ),
}


def _easy_read(partnership: Partnership, meeting: Meeting, coordinator: User) -> None:
    from partners.models import GlossaryTerm

    from .models import EasyReadCheck

    for item in meeting.agenda_items.all():
        if item.title in EASY_READ_AGENDA:  # standing items already have theirs
            text, picture = EASY_READ_AGENDA[item.title]
            AgendaItem.objects.filter(pk=item.pk).update(easy_read_text=text, easy_read_picture=picture)
    for action in ActionPoint.objects.filter(partnership=partnership):
        text, picture = EASY_READ_ACTIONS.get(action.text, ("", ""))
        ActionPoint.objects.filter(pk=action.pk).update(easy_read_text=text, easy_read_picture=picture)
    Decision.objects.filter(partnership=partnership, number=1).update(
        easy_read_text="We will meet every month.", easy_read_picture="openmoji:1F4C5"
    )
    Decision.objects.filter(partnership=partnership, number=2).update(
        easy_read_text="We will talk with 50 disabled people about work.", easy_read_picture="openmoji:1F465"
    )
    for word, explanation in (
        ("interpreter", "A person who turns speech into sign language, or sign language into speech."),
        ("health board", "The people who run hospitals and doctors in our area."),
        ("jobcentre", "A place that helps people find work."),
    ):
        GlossaryTerm.objects.get_or_create(
            partnership=partnership, word=word, defaults={"explanation": explanation}
        )
    EasyReadCheck.objects.create(
        partnership=partnership,
        meeting=meeting,
        checked_by="Chloe and the Riverside self-advocacy group",
        notes="They changed two words and picked clearer pictures.",
        recorded_by=coordinator,
    )
