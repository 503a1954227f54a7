"""Tasks in the work plan: adding one (and what bad input gets), the task page for each role, changing a task
(dates always with why; two people at once), a lead's update (status in words, the latest expected end, done
while action points are open), the new dates proposed for the tasks that wait for one that slips (confirm,
cascade, decline), choosing a task's action points, comments, taking a task out, and the task page's query
budget.

The cast: alice coordinates and dana chairs (they change the plan); lena is in Disability Equality Scotland,
the lead group of the survey and the training (she updates them); omar owns the survey; bob is a partner with
no part in these tasks; olive observes; eve is a visiting expert; charlie is an outsider."""

from datetime import date, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import ActionPoint, Attendance, Meeting
from partners.models import PartnerGroup, Role
from tests.factories import make_action_point, make_decision, make_group, make_meeting, make_member, make_user
from workplan.models import (
    Activity,
    Comment,
    Outcome,
    Output,
    PlanChange,
    ProposedMove,
    Task,
    TaskActionPoint,
    Theme,
)
from workplan.services import tasks as services
from workplan.services.documents import date_reasons

SLUG = "working-together"
SURVEY = "\u2018Survey results\u2019"
TRAINING = "\u2018Interview skills training\u2019"


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _url(name, **kwargs):
    return reverse(f"workplan:{name}", kwargs={"slug": SLUG, **kwargs})


def _person(partnership, name, role=Role.MEMBER, group=None):
    person = make_user(f"{name.split()[0].lower()}@example.org", full_name=name)
    make_member(partnership, person, role=role, group=group)
    return person


def _body(response) -> str:
    return response.content.decode()


def _errors(response) -> str:
    """The page's error summary, as a person reads it."""
    body = _body(response)
    start = body.find('class="govuk-error-summary"')
    assert start != -1, "no error summary on the page"
    return body[start : body.find("</ul>", start)]


def _date(name: str, day: date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _form(**fields) -> dict:
    """A task form as a person fills it in: 'Interview skills training', May 2030."""
    data = {
        "title": "Interview skills training",
        "description": "",
        "easy_read_text": "",
        "easy_read_picture": "",
        "contingency_weeks": "",
        "owner": "",
        "lead_group": "",
        "second_lead_group": "",
        **_date("planned_start", date(2030, 5, 1)),
        **_date("planned_end", date(2030, 5, 28)),
    }
    for name in ("planned_start", "planned_end", "expected_end"):
        if name in fields:
            data.update(_date(name, fields.pop(name)))
    data.update(fields)
    return data


def _edit_form(task: Task, **fields) -> dict:
    """The change form for `task` as it is, with `fields` changed."""
    data = _form(
        title=task.title,
        planned_start=task.planned_start,
        planned_end=task.planned_end,
        expected_end=task.expected_end,
        revision=str(task.revision),
        reason="",
    )
    data["needs"] = [str(t.pk) for t in task.needs.all()]
    if task.lead_group_id:
        data["lead_group"] = str(task.lead_group_id)
    if task.owner_person_id:
        data["owner"] = f"person:{task.owner_person_id}"
    elif task.owner_group_id:
        data["owner"] = f"group:{task.owner_group_id}"
    if task.theme_id:
        data["theme"] = str(task.theme_id)
    for name in ("planned_start", "planned_end", "expected_end"):
        if name in fields:
            data.update(_date(name, fields.pop(name)))
    data.update(fields)
    return data


# ---------------------------------------------------------------- the cast and the plan


@pytest.fixture
def des(partnership):
    return make_group(partnership, "Disability Equality Scotland")


@pytest.fixture
def council(partnership):
    return make_group(partnership, "Riverside Council", kind=PartnerGroup.Kind.COUNCIL)


@pytest.fixture
def lena(partnership, des):
    return _person(partnership, "Lena Lead", group=des)


@pytest.fixture
def omar(partnership):
    return _person(partnership, "Omar Owner")


@pytest.fixture
def olive(partnership):
    return _person(partnership, "Olive Observer", Role.OBSERVER)


@pytest.fixture
def eve(partnership):
    return _person(partnership, "Eve Expert", Role.VISITING_EXPERT)


@pytest.fixture
def outcome(partnership):
    return Outcome.objects.create(
        partnership=partnership, title="More disabled people in employment", status=Outcome.Status.AGREED
    )


@pytest.fixture
def theme(partnership, outcome):
    return Theme.objects.create(
        partnership=partnership, outcome=outcome, title="Interview skills", position=1
    )


@pytest.fixture
def survey(partnership, outcome, alice, des, omar):
    """8 weeks, 7 January to 3 March 2030: led by Disability Equality Scotland, owned by Omar."""
    return services.task_add(
        partnership=partnership,
        outcome=outcome,
        by=alice,
        title="Survey results",
        planned_start=date(2030, 1, 7),
        planned_end=date(2030, 3, 3),
        lead_group=des,
        owner_person=omar,
    )


@pytest.fixture
def training(partnership, outcome, alice, des, survey):
    """4 weeks from 4 March 2030, after the survey; led by Disability Equality Scotland."""
    return services.task_add(
        partnership=partnership,
        outcome=outcome,
        by=alice,
        title="Interview skills training",
        planned_start=date(2030, 3, 4),
        planned_end=date(2030, 3, 31),
        lead_group=des,
        needs=[survey],
    )


# ---------------------------------------------------------------- adding


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("alice", 200),
        ("dana", 200),
        ("bob", 403),
        ("lena", 403),
        ("olive", 403),
        ("eve", 403),
        ("charlie", 404),
    ],
)
def test_only_coordinators_and_chairs_add_tasks(who, status, request, outcome):
    client = _client(request.getfixturevalue(who))
    url = _url("task_add", pk=outcome.pk)
    assert client.get(url).status_code == status
    assert client.post(url, _form(once=uuid4().hex)).status_code in ({200: 302}.get(status, status),)
    assert Task.objects.filter(outcome=outcome).count() == (1 if status == 200 else 0)


def _every_url(outcome, survey) -> list[str]:
    move = ProposedMove.objects.create(
        partnership=survey.partnership, task=survey, because_of=survey, new_start=date(2030, 2, 1),
        new_end=date(2030, 3, 28),
    )  # fmt: skip
    return [
        _url("task_add", pk=outcome.pk),
        *(_url(name, pk=survey.pk) for name in ("task", "task_edit", "task_update", "task_remove")),
        *(_url(name, pk=survey.pk) for name in ("task_comment", "task_actions")),
        _url("moves"),
        _url("move", pk=move.pk),
    ]


