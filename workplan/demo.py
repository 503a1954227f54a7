"""The demo's work plan: the outcome "More disabled people in employment", agreed, with three themes in the
order the partners chose (three dots each, then a decision at the first meeting), seven tasks with their
outputs and what each needs first, one task taking longer than planned because the venue was not ready (the
task that waits for it has new dates proposed, for Morag to confirm), an "involve our networks" window for
the 50 conversations, the demo's meetings as the plan's rhythm, the plan agreed at the second meeting (version
1), an action point from a meeting belonging to a task, partners' comments and suggestions; and a second
outcome Jamie has just proposed.

Dates are counted from the demo's meetings, which are counted from today, so the plan moves with the demo.
Runs after the meetings and ground rules demos. Idempotent: it adds nothing once the demo partnership has an
outcome in its plan.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from meetings.models import ActionPoint, AgendaItem, Decision, Meeting, MeetingSeries, Minutes
from partners.models import PartnerGroup, Partnership, User

from .models import (
    Activity,
    Comment,
    Outcome,
    Output,
    PlanChange,
    PlanVersion,
    Ranking,
    RankingAnswer,
    Task,
    TaskActionPoint,
    Theme,
)
from .services.agreement import plan_agree, ranking_agree
from .services.tasks import status_set, task_add, task_save

DEMO_SLUG = "work-together-riverside"
DPO, COUNCIL, HEALTH = "Disabled People's Voice", "Riverside Council", "Riverside Health Board"

OUTCOME = "More disabled people in employment"
PROPOSED_OUTCOME = "Disabled people can travel independently"
SLIP_REASON = "the venue was not ready"

# The themes, in the order the partners agreed: (title, easy read words, picture, dots each person gave).
THEMES = [
    (
        "What stops people getting work",
        "We find out what stops disabled people getting a job.",
        "openmoji:1F6D1",
    ),
    (
        "What employers need to know",
        "We find out what bosses need to know about disabled workers.",
        "openmoji:1F3E2",
    ),
    (
        "Interview skills training",
        "We make a course to help people get ready for job interviews.",
        "openmoji:1F9D1-200D-1F3EB",
    ),
]

# Three dots each, before the first meeting: who put their dots where (theme 1, 2, 3).
DOTS = {
    "coordinator@example.org": (2, 1, 0),
    "chair@example.org": (1, 1, 1),
    "cochair@example.org": (2, 0, 1),
    "member@example.org": (1, 0, 2),
    "easyread@example.org": (2, 0, 1),
    "lowvision@example.org": (1, 2, 0),
    "council@example.org": (1, 2, 0),
    "health@example.org": (2, 1, 0),
}

ORDER_WORDS = "Most dots went to finding out what stops people getting work, so we start there."
PLAN_WORDS = "We will look at the plan again at every meeting, and say why when anything changes."


def _person(email: str) -> User:
    return User.objects.get(email=email)


def _at(partnership: Partnership, day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(partnership.time_zone))


def _day(meeting: Meeting) -> date:
    return timezone.localtime(meeting.starts_at).date()


@transaction.atomic
def load() -> None:
    partnership = Partnership.objects.filter(slug=DEMO_SLUG).first()
    if partnership is None or Outcome.objects.filter(partnership=partnership).exists():
        return
    meetings = list(Meeting.objects.filter(partnership=partnership).order_by("starts_at"))
    now = timezone.now()
    past = [m for m in meetings if m.starts_at < now]
    upcoming = [m for m in meetings if m.starts_at >= now]
    if len(past) < 2 or not upcoming:
        return
    first, second, following = past[0], past[1], upcoming[0]
    people = {
        email: _person(email)
        for email in {
            "coordinator@example.org",
            "chair@example.org",
            "cochair@example.org",
            "member@example.org",
            "easyread@example.org",
            *DOTS,
        }
    }
    groups = {g.name: g for g in PartnerGroup.objects.filter(partnership=partnership)}

    outcome = _outcome(partnership, first, people, groups)
    themes = _themes(partnership, outcome, first, people)
    order = _order_agreed(partnership, outcome, themes, first, people)
    tasks = _tasks(partnership, outcome, themes, first, second, following, people, groups)
    _rhythm(partnership, meetings, (first, second, following), themes, tasks, people)
    _plan_agreed(partnership, outcome, second, people, order)
    _since_agreed(partnership, outcome, tasks, people)
    _proposed(partnership, people)


# ---------------------------------------------------------------- the outcome and its themes


def _outcome(partnership: Partnership, first: Meeting, people: dict, groups: dict) -> Outcome:
    first_day = _day(first)
    outcome = Outcome.objects.create(
        partnership=partnership,
        title=OUTCOME,
        description="Disabled people in Riverside get into good jobs, and stay in them, as often as anyone "
        "else does.",
        for_whom="Disabled people in Riverside who want to work",
        easy_read_text="More disabled people will have a job.",
        easy_read_picture="openmoji:1F4BC",
        lead_group=groups.get(DPO),
        second_lead_group=groups.get(COUNCIL),
        status=Outcome.Status.AGREED,
        agreed_on=first_day,
        position=1,
        created_by=people["coordinator@example.org"],
        created_at=_at(partnership, first_day - timedelta(days=21), 11),
    )
    return outcome


def _themes(partnership: Partnership, outcome: Outcome, first: Meeting, people: dict) -> list[Theme]:
    made = _at(partnership, _day(first) - timedelta(days=20), 11)
    return [
        Theme.objects.create(
            partnership=partnership,
            outcome=outcome,
            title=title,
            easy_read_text=easy,
            easy_read_picture=picture,
            position=n + 1,
            created_by=people["coordinator@example.org"],
            created_at=made,
        )
        for n, (title, easy, picture) in enumerate(THEMES)
    ]


def _order_agreed(
    partnership: Partnership, outcome: Outcome, themes: list[Theme], first: Meeting, people: dict
) -> Decision:
    """Three dots each, answered in the fortnight before the first meeting; the chair recorded the order
    there as a decision (workplan.services.agreement). The first meeting's minutes are approved and locked in
    the demo: the decision is recorded as it was at the meeting, then they are locked again (as the ground
    rules demo does)."""
    first_day = _day(first)
    sanjay = people["chair@example.org"]
    ranking = Ranking.objects.create(
        partnership=partnership,
        outcome=outcome,
        method=Ranking.Method.DOTS,
        opened_by=sanjay,
        opened_at=_at(partnership, first_day - timedelta(days=14), 9),
    )
    RankingAnswer.objects.bulk_create(
        RankingAnswer(
            partnership=partnership,
            ranking=ranking,
            person=people[email],
            theme=theme,
            value=dots[n],
            answered_at=_at(partnership, first_day - timedelta(days=10 - k), 15),
        )
        for k, (email, dots) in enumerate(DOTS.items())
        for n, theme in enumerate(themes)
    )
    locked = Minutes.objects.filter(meeting=first, locked=True)
    was_locked = list(locked.values_list("pk", flat=True))
    locked.update(locked=False)
    decision = ranking_agree(
        ranking=ranking,
        meeting=first,
        order=themes,
        how=Decision.How.CONSENSUS,
        words=ORDER_WORDS,
        by=sanjay,
    )
    Minutes.objects.filter(pk__in=was_locked).update(locked=True)
    item = AgendaItem.objects.filter(meeting=first, title__startswith="Talking about").first()
    Decision.objects.filter(pk=decision.pk).update(
        agenda_item=item, easy_read_picture="openmoji:1F91D", created_at=first.ends_at
    )
    Ranking.objects.filter(pk=ranking.pk).update(closed_at=first.ends_at)
    PlanChange.objects.filter(partnership=partnership, field=PlanChange.Field.ORDER).update(
        changed_at=first.ends_at
    )
    return decision


# ---------------------------------------------------------------- the tasks, their outputs and needs


def _tasks(
    partnership: Partnership,
    outcome: Outcome,
    themes: list[Theme],
    first: Meeting,
    second: Meeting,
    following: Meeting,
    people: dict,
    groups: dict,
) -> dict[str, Task]:
    """Seven tasks, counted from the meetings: F the first meeting's day, S the second's, N the next's."""
    F, S, N = _day(first), _day(second), _day(following)
    morag, fi, sanjay = (
        people["coordinator@example.org"],
        people["cochair@example.org"],
        people["chair@example.org"],
    )
    dpo, council, health = groups.get(DPO), groups.get(COUNCIL), groups.get(HEALTH)
    stop, employers, interviews = themes
    tasks: dict[str, Task] = {}

    def add(key, title, theme, start, end, *, needs=(), easy="", picture="", **fields) -> Task:
        task = task_add(
            partnership=partnership,
            outcome=outcome,
            by=morag,
            needs=[tasks[k] for k in needs],
            title=title,
            theme=theme,
            planned_start=start,
            planned_end=end,
            easy_read_text=easy,
            easy_read_picture=picture,
            **fields,
        )
        tasks[key] = task
        return task

    add(
        "survey",
        "Survey: what stops people getting work",
        stop,
        F + timedelta(days=7),
        S - timedelta(days=4),
        easy="We ask people what makes it hard to get a job.",
        picture="openmoji:1F4CB",
        description="A short survey in print, large print, easy read, BSL video and online.",
        owner_group=dpo,
        lead_group=dpo,
        second_lead_group=council,
    )
    add(
        "talk",
        "Talk to 50 disabled people",
        stop,
        N + timedelta(days=7),
        N + timedelta(days=48),
        needs=["survey"],
        easy="We talk with 50 disabled people about work.",
        picture="openmoji:1F4AC",
        description="Conversations in the way that suits each person: face to face, by phone, by video call "
        "or in BSL.",
        owner_person=fi,
        lead_group=dpo,
        second_lead_group=health,
    )
    add(
        "heard",
        "Write what we heard",
        stop,
        N + timedelta(days=49),
        N + timedelta(days=76),
        needs=["talk"],
        easy="We write down what people told us.",
        picture="openmoji:1F4DD",
        owner_group=dpo,
        lead_group=dpo,
        second_lead_group=council,
    )
    add(
        "ask_employers",
        "Ask employers what they need to know",
        employers,
        S + timedelta(days=7),
        N + timedelta(days=35),
        easy="We ask bosses what they need to know.",
        picture="openmoji:2753",
        description="Ten local employers, large and small, and the jobcentre.",
        owner_person=sanjay,
        lead_group=council,
        second_lead_group=dpo,
    )
    add(
        "guide",
        "Write a guide for employers",
        employers,
        N + timedelta(days=77),
        N + timedelta(days=140),
        needs=["heard", "ask_employers"],
        easy="We write a guide for bosses.",
        picture="openmoji:1F4DA",
        owner_group=council,
        lead_group=council,
        second_lead_group=dpo,
    )
    add(
        "design",
        "Design interview skills training",
        interviews,
        N + timedelta(days=84),
        N + timedelta(days=154),
        needs=["heard"],
        easy="We plan a course about job interviews.",
        picture="openmoji:1F4A1",
        owner_group=dpo,
        lead_group=dpo,
        second_lead_group=health,
    )
    add(
        "run_course",
        "Run the first interview skills course",
        interviews,
        N + timedelta(days=161),
        N + timedelta(days=189),
        needs=["design"],
        easy="We run the course for the first time.",
        picture="openmoji:1F9D1-200D-1F3EB",
        owner_group=health,
        lead_group=health,
        second_lead_group=dpo,
    )

    # What the tasks produce, in plain words and in easy read.
    for key, title, easy, picture, description in (
        (
            "survey",
            "Survey results",
            "What people told us in the survey.",
            "openmoji:1F4C4",
            "Answers from 212 people, in a short report.",
        ),
        (
            "guide",
            "Guide for employers",
            "A guide for bosses. It says how to help disabled people at work.",
            "openmoji:1F4DA",
            "What employers need to know to take on disabled people and keep them: in print, online and in "
            "easy read.",
        ),
        (
            "run_course",
            "Interview skills training course",
            "A course to help people get ready for job interviews.",
            "openmoji:1F9D1-200D-1F3EB",
            "A one-day course, run with disabled trainers, with BSL and easy read versions.",
        ),
    ):
        task = tasks[key]
        Output.objects.create(
            partnership=partnership,
            task=task,
            title=title,
            description=description,
            easy_read_text=easy,
            easy_read_picture=picture,
            lead_group=task.lead_group,
            second_lead_group=task.second_lead_group,
            position=1,
            created_by=morag,
        )

    # Added the week after the first meeting, when the order of the themes was agreed; the survey was done
    # before the second meeting.
    added = _at(partnership, F + timedelta(days=2), 10)
    PlanChange.objects.filter(partnership=partnership, field=PlanChange.Field.ADDED).update(changed_at=added)
    Task.objects.filter(pk__in=[t.pk for t in tasks.values()]).update(created_at=added)
    Output.objects.filter(partnership=partnership).update(created_at=added)
    survey = tasks["survey"]
    status_set(task=survey, revision=survey.revision, by=fi, status=Task.Status.DONE)
    Task.objects.filter(pk=survey.pk).update(done_on=S - timedelta(days=6))
    PlanChange.objects.filter(partnership=partnership, field=PlanChange.Field.STATUS, task=survey).update(
        changed_at=_at(partnership, S - timedelta(days=6), 16)
    )
    for task in tasks.values():
        task.refresh_from_db()
    return tasks


