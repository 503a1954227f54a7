"""Grow the demo many times over: years of meetings in one partnership, and many partnerships beside it.

Used by the page benchmark (`make bench-pages`) and by the query budget tests, which check that no page asks
the database more as a partnership's history grows. Everything is made through the app's own services and
models, as the demo is. `grow(times=10)` leaves the demo partnership with about ten times the demo's meetings
(two past for each upcoming one, as a partnership years in would have), with their agendas, minutes,
decisions, action points, replies and bookings, plus people who have left, invitations, glossary words,
pictures and background papers in proportion, and ground rules too: for each past meeting grown, a version of
the ground rules agreed there (three new rules, one changed, one proposal not agreed, a concern), and for
each extra demo's worth two proposals under discussion with everyone's answers and comments, on an upcoming
meeting's agenda; and the work plan: for each extra demo's worth seven more tasks in the demo's outcome and a
new outcome with two themes and seven tasks of its own (each task with an output, what it needs first, its
changes with why), a networks window, comments, a ranking with everyone's dots, new dates proposed, the grown
past meetings as activities and a version of the plan agreed at one of them, until the plan holds about 200
tasks (a big plan for 10 to 15 people): the demo's 7 tasks become 49 at 4×, 203 at 15× and stay 203 beyond.
Not idempotent: call it once, on a fresh demo.
"""

import itertools
import math
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
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
        _grow_work_plan(work, extra)
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


WORK_PLAN_TASKS_PER_EXTRA = 14
# A plan stops growing here: more tasks than 10 to 15 people could keep is no partnership's plan.
WORK_PLAN_MOST_TASKS = 200