def test_an_anonymous_visitor_is_sent_to_sign_in(outcome, survey):
    for url in _every_url(outcome, survey):
        for response in (Client().get(url), Client().post(url, {"action": "confirm"})):
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_outsider_finds_nothing(charlie_client, outcome, survey):
    for url in _every_url(outcome, survey):
        assert charlie_client.get(url).status_code == 404
        assert charlie_client.post(url, {"action": "confirm", "reason": "mine"}).status_code == 404
    assert Task.objects.filter(pk=survey.pk, title="Survey results").exists()
    assert ProposedMove.objects.get().status == ProposedMove.Status.OPEN


def test_adding_a_task_saves_everything_once(
    alice_client, alice, partnership, outcome, theme, survey, des, council, omar
):
    meeting = make_meeting(partnership, title="Planning meeting", created_by=alice)
    decision = make_decision(meeting, text="We will train interviewers.")
    page = _body(alice_client.get(_url("task_add", pk=outcome.pk)))
    assert "What will we do?" in page
    assert "Leave blank to allow 25% of the task\u2019s length" in page
    assert "\u2018Survey results\u2019 (ends 3 March 2030)" in page
    assert "cannot start until \u2018Survey results\u2019 is done" in page
    data = _form(
        easy_read_text="We will help people get ready for interviews.",
        theme=str(theme.pk),
        contingency_weeks="1",
        owner=f"person:{omar.pk}",
        lead_group=str(des.pk),
        second_lead_group=str(council.pk),
        needs=[str(survey.pk)],
        decisions=[str(decision.pk)],
        meetings=[str(meeting.pk)],
        once=uuid4().hex,
    )
    response = alice_client.post(_url("task_add", pk=outcome.pk), data)
    task = Task.objects.get(title="Interview skills training")
    assert response.status_code == 302 and response["Location"] == _url("task", pk=task.pk)
    assert (
        task.theme,
        task.contingency_weeks,
        task.owner_person,
        task.lead_group,
        task.second_lead_group,
    ) == (
        theme,
        1,
        omar,
        des,
        council,
    )
    assert task.expected_end == task.planned_end == date(2030, 5, 28)
    assert list(task.needs.all()) == [survey]
    assert list(task.decisions.all()) == [decision] and list(task.meetings.all()) == [meeting]
    assert PlanChange.objects.filter(task=task, field=PlanChange.Field.ADDED).get().words == (
        "added to the plan, from 1 May 2030 to 28 May 2030"
    )
    # Sent again (a double click): one task, and a plain word.
    again = alice_client.post(_url("task_add", pk=outcome.pk), data, follow=True)
    assert Task.objects.filter(title="Interview skills training").count() == 1
    assert "That was already saved." in _body(again)


def test_easy_read_words_that_need_a_look_are_saved_with_a_warning(alice_client, outcome):
    long = "We will help people who want a job to get ready for the questions at a job interview with a boss."
    response = alice_client.post(
        _url("task_add", pk=outcome.pk), _form(easy_read_text=long, once=uuid4().hex), follow=True
    )
    assert Task.objects.get().easy_read_text == long
    assert "The task is saved. Its easy read words need a look:" in _body(response)


def test_a_group_can_own_a_task(alice_client, outcome, council):
    alice_client.post(_url("task_add", pk=outcome.pk), _form(owner=f"group:{council.pk}", once=uuid4().hex))
    task = Task.objects.get()
    assert (task.owner_person, task.owner_group) == (None, council)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"planned_end": date(2030, 4, 1)}, "planned_end", "The task cannot end before it starts"),
        ({"planned_start": date(1900, 5, 1)}, "planned_start", "1900 cannot be right"),
        ({"planned_end": date(3000, 5, 1)}, "planned_end", "3000 cannot be right"),
        ({"contingency_weeks": "-3"}, "contingency_weeks", "Enter a number of weeks from 0 to 52"),
        ({"contingency_weeks": "two"}, "contingency_weeks", "Enter a number of weeks from 0 to 52"),
        (
            {"contingency_weeks": "99999999999999999999"},
            "contingency_weeks",
            "Enter a number of weeks from 0",
        ),
        ({"title": ""}, "title", "Enter what we will do"),
        ({"title": "x" * 201}, "title", "What we will do must be 200 characters or fewer"),
        ({"planned_start_1": "13"}, "planned_start", "The planned start must be a real date"),
        ({"planned_end_2": "30"}, "planned_end", "Enter the year as 4 digits"),
        ({"needs": ["abc"]}, "needs", "Choose tasks from the list"),
        ({"needs": ["99999999999999999999"]}, "needs", "Choose tasks from the list"),
        ({"owner": "person:999999"}, "owner", "Choose a person or a group from the list"),
        ({"lead_group": "²"}, "lead_group", "Choose a group from the list"),
        ({"decisions": ["1"]}, "decisions", "Choose decisions from the list"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_typed_is_lost(
    alice_client, outcome, fields, field, message
):
    data = _form(description="Run by people who use the service.", once=uuid4().hex)
    for name in ("planned_start", "planned_end"):
        if name in fields:
            data.update(_date(name, fields.pop(name)))
    data.update(fields)
    response = alice_client.post(_url("task_add", pk=outcome.pk), data)
    assert response.status_code == 200
    body = _body(response)
    assert "<title>Error: " in body
    assert message in _errors(response)
    assert f'href="#id_{field}' in _errors(response)  # the summary links to the field
    assert "Run by people who use the service." in body  # what was typed stays
    assert not Task.objects.exists()


def test_the_second_lead_must_differ_and_a_theme_of_another_outcome_is_refused(
    alice_client, partnership, outcome, des
):
    other = Outcome.objects.create(partnership=partnership, title="Travel")
    elsewhere = Theme.objects.create(partnership=partnership, outcome=other, title="Buses")
    response = alice_client.post(
        _url("task_add", pk=outcome.pk),
        _form(
            lead_group=str(des.pk), second_lead_group=str(des.pk), theme=str(elsewhere.pk), once=uuid4().hex
        ),
    )
    errors = _errors(response)
    assert "Choose a different group as the second lead, or none" in errors
    assert not Task.objects.exists()


def test_a_dropped_outcome_takes_no_new_tasks(alice_client, partnership):
    dropped = Outcome.objects.create(partnership=partnership, title="Old idea", status=Outcome.Status.DROPPED)
    response = alice_client.get(_url("task_add", pk=dropped.pk), follow=True)
    assert "\u2018Old idea\u2019 is no longer in the plan, so it takes no new tasks." in _body(response)


def test_an_outcome_of_another_partnership_is_not_found(alice_client, other_partnership):
    theirs = Outcome.objects.create(partnership=other_partnership, title="Theirs")
    assert alice_client.get(_url("task_add", pk=theirs.pk)).status_code == 404


# ---------------------------------------------------------------- the task page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("alice", 200),
        ("dana", 200),
        ("bob", 200),
        ("lena", 200),
        ("olive", 200),
        ("eve", 200),
        ("charlie", 404),
    ],
)
def test_everyone_who_reads_the_plan_reads_a_task(who, status, request, training):
    response = _client(request.getfixturevalue(who)).get(_url("task", pk=training.pk))
    assert response.status_code == status