def _rhythm(
    partnership: Partnership,
    meetings: list[Meeting],
    three: tuple[Meeting, Meeting, Meeting],
    themes: list[Theme],
    tasks: dict,
    people: dict,
) -> None:
    """The demo's meetings are the plan's rhythm (monthly, on a Tuesday morning), each an activity of the
    plan where it is about the plan; and the networks' window for the 50 conversations."""
    morag = people["coordinator@example.org"]
    if not any(m.series_id for m in meetings):
        series = MeetingSeries.objects.create(
            partnership=partnership,
            description="Every month, on a Tuesday, 10:00 to 12:30",
            created_by=morag,
        )
        Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(series=series)
    first, second, following = three
    for meeting, theme, task in (
        (first, None, None),
        (second, themes[0], None),
        (following, None, tasks["talk"]),
    ):
        day = _day(meeting)
        Activity.objects.create(
            partnership=partnership,
            kind=Activity.Kind.MEETING,
            meeting=meeting,
            title=meeting.title,
            starts_on=day,
            ends_on=day,
            theme=theme,
            task=task,
            created_by=morag,
        )
    talk = tasks["talk"]
    talk.meetings.add(following)
    tasks["survey"].meetings.add(second)
    # The partners' networks (the self-advocacy group, the Deaf club, the carers' centre) hold the 50
    # conversations in their own places; what they bring back is what "Write what we heard" needs, two
    # weeks before it starts.
    Activity.objects.create(
        partnership=partnership,
        kind=Activity.Kind.NETWORKS,
        title="50 conversations with disabled people",
        description="What 50 disabled people tell us about getting work and keeping it, in their own words.",
        starts_on=talk.planned_start,
        ends_on=talk.planned_start + timedelta(weeks=4) - timedelta(days=1),
        lead_weeks=2,
        task=tasks["heard"],
        theme=themes[0],
        created_by=morag,
    )
    # Fi's action point from the second meeting belongs to the conversations.
    questions = ActionPoint.objects.filter(
        partnership=partnership, text="Draft the questions for the 50 conversations"
    ).first()
    if questions is not None:
        TaskActionPoint.objects.create(
            partnership=partnership, task=talk, action_point=questions, linked_by=morag
        )
    decision = Decision.objects.filter(
        partnership=partnership, text__startswith="We will ask 50 disabled people"
    ).first()
    if decision is not None:
        talk.decisions.add(decision)
        tasks["survey"].decisions.add(decision)