def _grow_work_plan(work: Partnership, extra: int) -> None:
    """The work plan a partnership years in would have: for each extra demo's worth, seven more tasks in the
    demo's first outcome (spread over its themes) and a new agreed outcome with two themes and seven tasks,
    each task needing the one before it, with an output, its "added" change and, for every third, a slip
    with why; a networks window, two comments, a ranking of the new themes with everyone's dots, one proposed
    move, an action point linked to a task, the grown past meetings as activities of the plan, and a version
    of the plan agreed at every other grown past meeting (with its decision); until the plan holds
    WORK_PLAN_MOST_TASKS. Does nothing for a demo without a work plan."""
    from workplan.models import (
        Activity,
        Comment,
        Outcome,
        Output,
        PlanChange,
        PlanVersion,
        ProposedMove,
        Ranking,
        RankingAnswer,
        Task,
        TaskActionPoint,
        Theme,
    )

    first = Outcome.objects.filter(partnership=work).order_by("position", "pk").first()
    if first is None:
        return
    held = Task.objects.filter(partnership=work).count()
    extra = min(extra, max(0, math.ceil((WORK_PLAN_MOST_TASKS - held) / WORK_PLAN_TASKS_PER_EXTRA)))
    if not extra:
        return
    today = timezone.localdate()
    members = [
        m.person for m in Membership.objects.current().filter(partnership=work).select_related("person")
    ]
    coordinator = Membership.objects.filter(partnership=work, role=Role.COORDINATOR).first().person
    first_themes = list(Theme.objects.filter(outcome=first).order_by("position", "pk"))
    grown_past = list(
        Meeting.objects.filter(
            partnership=work, title__startswith="Partnership meeting ", starts_at__lt=timezone.now()
        )
        .filter(plan_activity__isnull=True)
        .order_by("-starts_at")
    )[: 2 * extra]
    position = itertools.count(Outcome.objects.filter(partnership=work).count() + 1)
    serial = itertools.count(held + 1)
    # After every decision number so far, in any year (growth's own go from 1000, ground rules' after them).
    highest = Decision.objects.filter(partnership=work).aggregate(highest=Max("number"))["highest"] or 0
    decision_numbers = itertools.count(max(5000, highest) + 1)
    version_numbers = itertools.count(
        (
            PlanVersion.objects.filter(partnership=work)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        )
        + 1
    )

    def tasks_for(outcome, themes) -> list:
        made = []
        for n in range(7):
            number = next(serial)
            start = today + timedelta(days=14 * ((number % 26) - 8))
            end = start + timedelta(days=35)
            slipped = number % 3 == 0
            made.append(
                Task(
                    partnership=work,
                    outcome=outcome,
                    theme=themes[n % len(themes)] if themes else None,
                    title=f"Task {number}: find out what helps, step {n + 1}",
                    easy_read_text=f"We do step {n + 1}.",
                    easy_read_picture="openmoji:1F4CB",
                    planned_start=start,
                    planned_end=end,
                    expected_end=end + timedelta(days=21) if slipped else end,
                    status=(Task.Status.DONE, Task.Status.IN_PROGRESS, Task.Status.NOT_STARTED)[number % 3],
                    done_on=end if number % 3 == 0 else None,
                    owner_person=members[number % len(members)],
                    lead_group=first.lead_group,
                    second_lead_group=first.second_lead_group,
                    position=1000 + number,
                    created_by=coordinator,
                )
            )
        return made

    for k in range(extra):
        outcome = Outcome.objects.create(
            partnership=work,
            title=f"Outcome {k + 2}: disabled people have a say in service number {k + 2}",
            easy_read_text="Disabled people have a say.",
            easy_read_picture="openmoji:1F5E3",
            status=Outcome.Status.AGREED,
            agreed_on=today - timedelta(days=30 * (k + 1)),
            lead_group=first.lead_group,
            second_lead_group=first.second_lead_group,
            position=next(position),
            created_by=members[k % len(members)],
        )
        themes = Theme.objects.bulk_create(
            Theme(
                partnership=work, outcome=outcome, title=f"Theme {t + 1} of outcome {k + 2}", position=t + 1
            )
            for t in range(2)
        )
        tasks = Task.objects.bulk_create([*tasks_for(first, first_themes), *tasks_for(outcome, themes)])
        # Each task needs the one before it in its outcome: a chain, as a real plan's is.
        Task.needs.through.objects.bulk_create(
            Task.needs.through(from_task_id=later.pk, to_task_id=earlier.pk)
            for chain in (tasks[:7], tasks[7:])
            for earlier, later in zip(chain, chain[1:], strict=False)
        )
        Output.objects.bulk_create(
            Output(
                partnership=work,
                task=task,
                title=f"What {task.title.split(':')[0]} makes",
                easy_read_text="What we make.",
                easy_read_picture="openmoji:1F4C4",
                created_by=coordinator,
            )
            for task in tasks
        )
        PlanChange.objects.bulk_create(
            [
                PlanChange(
                    partnership=work,
                    task=task,
                    subject=task.title,
                    field=PlanChange.Field.ADDED,
                    words="added to the plan",
                    changed_by=coordinator,
                    changed_at=timezone.now() - timedelta(days=60),
                )
                for task in tasks
            ]
            + [
                PlanChange(
                    partnership=work,
                    task=task,
                    subject=task.title,
                    field=PlanChange.Field.DATES,
                    words="is now expected to end 3 weeks later",
                    reason="the people we needed were on holiday",
                    changed_by=task.owner_person,
                )
                for task in tasks
                if task.expected_end > task.planned_end
            ]
        )
        follower = tasks[1]
        ProposedMove.objects.create(
            partnership=work,
            task=follower,
            because_of=tasks[0],
            new_start=tasks[0].expected_end + timedelta(days=1),
            new_end=tasks[0].expected_end + timedelta(days=36),
        )
        Activity.objects.create(
            partnership=work,
            kind=Activity.Kind.NETWORKS,
            title=f"Ask our networks, round {k + 1}",
            starts_on=tasks[8].planned_start - timedelta(days=42),
            ends_on=tasks[8].planned_start - timedelta(days=15),
            lead_weeks=2,
            task=tasks[8],
            theme=themes[0],
            created_by=coordinator,
        )
        Comment.objects.bulk_create(
            Comment(
                partnership=work,
                outcome=outcome,
                task=tasks[7 + c],
                kind=(Comment.Kind.COMMENT, Comment.Kind.SUGGESTION)[c],
                text=f"Comment {c + 1}: could we ask people in easy read too?",
                author=members[(k + c) % len(members)],
            )
            for c in range(2)
        )
        ranking = Ranking.objects.create(
            partnership=work, outcome=outcome, opened_by=coordinator, closed_at=timezone.now()
        )
        RankingAnswer.objects.bulk_create(
            RankingAnswer(partnership=work, ranking=ranking, person=person, theme=theme, value=(2, 1)[t])
            for person in members
            for t, theme in enumerate(themes)
        )
        action = ActionPoint.objects.filter(partnership=work, plan_task__isnull=True).first()
        if action is not None:
            TaskActionPoint.objects.create(partnership=work, task=tasks[2], action_point=action)
    # The grown past meetings are the plan's activities; a version of the plan was agreed at one of each two.
    Activity.objects.bulk_create(
        Activity(
            partnership=work,
            kind=Activity.Kind.MEETING,
            meeting=meeting,
            title=meeting.title,
            starts_on=timezone.localtime(meeting.starts_at).date(),
            ends_on=timezone.localtime(meeting.starts_at).date(),
            theme=first_themes[n % len(first_themes)] if first_themes else None,
        )
        for n, meeting in enumerate(grown_past)
    )
    snapshot = _plan_snapshot(work)
    for meeting in list(reversed(grown_past))[::2]:
        day = timezone.localtime(meeting.starts_at).date()
        decision = Decision.objects.create(
            partnership=work,
            meeting=meeting,
            year=day.year,
            number=next(decision_numbers),
            text="We agree the work plan as it stands.",
            how=Decision.How.CONSENSUS,
            recorded_by=coordinator,
        )
        PlanVersion.objects.create(
            partnership=work,
            number=next(version_numbers),
            agreed_on=day,
            meeting=meeting,
            decision=decision,
            snapshot=snapshot,
            created_by=coordinator,
        )


def _plan_snapshot(work: Partnership) -> dict:
    """The plan as it stands, in a version's snapshot shape (workplan.models.PlanVersion.snapshot)."""
    from workplan.models import Outcome, Task, Theme

    return {
        "outcomes": [
            {"pk": o.pk, "title": o.title, "status": o.status}
            for o in Outcome.objects.filter(partnership=work)
        ],
        "themes": [
            {"pk": t.pk, "outcome": t.outcome_id, "title": t.title, "position": t.position}
            for t in Theme.objects.filter(partnership=work)
        ],
        "tasks": [
            {
                "pk": t.pk,
                "title": t.title,
                "outcome": t.outcome_id,
                "theme": t.theme_id,
                "planned_start": t.planned_start.isoformat(),
                "planned_end": t.planned_end.isoformat(),
                "expected_end": t.expected_end.isoformat(),
                "status": t.status,
            }
            for t in Task.objects.filter(partnership=work)
        ],
    }