def test_the_task_page_says_everything_in_words(bob_client, survey, training, partnership, alice):
    services.task_save(
        task=survey, revision=survey.revision, by=alice, reason="the venue was not ready",
        expected_end=date(2030, 3, 24),
    )  # fmt: skip
    page = _body(bob_client.get(_url("task", pk=survey.pk)))
    assert '<h1 class="govuk-heading-l">Survey results</h1>' in page
    assert "From 7 January 2030 to 3 March 2030 (8 weeks)" in page
    assert "24 March 2030. Taking longer than planned, by 3 weeks" in page
    assert "We allow 2 extra weeks (25% of its length): it is late if it ends after 17 March 2030." in page
    assert "Expected to be late" in page  # the tag says it in words
    assert "Omar Owner" in page and "Disability Equality Scotland" in page
    assert "Interview skills training</a> cannot start until this task is done" in page
    assert "now ends on 24 March 2030" not in page  # the planned end did not move
    assert "Survey results: is now expected to end on 24 March 2030, not 3 March 2030." in page
    assert "Why: the venue was not ready." in page
    assert "By Alice Coordinator." in page
    # Only managers and leads see the links to change it.
    assert _url("task_edit", pk=survey.pk) not in page and _url("task_update", pk=survey.pk) not in page
    waiting = _body(bob_client.get(_url("task", pk=training.pk)))
    assert "Cannot start until \u2018Survey results\u2019 is done." in waiting
    assert "not done yet, expected to end on 24 March 2030" in waiting


def test_managers_and_leads_see_the_links_that_are_theirs(alice_client, partnership, lena, survey):
    managing = _body(alice_client.get(_url("task", pk=survey.pk)))
    for name in ("task_edit", "task_update", "task_actions", "task_remove", "output_add"):
        assert _url(name, pk=survey.pk) in managing
    leading = _body(_client(lena).get(_url("task", pk=survey.pk)))
    assert _url("task_update", pk=survey.pk) in leading and _url("task_actions", pk=survey.pk) in leading
    assert _url("task_edit", pk=survey.pk) not in leading and _url("task_remove", pk=survey.pk) not in leading


def test_a_lead_finds_the_outputs_links_and_the_dates_to_confirm(partnership, lena, bob, eve, survey):
    """Leads add and change their task's outputs, and confirm new dates for it: the task page and the area's
    links lead them there. Settings stay with coordinators and chairs; a visiting expert has neither."""
    output = Output.objects.create(partnership=partnership, task=survey, title="Survey report")
    leading = _body(_client(lena).get(_url("task", pk=survey.pk)))
    assert "Add an output" in leading and _url("output_add", pk=survey.pk) in leading
    assert _url("output_edit", pk=output.pk) in leading
    assert "Dates to confirm" in leading and _url("moves") in leading
    assert _url("settings") not in leading
    partner = _body(_client(bob).get(_url("task", pk=survey.pk)))
    assert "Dates to confirm" in partner and _url("output_add", pk=survey.pk) not in partner
    assert _url("output_edit", pk=output.pk) not in partner
    expert = _body(_client(eve).get(_url("task", pk=survey.pk)))
    assert "Dates to confirm" not in expert and _url("output_add", pk=survey.pk) not in expert


def test_the_task_page_lists_outputs_action_points_and_links(alice_client, partnership, alice, survey):
    meeting = make_meeting(partnership, title="Planning meeting", created_by=alice)
    decision = make_decision(meeting, text="We will ask 50 people.")
    survey.decisions.add(decision)
    survey.meetings.add(meeting)
    Output.objects.create(
        partnership=partnership, task=survey, title="Survey report", easy_read_text="What we heard."
    )
    action = make_action_point(meeting, text="Print the survey in large print.", owner_person=alice)
    TaskActionPoint.objects.create(partnership=partnership, task=survey, action_point=action)
    page = _body(alice_client.get(_url("task", pk=survey.pk)))
    assert "Survey report" in page
    assert "1 action point for this task, 1 still open" in page
    assert (
        action.reference in page
        and "Print the survey in large print." in page
        and "Alice Coordinator" in page
    )
    assert decision.reference in page and "Planning meeting" in page


def test_a_visiting_expert_reads_the_plan_of_a_task_but_not_the_discussion(
    partnership, eve, bob, survey, alice
):
    meeting = make_meeting(partnership, title="Planning meeting", created_by=alice)
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=eve)
    survey.meetings.add(meeting)
    services.comment_add(task=survey, author=bob, kind="comment", text="Ask people on the phone too.")
    page = _body(_client(eve).get(_url("task", pk=survey.pk)))
    assert "Survey results" in page and "Planning meeting" in page
    assert "Ask people on the phone too." not in page
    assert "History of changes" not in page and "Action points" not in page
    assert reverse("meetings:meeting_detail", kwargs={"slug": SLUG, "pk": meeting.pk}) not in page


def test_a_visiting_expert_sees_nothing_of_meetings_they_are_not_invited_to(
    partnership, eve, bob, survey, alice
):
    """Eve is invited to the workshop, not to the steering group: the task page names the workshop and its
    decision, and nothing of the steering group, its decision or its activity; a networks window shows."""
    invited = make_meeting(partnership, title="Interview workshop", created_by=alice)
    Attendance.objects.create(partnership=partnership, meeting=invited, person=eve)
    private = make_meeting(partnership, title="Steering group on budgets", created_by=alice)
    survey.meetings.add(invited, private)
    survey.decisions.add(
        make_decision(invited, text="We will ask people by phone."),
        make_decision(private, text="We will pay Jo's taxi because of her needs."),
    )
    Activity.objects.create(partnership=partnership, meeting=private, task=survey)
    Activity.objects.create(
        partnership=partnership, kind=Activity.Kind.NETWORKS, title="Ask our networks", task=survey,
        starts_on=date(2029, 12, 1), ends_on=date(2029, 12, 20),
    )  # fmt: skip
    page = _body(_client(eve).get(_url("task", pk=survey.pk)))
    assert "Interview workshop" in page and "We will ask people by phone." in page
    assert "Ask our networks" in page
    assert "Steering group on budgets" not in page
    assert "taxi" not in page
    # A partner sees both.
    partner_page = _body(_client(bob).get(_url("task", pk=survey.pk)))
    assert "Steering group on budgets" in partner_page and "taxi" in partner_page