# ---------------------------------------------------------------- agreeing the plan, and since


def _plan_agreed(
    partnership: Partnership, outcome: Outcome, second: Meeting, people: dict, order: Decision
) -> PlanVersion:
    """Version 1 of the plan, agreed at the second meeting (its minutes are out for comment, not locked),
    through workplan.services.agreement, so its snapshot is the plan's as it stood then."""
    sanjay = people["chair@example.org"]
    version = plan_agree(
        partnership=partnership,
        meeting=second,
        how=Decision.How.CONSENSUS,
        expected_number=1,
        words=PLAN_WORDS,
        by=sanjay,
    )
    item = AgendaItem.objects.filter(meeting=second, title__startswith="Talking about").first()
    Decision.objects.filter(pk=version.decision_id).update(
        agenda_item=item, easy_read_picture="openmoji:1F4C5", created_at=second.ends_at
    )
    PlanVersion.objects.filter(pk=version.pk).update(created_at=second.ends_at)
    outcome.decisions.add(version.decision_id)
    outcome.meetings.add(second)
    return version


def _since_agreed(partnership: Partnership, outcome: Outcome, tasks: dict, people: dict) -> None:
    """Since the plan was agreed: the 50 conversations will take three weeks longer, because the venue was
    not ready; "Write what we heard" waits for them, so new dates are proposed for it, for Morag to confirm.
    It cannot start yet. Partners comment and suggest."""
    today = timezone.localdate()
    fi, sanjay = people["cochair@example.org"], people["chair@example.org"]
    asking = tasks["ask_employers"]
    status_set(task=asking, revision=asking.revision, by=sanjay, status=Task.Status.IN_PROGRESS)
    PlanChange.objects.filter(task=asking, field=PlanChange.Field.STATUS).update(
        changed_at=_at(partnership, asking.planned_start, 9)
    )
    talk = tasks["talk"]
    task_save(
        task=talk,
        revision=talk.revision,
        by=fi,
        reason=SLIP_REASON,
        expected_end=talk.planned_end + timedelta(weeks=3),
    )
    PlanChange.objects.filter(task=talk, field=PlanChange.Field.DATES).update(
        changed_at=_at(partnership, today - timedelta(days=6), 14)
    )
    heard = tasks["heard"]
    heard.refresh_from_db()
    status_set(
        task=heard,
        revision=heard.revision,
        by=fi,
        status=Task.Status.CANNOT_START,
        note="it needs what the 50 conversations tell us",
    )
    PlanChange.objects.filter(task=heard, field=PlanChange.Field.STATUS).update(
        changed_at=_at(partnership, today - timedelta(days=6), 15)
    )
    for author, task, kind, text, days_ago in (
        (
            "member@example.org",
            talk,
            Comment.Kind.SUGGESTION,
            "Offer every conversation in BSL too, by video call if people prefer. Deaf people are often "
            "left out of surveys like this.",
            5,
        ),
        (
            "easyread@example.org",
            None,
            Comment.Kind.COMMENT,
            "Please make the guide for employers in easy read as well. Bosses need to see it too.",
            3,
        ),
    ):
        Comment.objects.create(
            partnership=partnership,
            outcome=outcome,
            task=task,
            kind=kind,
            text=text,
            author=people[author],
            created_at=_at(partnership, today - timedelta(days=days_ago), 11),
        )


def _proposed(partnership: Partnership, people: dict) -> None:
    """A second outcome, just proposed by Jamie: no themes or tasks yet."""
    Outcome.objects.create(
        partnership=partnership,
        title=PROPOSED_OUTCOME,
        description="Buses, trains and taxis in Riverside that disabled people can use without help, and "
        "staff who know how to help when people ask.",
        for_whom="Disabled people in Riverside",
        easy_read_text="Disabled people can get on buses and trains on their own.",
        easy_read_picture="openmoji:1F68C",
        status=Outcome.Status.PROPOSED,
        position=2,
        created_by=people["member@example.org"],
        created_at=timezone.now() - timedelta(days=2),
    )