def test_a_meeting_just_after_midnight_is_on_its_own_day(alice_client, partnership, alice, survey):
    """A meeting at 00:30 on 1 June 2030 in London (23:30 on 31 May in UTC) is said to be on 1 June: on the
    task page (as a linked meeting and as an activity) and on the task form."""
    meeting = make_meeting(partnership, title="Night planning", created_by=alice)
    starts = datetime(2030, 6, 1, 0, 30, tzinfo=ZoneInfo("Europe/London"))
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=1))
    survey.meetings.add(meeting)
    Activity.objects.create(partnership=partnership, meeting=meeting, task=survey)
    page = _body(alice_client.get(_url("task", pk=survey.pk)))
    assert "Night planning</a>, 1 June 2030" in page
    assert "Night planning</a> (Partnership meeting): 1 June 2030" in page
    assert "31 May 2030" not in page
    form = _body(alice_client.get(_url("task_edit", pk=survey.pk)))
    assert "Night planning, 1 June 2030" in form and "31 May 2030" not in form


def test_a_task_of_another_partnership_and_odd_ids_are_not_found(alice_client, other_partnership, charlie):
    theirs = Outcome.objects.create(partnership=other_partnership, title="Theirs")
    task = services.task_add(
        partnership=other_partnership, outcome=theirs, by=charlie, title="Their task",
        planned_start=date(2030, 1, 1), planned_end=date(2030, 2, 1),
    )  # fmt: skip
    for name in ("task", "task_edit", "task_update", "task_remove", "task_actions", "task_comment"):
        assert alice_client.get(_url(name, pk=task.pk)).status_code == 404
        assert alice_client.get(_url(name, pk=2**62)).status_code == 404


# ---------------------------------------------------------------- comments


def test_the_task_page_shows_the_latest_50_comments_and_all_when_asked(bob_client, bob, survey):
    for i in range(55):
        services.comment_add(task=survey, author=bob, kind="comment", text=f"Note number {i:03d}.")
    page = _body(bob_client.get(_url("task", pk=survey.pk)))
    assert "The latest 50 of 55 comments and suggestions are shown." in page
    assert "Show all 55 comments and suggestions" in page
    assert "Note number 005." in page and "Note number 054." in page
    assert "Note number 004." not in page and "Note number 000." not in page
    assert page.index("Note number 005.") < page.index("Note number 054.")  # oldest first
    every = _body(bob_client.get(_url("task", pk=survey.pk) + "?comments=all"))
    assert "Note number 000." in every and "Note number 054." in every
    assert "Show all" not in every


def test_partners_comment_once_and_readers_only_read(bob_client, bob, olive, eve, survey):
    url = _url("task_comment", pk=survey.pk)
    data = {"kind": "suggestion", "text": "Ask people on the phone too.", "once": uuid4().hex}
    response = bob_client.post(url, data, follow=True)
    assert "Your suggestion is added." in _body(response)
    assert "Ask people on the phone too." in _body(response)
    bob_client.post(url, data)
    comment = Comment.objects.get()
    assert (comment.author, comment.task, comment.outcome, comment.kind) == (
        bob,
        survey,
        survey.outcome,
        "suggestion",
    )
    assert _client(olive).post(url, {**data, "once": uuid4().hex}).status_code == 403
    assert _client(eve).post(url, {**data, "once": uuid4().hex}).status_code == 403
    empty = bob_client.post(url, {"kind": "comment", "text": "  ", "once": uuid4().hex})
    assert "Write your comment or suggestion" in _errors(empty)
    assert Comment.objects.count() == 1


# ---------------------------------------------------------------- changing


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("dana", 200), ("lena", 403), ("bob", 403), ("olive", 403), ("eve", 403)],
)
def test_only_coordinators_and_chairs_change_or_take_out_a_task(who, status, request, survey):
    client = _client(request.getfixturevalue(who))
    assert client.get(_url("task_edit", pk=survey.pk)).status_code == status
    assert client.get(_url("task_remove", pk=survey.pk)).status_code == status
    if status == 403:
        assert (
            client.post(_url("task_edit", pk=survey.pk), _edit_form(survey, title="Mine")).status_code == 403
        )
        assert client.post(_url("task_remove", pk=survey.pk)).status_code == 403
        assert Task.objects.filter(pk=survey.pk, title="Survey results").exists()


def test_changing_the_dates_needs_a_reason_which_is_written_down(alice_client, alice, survey):
    url = _url("task_edit", pk=survey.pk)
    page = _body(alice_client.get(url))
    assert "Why are the dates changing?" in page
    assert 'name="revision" value="0"' in page  # the form carries the revision it was made from
    assert "4 weeks for this task as it is planned now" not in page and "2 weeks for this task" in page
    no_reason = alice_client.post(url, _edit_form(survey, planned_end=date(2030, 3, 31)))
    assert "Say why the dates are changing" in _errors(no_reason)
    assert 'href="#id_reason"' in _errors(no_reason)
    survey.refresh_from_db()
    assert survey.planned_end == date(2030, 3, 3)
    response = alice_client.post(
        url, _edit_form(survey, planned_end=date(2030, 3, 31), reason="we added a second round")
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.planned_end, survey.expected_end, survey.revision) == (
        date(2030, 3, 31),
        date(2030, 3, 31),
        1,
    )
    change = PlanChange.objects.filter(task=survey, field=PlanChange.Field.DATES).get()
    assert (change.words, change.reason, change.changed_by) == (
        "now ends on 31 March 2030, not 3 March 2030",
        "we added a second round",
        alice,
    )


def test_changing_words_only_needs_no_reason(alice_client, survey):
    response = alice_client.post(
        _url("task_edit", pk=survey.pk), _edit_form(survey, title="Survey of 50 people")
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.title == "Survey of 50 people"
    assert PlanChange.objects.filter(task=survey, field=PlanChange.Field.CHANGED).get().words == (
        "now called \u2018Survey of 50 people\u2019"
    )
    assert (
        PlanChange.objects.filter(task=survey, field=PlanChange.Field.CHANGED).get().subject
        == "Survey results"
    )


def test_changing_the_extra_time_is_written_down(alice_client, survey):
    alice_client.post(_url("task_edit", pk=survey.pk), _edit_form(survey, contingency_weeks="3"))
    survey.refresh_from_db()
    assert survey.contingency_weeks == 3
    assert PlanChange.objects.filter(task=survey, field=PlanChange.Field.CHANGED).get().words == (
        "now allows 3 extra weeks, not the partnership\u2019s share of its length"
    )
    page = _body(alice_client.get(_url("task", pk=survey.pk)))
    assert "We allow 3 extra weeks: it is late if it ends after 24 March 2030." in page


def test_a_task_cannot_wait_for_itself_or_a_chain_back_to_itself(alice_client, survey, training):
    itself = alice_client.post(_url("task_edit", pk=survey.pk), _edit_form(survey, needs=[str(survey.pk)]))
    assert "A task cannot wait for itself." in _errors(itself)
    circle = alice_client.post(_url("task_edit", pk=survey.pk), _edit_form(survey, needs=[str(training.pk)]))
    errors = _errors(circle)
    assert f"That would go round in a circle: {SURVEY} \u2192 {TRAINING}" in errors
    assert 'href="#id_needs_1"' in errors
    assert not survey.needs.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"expected_end": date(2029, 12, 1)}, "The task cannot end before it starts"),
        ({"contingency_weeks": "-3"}, "Enter a number of weeks from 0 to 52"),
        ({"revision": "abc"}, "The form was not sent properly"),
        ({"planned_start": date(3000, 1, 1)}, "3000 cannot be right"),
    ],
)
def test_bad_changes_get_a_clear_message(alice_client, survey, fields, message):
    response = alice_client.post(
        _url("task_edit", pk=survey.pk), _edit_form(survey, reason="why not", **fields)
    )
    assert response.status_code == 200
    assert message in _errors(response)
    survey.refresh_from_db()
    assert survey.revision == 0


def test_two_people_at_once_the_second_is_told_and_keeps_what_they_typed(alice_client, dana, survey):
    url = _url("task_edit", pk=survey.pk)
    typed = _edit_form(
        survey, title="Survey by phone", planned_end=date(2030, 3, 10), reason="phones are slower"
    )
    # Dana saves first, from the same revision.
    services.task_save(task=Task.objects.get(pk=survey.pk), revision=0, by=dana, title="Survey online")
    response = alice_client.post(url, typed)
    assert response.status_code == 200
    assert services.CHANGED_MEANWHILE in _errors(response)
    body = _body(response)
    assert "The task as it is now" in body and "Survey online" in body  # Dana's change, to compare
    assert 'value="Survey by phone"' in body and "phones are slower" in body  # what Alice typed
    assert 'name="revision" value="1"' in body  # sending it again is now from the task as it is
    survey.refresh_from_db()
    assert survey.title == "Survey online"
    # Alice checks and sends again: it saves.
    again = alice_client.post(url, {**typed, "revision": "1"})
    assert again.status_code == 302
    survey.refresh_from_db()
    assert (survey.title, survey.planned_end, survey.revision) == ("Survey by phone", date(2030, 3, 10), 2)


# ---------------------------------------------------------------- a lead's update


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("dana", 200), ("lena", 200), ("omar", 200), ("bob", 403), ("olive", 403), ("eve", 403),
     ("charlie", 404)],
)  # fmt: skip
def test_leads_owners_and_managers_update_a_task(who, status, request, survey):
    client = _client(request.getfixturevalue(who))
    assert client.get(_url("task_update", pk=survey.pk)).status_code == status
    response = client.post(_url("task_update", pk=survey.pk), _update(survey, status="in_progress"))
    assert response.status_code == (302 if status == 200 else status)
    survey.refresh_from_db()
    assert survey.status == ("in_progress" if status == 200 else "not_started")


def _update(task: Task, **fields) -> dict:
    data = {
        "status": task.status,
        "note": task.status_note,
        "reason": "",
        "revision": str(task.revision),
        **_date("expected_end", fields.pop("expected_end", task.expected_end)),
    }
    data.update(fields)
    return data


def test_a_status_that_needs_words_asks_for_them(alice_client, lena, survey):
    client = _client(lena)
    response = client.post(
        _url("task_update", pk=survey.pk),
        _update(survey, status="cannot_start", expected_end=date(2030, 3, 10)),
    )
    # Every problem is said at once, and nothing is saved.
    assert "Say why it cannot start yet" in _errors(response)
    assert "Say why the dates are changing" in _errors(response)
    survey.refresh_from_db()
    assert (survey.status, survey.expected_end, survey.revision) == ("not_started", date(2030, 3, 3), 0)
    client.post(
        _url("task_update", pk=survey.pk),
        _update(survey, status="cannot_start", note="the venue is not booked"),
    )
    page = _body(client.get(_url("task", pk=survey.pk)))
    assert "Cannot start yet: the venue is not booked." in page
    assert "now \u201cCannot start yet\u201d, was \u201cNot started\u201d" in page


def test_a_slip_proposes_new_dates_confirmed_with_why_and_cascading(
    partnership, alice, lena, outcome, survey, training
):
    course = services.task_add(
        partnership=partnership,
        outcome=outcome,
        by=alice,
        title="First course",
        planned_start=date(2030, 4, 1),
        planned_end=date(2030, 4, 14),
        needs=[training],
    )
    client = _client(lena)
    no_reason = client.post(
        _url("task_update", pk=survey.pk), _update(survey, expected_end=date(2030, 4, 20))
    )
    assert "Say why the dates are changing" in _errors(no_reason)
    response = client.post(
        _url("task_update", pk=survey.pk),
        _update(
            survey, status="in_progress", expected_end=date(2030, 4, 20), reason="fewer answers than hoped"
        ),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _url("moves")
    body = _body(response)
    assert (
        f"{TRAINING} waits for this task. We have proposed new dates for it: confirm them or keep the old "
        "dates." in body
    )
    assert "Its dates now" in body and "4 March 2030 to 31 March 2030" in body
    assert "21 April 2030 to 18 May 2030 (about 7 weeks later)" in body
    assert "It waits for \u2018Survey results\u2019, now expected to end on 20 April 2030." in body
    training.refresh_from_db()
    assert training.planned_start == date(2030, 3, 4)  # nothing moves silently
    survey_page = _body(client.get(_url("task", pk=survey.pk)))
    assert "Taking longer than planned, by about 7 weeks" in survey_page
    assert "new dates are proposed for tasks that wait for it" in survey_page

    # Lena leads the training too: she confirms. The first course waits for the training: it is proposed next.
    move = ProposedMove.objects.get(task=training)
    confirmed = client.post(_url("move", pk=move.pk), {"action": "confirm", "reason": ""}, follow=True)
    assert (
        f"{TRAINING} now runs from 21 April 2030 to 18 May 2030. This moves \u2018First course\u2019 too: "
        "confirm it below." in _body(confirmed)
    )
    training.refresh_from_db()
    assert (training.planned_start, training.planned_end, training.expected_end) == (
        date(2030, 4, 21),
        date(2030, 5, 18),
        date(2030, 5, 18),
    )
    change = PlanChange.objects.filter(task=training, field=PlanChange.Field.DATES).get()
    assert change.words == "now starts in April 2030, not March 2030; now ends in May 2030, not March 2030"
    assert (
        change.reason
        == "it waits for \u2018Survey results\u2019, which is now expected to end on 20 April 2030"
    )
    assert change.changed_by == lena
    cascade = ProposedMove.objects.get(task=course, status=ProposedMove.Status.OPEN)
    assert (cascade.new_start, cascade.because_of) == (date(2030, 5, 19), training)
    # Pressed again: a plain word, nothing moves twice.
    again = client.post(_url("move", pk=move.pk), {"action": "confirm"}, follow=True)
    assert "These dates were already confirmed or declined." in _body(again)
    training.refresh_from_db()
    assert training.planned_start == date(2030, 4, 21)


def test_keeping_the_old_dates_is_written_down_with_why(alice_client, alice, survey, training):
    services.task_save(
        task=survey, revision=0, by=alice, reason="late answers", expected_end=date(2030, 3, 20)
    )
    move = ProposedMove.objects.get(task=training)
    response = alice_client.post(
        _url("move", pk=move.pk),
        {"action": "decline", "reason": "the trainers can start anyway"},
        follow=True,
    )
    assert "\u2018Interview skills training\u2019 keeps its dates." in _body(response)
    training.refresh_from_db()
    assert training.planned_start == date(2030, 3, 4)
    change = PlanChange.objects.filter(task=training).latest("pk")
    assert (change.words, change.reason) == (
        "keeps its dates although \u2018Survey results\u2019 now ends on 20 March 2030",
        "the trainers can start anyway",
    )
    assert "There are no new dates to confirm." in _body(response)
    assert "kept its old dates" in _body(response)
    # Keeping the dates is no reason the dates changed: the printed plan's "why" does not give it.
    assert change.field == PlanChange.Field.CHANGED
    assert date_reasons([training.pk]) == {}


def test_new_dates_no_longer_needed_are_refused_and_never_move_a_task_back(
    partnership, alice, survey, training
):
    """The survey slips, so new dates are proposed for the training; meanwhile the training's dates were set
    to June some other way. The page says the proposal is 11 weeks earlier; confirming it is refused in
    words, the training stays in June and the proposal goes."""
    services.task_save(
        task=survey, revision=0, by=alice, reason="late answers", expected_end=date(2030, 3, 20)
    )
    move = ProposedMove.objects.get(task=training)
    Task.objects.filter(pk=training.pk).update(
        planned_start=date(2030, 6, 6), planned_end=date(2030, 7, 3), expected_end=date(2030, 7, 3)
    )
    client = _client(alice)
    assert "21 March 2030 to 17 April 2030 (11 weeks earlier)" in _body(client.get(_url("moves")))
    response = client.post(_url("move", pk=move.pk), {"action": "confirm"}, follow=True)
    assert f"These dates are no longer needed: {TRAINING} already starts after {SURVEY} ends." in _body(
        response
    )
    assert "There are no new dates to confirm." in _body(response)
    training.refresh_from_db()
    assert (training.planned_start, training.planned_end) == (date(2030, 6, 6), date(2030, 7, 3))
    assert not ProposedMove.objects.filter(task=training).exists()
    assert not PlanChange.objects.filter(task=training, field=PlanChange.Field.DATES).exists()
    # A page opened before then sends it again: told the same, nothing moves.
    again = client.post(_url("move", pk=move.pk), {"action": "confirm"}, follow=True)
    assert "These dates are no longer needed" in _body(again)
    assert Task.objects.get(pk=training.pk).planned_start == date(2030, 6, 6)


def test_changing_a_tasks_own_dates_or_needs_works_its_proposed_dates_out_again(
    alice_client, alice, survey, training
):
    services.task_save(
        task=survey, revision=0, by=alice, reason="late answers", expected_end=date(2030, 3, 20)
    )
    move = ProposedMove.objects.get(task=training)
    assert (move.new_start, move.new_end) == (date(2030, 3, 21), date(2030, 4, 17))
    # The training is made shorter, still starting before the survey ends: the proposal follows.
    services.task_save(
        task=training, revision=0, by=alice, reason="a shorter course",
        planned_start=date(2030, 3, 10), planned_end=date(2030, 3, 31),
    )  # fmt: skip
    move.refresh_from_db()
    assert (move.new_start, move.new_end, move.status) == (date(2030, 3, 21), date(2030, 4, 11), "open")
    # Then moved after the survey ends: nothing to confirm any more.
    response = alice_client.post(
        _url("task_edit", pk=training.pk),
        _edit_form(
            Task.objects.get(pk=training.pk),
            planned_start=date(2030, 4, 1),
            planned_end=date(2030, 4, 21),
            expected_end=date(2030, 4, 21),
            reason="the trainers are free in April",
        ),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _url("task", pk=training.pk)
    assert not ProposedMove.objects.filter(task=training).exists()
    assert "There are no new dates to confirm." in _body(alice_client.get(_url("moves")))


def test_a_task_that_no_longer_waits_loses_its_proposed_dates(alice, survey, training):
    services.task_save(
        task=survey, revision=0, by=alice, reason="late answers", expected_end=date(2030, 3, 20)
    )
    assert ProposedMove.objects.filter(task=training).exists()
    services.task_save(task=training, revision=0, by=alice, needs=[])
    assert not ProposedMove.objects.filter(task=training).exists()


@pytest.mark.parametrize("first", ["later", "earlier"])
def test_two_proposals_for_one_task_never_undo_each_other(first, partnership, outcome, alice):
    """The report waits for the interviews and the focus groups. Both slip: two proposals for the report.
    Whichever is confirmed first, the report ends up after both, and never moves back."""

    def add(title, start, end, needs=()):
        return services.task_add(
            partnership=partnership, outcome=outcome, by=alice, title=title, planned_start=start,
            planned_end=end, needs=needs,
        )  # fmt: skip

    interviews = add("Interviews", date(2031, 1, 1), date(2031, 1, 31))
    groups = add("Focus groups", date(2031, 1, 1), date(2031, 2, 15))
    report = add("Report", date(2031, 2, 16), date(2031, 3, 15), needs=[interviews, groups])
    services.task_save(task=interviews, revision=0, by=alice, reason="snow", expected_end=date(2031, 3, 1))
    services.task_save(task=groups, revision=0, by=alice, reason="venue", expected_end=date(2031, 3, 22))
    by_interviews = ProposedMove.objects.get(task=report, because_of=interviews)
    by_groups = ProposedMove.objects.get(task=report, because_of=groups)
    assert (by_interviews.new_start, by_groups.new_start) == (date(2031, 3, 2), date(2031, 3, 23))
    client = _client(alice)
    if first == "later":
        client.post(_url("move", pk=by_groups.pk), {"action": "confirm"})
        # The other is no longer needed: it went, and sending it anyway moves nothing back.
        assert not ProposedMove.objects.filter(pk=by_interviews.pk).exists()
        response = client.post(_url("move", pk=by_interviews.pk), {"action": "confirm"}, follow=True)
        assert "These dates are no longer needed" in _body(response)
    else:
        confirmed = client.post(_url("move", pk=by_interviews.pk), {"action": "confirm"}, follow=True)
        assert "\u2018Report\u2019 now runs from 2 March 2031 to 29 March 2031." in _body(confirmed)
        by_groups.refresh_from_db()
        assert (by_groups.new_start, by_groups.new_end) == (date(2031, 3, 23), date(2031, 4, 19))
        page = _body(client.get(_url("moves")))
        assert "23 March 2031 to 19 April 2031 (3 weeks later)" in page
        client.post(_url("move", pk=by_groups.pk), {"action": "confirm"})
    report.refresh_from_db()
    assert (report.planned_start, report.planned_end) == (date(2031, 3, 23), date(2031, 4, 19))
    assert not ProposedMove.objects.filter(task=report, status=ProposedMove.Status.OPEN).exists()


def test_who_may_confirm_new_dates(partnership, alice, bob, olive, eve, charlie, survey, training):
    services.task_save(
        task=survey, revision=0, by=alice, reason="late answers", expected_end=date(2030, 3, 20)
    )
    move = ProposedMove.objects.get(task=training)
    for person in (bob, olive, eve):
        client = _client(person)
        page = _body(client.get(_url("moves")))
        assert "Interview skills training" in page and "Confirm the new dates" not in page
        assert client.post(_url("move", pk=move.pk), {"action": "confirm"}).status_code == 403
    assert _client(charlie).get(_url("moves")).status_code == 404
    assert _client(alice).post(_url("move", pk=move.pk), {"action": "sideways"}).status_code == 200
    move.refresh_from_db()
    assert move.status == ProposedMove.Status.OPEN
    too_long = _client(alice).post(_url("move", pk=move.pk), {"action": "decline", "reason": "x" * 501})
    assert "Why you keep the old dates must be 500 characters or fewer" in _errors(too_long)
    assert "x" * 501 in _body(too_long)


# ---------------------------------------------------------------- done while action points are open


@pytest.fixture
def open_action(partnership, alice, survey):
    meeting = make_meeting(partnership, title="Planning meeting", created_by=alice)
    action = make_action_point(meeting, text="Send the survey to the networks.", owner_person=alice)
    TaskActionPoint.objects.create(partnership=partnership, task=survey, action_point=action)
    return action


def test_a_task_is_not_done_while_its_action_points_are_open_unless_its_owner_says_so(
    lena, omar, survey, open_action
):
    # Lena leads the survey but does not own it: she is told why, and cannot tick the box.
    lead = _client(lena)
    assert "Its action points are still open, but the task is done" not in _body(
        lead.get(_url("task_update", pk=survey.pk))
    )
    refused = lead.post(
        _url("task_update", pk=survey.pk), _update(survey, status="done", open_actions_ok="on")
    )
    assert (
        f"1 of this task\u2019s action points is still open ({open_action.reference}). Close them first, "
        "or, as the task\u2019s owner, say it is done anyway." in _errors(refused)
    )
    survey.refresh_from_db()
    assert survey.status == Task.Status.NOT_STARTED
    # Omar owns it: he ticks the box, and it is done.
    owner = _client(omar)
    assert "Its action points are still open, but the task is done" in _body(
        owner.get(_url("task_update", pk=survey.pk))
    )
    not_ticked = owner.post(_url("task_update", pk=survey.pk), _update(survey, status="done"))
    assert "Close them first" in _errors(not_ticked)
    owner.post(_url("task_update", pk=survey.pk), _update(survey, status="done", open_actions_ok="on"))
    survey.refresh_from_db()
    assert (survey.status, survey.done_with_open_actions_by) == (Task.Status.DONE, omar)
    assert PlanChange.objects.filter(task=survey, field=PlanChange.Field.STATUS).get().words == (
        "now \u201cDone\u201d, was \u201cNot started\u201d, with 1 action point still open"
    )
    page = _body(owner.get(_url("task", pk=survey.pk)))
    assert "Omar Owner said it is done while some of its action points were still open." in page


def test_a_group_owner_and_a_manager_may_say_done_too(partnership, alice, council, survey, open_action):
    Task.objects.filter(pk=survey.pk).update(owner_person=None, owner_group=council)
    member = _person(partnership, "Cara Council", group=council)
    survey.refresh_from_db()
    response = _client(member).post(
        _url("task_update", pk=survey.pk), _update(survey, status="done", open_actions_ok="on")
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.status == Task.Status.DONE
    ActionPoint.objects.filter(pk=open_action.pk).update(status=ActionPoint.Status.DONE)


def test_done_once_action_points_are_closed(lena, survey, open_action):
    ActionPoint.objects.filter(pk=open_action.pk).update(status=ActionPoint.Status.DONE)
    _client(lena).post(_url("task_update", pk=survey.pk), _update(survey, status="done"))
    survey.refresh_from_db()
    assert survey.status == Task.Status.DONE and survey.done_with_open_actions_by is None


def test_an_update_from_a_stale_page_is_refused_and_keeps_what_was_typed(lena, alice, survey):
    stale = _update(survey, status="problem", note="Nobody can run it")
    services.status_set(task=survey, revision=0, by=alice, status="in_progress")
    response = _client(lena).post(_url("task_update", pk=survey.pk), stale)
    assert services.CHANGED_MEANWHILE in _errors(response)
    assert "Nobody can run it" in _body(response) and "The task as it is now" in _body(response)
    survey.refresh_from_db()
    assert survey.status == Task.Status.IN_PROGRESS


# ---------------------------------------------------------------- action points


def test_choosing_a_tasks_action_points(partnership, alice, lena, bob, survey, training):
    meeting = make_meeting(partnership, title="Planning meeting", created_by=alice)
    first = make_action_point(meeting, text="Book the trainers.", owner_person=alice)
    second = make_action_point(meeting, text="Find a venue.", owner_person=alice)
    closed = make_action_point(meeting, text="Old one.", owner_person=alice, status=ActionPoint.Status.DONE)
    client = _client(lena)
    assert _client(bob).get(_url("task_actions", pk=survey.pk)).status_code == 403
    page = _body(client.get(_url("task_actions", pk=survey.pk)))
    assert f"{first.reference}: Book the trainers." in page and "Old one." not in page
    response = client.post(
        _url("task_actions", pk=survey.pk), {"action_points": [str(first.pk)]}, follow=True
    )
    assert "1 action point added to the task." in _body(response)
    assert TaskActionPoint.objects.get().action_point == first
    # The training's list says the survey has it; ticking it there is refused by name.
    other = _body(client.get(_url("task_actions", pk=training.pk)))
    assert f"already part of {SURVEY}" in other
    refused = client.post(
        _url("task_actions", pk=training.pk), {"action_points": [str(first.pk), str(second.pk)]}
    )
    assert (
        f"{first.reference} is already part of \u2018Survey results\u2019. Take it off that task first."
        in (_errors(refused))
    )
    assert not TaskActionPoint.objects.filter(task=training).exists()
    # A closed action point cannot be chosen; unticking takes one off.
    odd = client.post(_url("task_actions", pk=survey.pk), {"action_points": [str(closed.pk)]})
    assert "Choose action points from the list" in _errors(odd)
    client.post(_url("task_actions", pk=survey.pk), {})
    assert not TaskActionPoint.objects.exists()


# ---------------------------------------------------------------- taking a task out


def test_taking_a_task_out_says_what_waits_for_it_and_keeps_its_name(alice_client, alice, survey, training):
    page = _body(alice_client.get(_url("task_remove", pk=survey.pk)))
    assert "Take \u2018Survey results\u2019 out of the plan?" in page
    assert "\u2018Interview skills training\u2019 waits for this task. It will no longer wait for it." in page
    response = alice_client.post(
        _url("task_remove", pk=survey.pk), {"reason": "the council ran one already"}, follow=True
    )
    assert f"{SURVEY} is taken out of the plan. {TRAINING} no longer waits for it." in _body(response)
    assert not Task.objects.filter(pk=survey.pk).exists()
    assert not training.needs.exists()
    removed = PlanChange.objects.get(field=PlanChange.Field.REMOVED)
    assert (removed.subject, removed.words, removed.reason, removed.task) == (
        "Survey results",
        "taken out of the plan",
        "the council ran one already",
        None,
    )
    assert PlanChange.objects.filter(task=training, field=PlanChange.Field.CHANGED).get().words == (
        "no longer waits for \u2018Survey results\u2019, which was taken out of the plan"
    )


# ---------------------------------------------------------------- query budget


def _grow(partnership, outcome, alice, survey, n: int) -> None:
    """n more tasks waiting for the survey, each with an output, a comment, a change and an action point."""
    meeting = make_meeting(partnership, created_by=alice)
    for i in range(n):
        task = services.task_add(
            partnership=partnership,
            outcome=outcome,
            by=alice,
            title=f"Task {i}",
            planned_start=date(2030, 4, 1),
            planned_end=date(2030, 4, 30),
            needs=[survey],
        )
        Output.objects.create(partnership=partnership, task=survey, title=f"Output {i}")
        services.comment_add(task=survey, author=alice, kind="comment", text=f"Comment {i}")
        action = make_action_point(meeting, owner_person=alice)
        TaskActionPoint.objects.create(partnership=partnership, task=survey, action_point=action)
        survey.decisions.add(make_decision(meeting))
        survey.meetings.add(make_meeting(partnership, created_by=alice))
        services.task_save(task=task, revision=0, by=alice, reason="why", expected_end=date(2030, 5, 7))


@pytest.mark.parametrize("who", ["alice", "eve"])
def test_the_task_page_stays_in_budget_as_the_plan_grows(
    who, request, partnership, outcome, alice, survey, django_assert_max_num_queries
):
    client = _client(request.getfixturevalue(who))
    url = _url("task", pk=survey.pk)
    _grow(partnership, outcome, alice, survey, 2)
    # session, user, membership; the task (with its partnership's settings and whether dates wait to be
    # confirmed); what it needs and what waits for it; outputs; activities; its decisions and meetings (one
    # query); and for partners its action points, changes and comments: 11 (9 for a visiting expert), with
    # room for the pictures of someone who reads easy read first.
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    _grow(partnership, outcome, alice, survey, 20)
    with django_assert_max_num_queries(12) as grown:
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) == len(grown.captured_queries)


def test_a_new_owner_or_new_leads_are_written_down_in_words(alice, survey, des, council):
    survey.refresh_from_db()
    services.task_save(
        task=survey,
        revision=survey.revision,
        by=alice,
        owner_person=None,
        owner_group=council,
        lead_group=council,
        second_lead_group=des,
    )
    change = PlanChange.objects.filter(task=survey, field=PlanChange.Field.CHANGED).get()
    assert change.words == (
        "now done by Riverside Council, not Omar Owner; now led by Riverside Council and Disability Equality "
        "Scotland, not Disability Equality Scotland"
    )
    # Saving again with the same people writes nothing more.
    services.task_save(task=survey, revision=survey.revision, by=alice, owner_group=council)
    assert PlanChange.objects.filter(task=survey, field=PlanChange.Field.CHANGED).count() == 1
