"""The timeline: the plan month by month in words (the page a screen reader and an easy read user get), the
drawn SVG with its title, description and table, how often we meet; and the plan's activities (meetings
linked to a task or theme, times to involve our networks)."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Meeting, MeetingSeries
from partners.models import Role
from tests.factories import make_meeting, make_member, make_user
from workplan.models import Activity, Outcome, PlanSettings, Task, Theme
from workplan.services.plan import plan_for
from workplan.services.schedule import day_words, month_words
from workplan.services.timeline import count_words, lead_warning, networks_window, timeline_for

SLUG = "working-together"
TODAY = date(2026, 12, 6)


# ------------------------------------------------------------ helpers (also used by test_exports, test_home)


def make_outcome(partnership, title="More disabled people in employment", **fields) -> Outcome:
    fields.setdefault("status", Outcome.Status.AGREED)
    return Outcome.objects.create(partnership=partnership, title=title, **fields)


def make_theme(outcome, title="Interview skills training", **fields) -> Theme:
    return Theme.objects.create(partnership=outcome.partnership, outcome=outcome, title=title, **fields)


def make_task(outcome, title="Design the training", *, start, end, expected=None, **fields) -> Task:
    return Task.objects.create(
        partnership=outcome.partnership,
        outcome=outcome,
        title=title,
        planned_start=start,
        planned_end=end,
        expected_end=expected or end,
        **fields,
    )


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def member_client(partnership, role) -> tuple:
    person = make_user()
    make_member(partnership, person, role=role)
    return person, client_for(person)


def url(name, **kwargs) -> str:
    return reverse(f"workplan:{name}", kwargs={"slug": SLUG, **kwargs})


def body(response) -> str:
    return response.content.decode()


def text(response) -> str:
    """The page's words, tags taken out and spaces squeezed, as a reader hears them."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body(response)))


def _section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def _month(html: str, day: date) -> str:
    """One month's part of the list, in words."""
    part = _section(html, f'id="month-{day:%Y-%m}"', "</section>")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part))


# ---------------------------------------------------------------- who may see and do what


def test_outsiders_get_404_and_anonymous_visitors_are_sent_to_sign_in(charlie_client, partnership, alice):
    outcome = make_outcome(partnership)
    task = make_task(outcome, start=TODAY, end=TODAY + timedelta(days=30))
    activity = Activity.objects.create(
        partnership=partnership, kind=Activity.Kind.NETWORKS, title="Talk", task=task, starts_on=TODAY,
        ends_on=TODAY + timedelta(days=7),
    )  # fmt: skip
    urls = [
        url("timeline"),
        url("activities"),
        url("activity_add") + "?kind=networks",
        url("activity_edit", pk=activity.pk),
        url("activity_remove", pk=activity.pk),
        url("export_csv"),
        url("export_ics"),
    ]
    for address in urls:
        assert charlie_client.get(address).status_code == 404, address
        assert charlie_client.post(address, {"title": "Taken"}).status_code == 404, address
        response = Client().get(address)
        assert response.status_code == 302 and "login" in response["Location"], address
    assert Activity.objects.get().title == "Talk"


def test_partners_observers_and_visiting_experts_read_but_cannot_change_activities(
    partnership, alice, bob_client
):
    outcome = make_outcome(partnership)
    task = make_task(outcome, start=TODAY + timedelta(days=60), end=TODAY + timedelta(days=90))
    activity = Activity.objects.create(
        partnership=partnership, kind=Activity.Kind.NETWORKS, title="50 conversations", task=task,
        starts_on=TODAY, ends_on=TODAY + timedelta(days=27), lead_weeks=2,
    )  # fmt: skip
    _, observer = member_client(partnership, Role.OBSERVER)
    _, expert = member_client(partnership, Role.VISITING_EXPERT)
    for client in (bob_client, observer, expert):
        assert client.get(url("timeline")).status_code == 200
        page = client.get(url("activities"))
        assert page.status_code == 200
        assert "50 conversations" in body(page)
        assert "Take out of the plan" not in body(page)
        assert client.get(url("activity_add") + "?kind=networks").status_code == 403
        assert client.get(url("activity_edit", pk=activity.pk)).status_code == 403
        assert client.post(url("activity_remove", pk=activity.pk)).status_code == 403
        assert client.post(url("activity_add") + "?kind=networks", {"title": "Mine"}).status_code == 403
    assert Activity.objects.count() == 1


def test_an_activity_of_another_partnership_is_not_found(partnership, other_partnership, alice_client):
    outcome = make_outcome(other_partnership)
    task = make_task(outcome, start=TODAY, end=TODAY + timedelta(days=30))
    theirs = Activity.objects.create(
        partnership=other_partnership, kind=Activity.Kind.NETWORKS, title="Theirs", task=task,
        starts_on=TODAY, ends_on=TODAY + timedelta(days=7),
    )  # fmt: skip
    assert alice_client.get(url("activity_edit", pk=theirs.pk)).status_code == 404
    assert alice_client.post(url("activity_remove", pk=theirs.pk)).status_code == 404
    assert Activity.objects.filter(pk=theirs.pk).exists()


# ---------------------------------------------------------------- the list by month, in words


def test_count_words():
    assert count_words(3, 2, 1) == "3 things start, 2 end, 1 meeting"
    assert count_words(1, 1, 0) == "1 thing starts, 1 ends"
    assert count_words(0, 1, 2) == "1 thing ends, 2 meetings"
    assert count_words(0, 0, 0) == "Nothing starts or ends"


def test_each_month_says_what_starts_ends_and_meets_in_words_with_todays_line(
    partnership, alice, alice_client
):
    today = timezone.localdate()
    outcome = make_outcome(partnership)
    later = (today.replace(day=1) + timedelta(days=70)).replace(day=10)
    for i in range(3):
        make_task(outcome, f"Start {i}", start=later + timedelta(days=i), end=later + timedelta(days=150))
    make_task(outcome, "Earlier A", start=today - timedelta(days=90), end=later + timedelta(days=5))
    make_task(outcome, "Earlier B", start=today - timedelta(days=90), end=later + timedelta(days=6))
    make_meeting(partnership, days_ahead=(later - today).days + 2, created_by=alice, title="Steering")

    html = body(alice_client.get(url("timeline")))

    assert f">{month_words(later)}</h3>" in html
    assert "3 things start, 2 end, 1 meeting." in _month(html, later)
    this_month = _month(html, today)
    assert f"today is {day_words(today)}" in this_month
    # Only the current month says what today is.
    assert html.count("today is ") == 1
    assert "Steering" in _month(html, later)


def test_months_with_nothing_are_skipped_but_the_range_runs_from_first_to_last_date(
    partnership, alice_client
):
    today = timezone.localdate()
    outcome = make_outcome(partnership)
    first = date(today.year + 1, 1, 10)
    make_task(outcome, "January job", start=first, end=first + timedelta(days=10))
    make_task(outcome, "June job", start=date(first.year, 6, 3), end=date(first.year, 6, 20))

    html = body(alice_client.get(url("timeline")))

    assert f"January {first.year}</h3>" in html
    assert f"June {first.year}</h3>" in html
    assert f"March {first.year}</h3>" not in html  # nothing then
    assert f"Today is {day_words(today)}: the plan starts in January {first.year}." in text(
        alice_client.get(url("timeline"))
    )
    drawing = _section(html, "<svg", "</svg>")
    # The drawing runs the whole range, month by month, March included.
    assert ">Mar<" in drawing and f">Jan {first.year}<" in drawing and ">Jun<" in drawing


def test_a_task_that_moved_says_when_it_was_planned_for(partnership, alice_client):
    today = timezone.localdate()
    outcome = make_outcome(partnership)
    may = date(today.year + 1, 5, 14)
    make_task(
        outcome, "Interview training", start=may - timedelta(days=60), end=may, expected=may + timedelta(60)
    )

    html = body(alice_client.get(url("timeline")))

    july = _month(html, may + timedelta(days=60))
    assert "Interview training" in july
    assert f"was planned for May {may.year}" in july


def test_late_expected_to_be_late_running_over_and_not_started_are_said_in_words_and_shapes(
    partnership, alice_client
):
    """The one rule, in the list, the table and the drawing: each with its tag, a shape and words, never
    colour alone."""
    today = timezone.localdate()
    outcome = make_outcome(partnership)
    # 8 weeks: we allow 2 more, until 3 weeks ago.
    make_task(outcome, "Survey results", start=today - timedelta(days=90), end=today - timedelta(days=35))
    # We allow 2 more weeks (until 32 days on), but it is expected to end 48 days after that.
    make_task(
        outcome, "Guide for employers", start=today - timedelta(days=10), end=today + timedelta(days=18),
        expected=today + timedelta(days=80), status=Task.Status.IN_PROGRESS,
    )  # fmt: skip
    # Its expected end has passed, but the time we allow has not.
    make_task(
        outcome, "Venue booking", start=today - timedelta(days=30), end=today - timedelta(days=2),
        status=Task.Status.IN_PROGRESS,
    )  # fmt: skip
    make_task(outcome, "Book the hall", start=today - timedelta(days=5), end=today + timedelta(days=50))

    response = alice_client.get(url("timeline"))
    html = body(response)
    words = text(response)

    late_month = _month(html, today - timedelta(days=35))
    assert "Survey results" in late_month
    assert f"Late: we allowed until {day_words(today - timedelta(days=21))}, 3 weeks ago." in late_month
    risk_month = _month(html, today + timedelta(days=80))
    assert "Taking longer than planned, by about 9 weeks" in risk_month
    assert (
        f"Expected to be late: it is expected to end on {day_words(today + timedelta(days=80))}, about 7 "
        f"weeks after the extra time we allowed (until {day_words(today + timedelta(days=32))})."
    ) in risk_month
    assert (
        f"Running over: it was expected to end on {day_words(today - timedelta(days=2))}. Say when it will "
        "end." in words
    )
    assert f"Should have started on {day_words(today - timedelta(days=5))}." in words
    # The shape, with its word, in the list; never "On time" for a task that should have started.
    for symbol, tag in [
        ("\u25b2", "Late"),
        ("\u25b3", "Expected to be late"),
        ("\u25ba", "Running over"),
        ("\u25cb", "Should have started"),
    ]:
        assert f'<span aria-hidden="true">{symbol} </span>{tag}</strong>' in html, tag
    assert "At risk" not in words and "On time" not in words
    # The plan's check counts the late and the expected to be late, and says which.
    assert "Not quite. 1 task is late and 1 is expected to be late." in words
    # In the drawing: the late ones' bars are hatched and their status lines say by how much.
    drawing = _section(html, "<svg", "</svg>")
    assert 'fill="url(#timeline-hatch)"' in drawing
    assert "\u25b2 Late, by 3 weeks</text>" in drawing
    assert "\u25b3 Expected to be late, by about 7 weeks</text>" in drawing
    assert "\u25ba Running over</text>" in drawing
    assert "\u25cb Should have started</text>" in drawing


def test_a_done_task_ends_on_the_day_it_was_done(partnership, alice_client):
    today = timezone.localdate()
    outcome = make_outcome(partnership)
    done_on = today - timedelta(days=40)
    make_task(
        outcome, "Survey results", start=today - timedelta(days=120), end=today - timedelta(days=80),
        expected=today - timedelta(days=60), status=Task.Status.DONE, done_on=done_on,
    )  # fmt: skip

    html = body(alice_client.get(url("timeline")))

    ended = _month(html, done_on)
    assert f"{day_words(done_on)}. Ended : Survey results" in ended
    assert f"Done on {day_words(done_on)}." in ended
    expected = today - timedelta(days=60)
    assert f" {day_words(expected)}. Ended" not in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    table = _section(html, 'id="timeline-table-caption"', "</table>")
    assert f"Done on {day_words(done_on)}" in table
    assert "\u2713 Done</text>" in _section(html, "<svg", "</svg>")


def test_meetings_and_networks_windows_are_in_their_months(partnership, alice, alice_client):
    today = timezone.localdate()
    outcome = make_outcome(partnership)
    theme = make_theme(outcome, "What employers need to know")
    task = make_task(
        outcome, "Design the training", start=today + timedelta(days=70), end=today + timedelta(150)
    )
    workshop = make_meeting(
        partnership, days_ahead=20, created_by=alice, title="Employers workshop", kind=Meeting.Kind.WORKSHOP
    )
    Activity.objects.create(partnership=partnership, meeting=workshop, theme=theme)
    Activity.objects.create(
        partnership=partnership, kind=Activity.Kind.NETWORKS, title="50 conversations with disabled people",
        task=task, starts_on=today + timedelta(days=30), ends_on=today + timedelta(days=60), lead_weeks=2,
    )  # fmt: skip

    html = body(alice_client.get(url("timeline")))

    month = _month(html, timezone.localdate(workshop.starts_at))
    assert "Workshop : Employers workshop" in month
    assert "for the theme \u2018What employers need to know\u2019" in month
    window = _month(html, today + timedelta(days=30))
    assert "Involve our networks: starts : 50 conversations with disabled people" in window
    # It ends 10 days before the task starts, where we allow 2 weeks: said in words, and marked.
    ends = _month(html, today + timedelta(days=60))
    assert "This leaves 2 weeks before \u2018Design the training\u2019 starts; we allow 2 weeks" not in ends
    assert "This leaves 10 days before \u2018Design the training\u2019 starts; we allow 2 weeks" in ends
    drawing = _section(html, "<svg", "</svg>")
    assert 'stroke-dasharray="6 3"' in drawing  # the window's dashed bar
    assert "<title>Employers workshop," in drawing  # the meeting's diamond


def test_how_often_we_meet_shows_the_series_and_the_partnership_meetings_to_come(
    partnership, alice, alice_client
):
    series = MeetingSeries.objects.create(partnership=partnership, description="Monthly on the first Tuesday")
    for days in (10, 40, 70):
        make_meeting(partnership, days_ahead=days, created_by=alice, series=series)
    make_meeting(partnership, days_ahead=-30, created_by=alice, series=series)  # held: not to come
    make_meeting(partnership, days_ahead=50, created_by=alice, kind=Meeting.Kind.FOCUS_GROUP)

    for name in ("timeline", "activities"):
        words = text(alice_client.get(url(name)))
        assert "How often we meet" in words
        assert "Monthly on the first Tuesday (3 still to come)" in words
        assert "3 partnership meetings are still to come." in words


def test_an_empty_plan_says_so(partnership, alice_client):
    words = text(alice_client.get(url("timeline")))
    assert "There is nothing in the plan yet." in words
    assert "There are no tasks in the plan yet." in words
    assert "<svg" not in words


def test_a_visiting_expert_sees_only_the_meetings_they_are_invited_to(partnership, alice):
    expert, expert_client = member_client(partnership, Role.VISITING_EXPERT)
    outcome = make_outcome(partnership)
    make_task(outcome, start=timezone.localdate(), end=timezone.localdate() + timedelta(days=90))
    invited = make_meeting(partnership, days_ahead=10, created_by=alice, title="Invited workshop")
    make_meeting(partnership, days_ahead=20, created_by=alice, title="Private steering group")
    Attendance.objects.create(partnership=partnership, meeting=invited, person=expert)

    html = body(expert_client.get(url("timeline")))

    assert "Invited workshop" in html
    assert "Private steering group" not in html


def test_dropped_outcomes_are_not_on_the_timeline(partnership, alice_client):
    today = timezone.localdate()
    kept = make_outcome(partnership)
    dropped = make_outcome(partnership, "Old idea", status=Outcome.Status.DROPPED)
    make_task(kept, "Kept task", start=today, end=today + timedelta(days=20))
    make_task(dropped, "Dropped task", start=today, end=today + timedelta(days=20))
    html = body(alice_client.get(url("timeline")))
    assert "Kept task" in html and "Dropped task" not in html


# ---------------------------------------------------------------- the drawing and its table


def test_the_drawing_has_role_img_a_title_and_a_description_with_counts_and_the_late_ones(
    partnership, alice_client
):
    today = timezone.localdate()
    outcome = make_outcome(partnership)
    theme = make_theme(outcome)
    for i in range(10):
        make_task(
            outcome, f"On time {i}", start=today + timedelta(days=i), end=today + timedelta(days=60 + i)
        )
    # We allow 2 more weeks for each: until 3 weeks ago, and until 8 days ago.
    make_task(outcome, "Survey results", start=today - timedelta(days=90), end=today - timedelta(days=35))
    make_task(
        outcome,
        "Venue booking",
        start=today - timedelta(days=50),
        end=today - timedelta(days=22),
        theme=theme,
    )

    html = body(alice_client.get(url("timeline")))
    svg = html.split("<svg", 1)[1].split(">", 1)[0]

    assert 'role="img"' in svg
    assert 'aria-labelledby="timeline-drawing-title timeline-drawing-desc"' in svg
    assert '<title id="timeline-drawing-title">Timeline of the work plan,' in html
    desc = _section(html, '<desc id="timeline-drawing-desc">', "</desc>")
    assert desc.startswith("Timeline of 12 tasks from ")
    assert "2 are late: \u2018Survey results\u2019, by 3 weeks; \u2018Venue booking\u2019, by 8 days." in (
        desc.replace("&#x27;", "'")
    )
    assert "10 should have started and have not" not in desc  # the others start from today
    assert f"A line marks today, {day_words(today)}." in desc
    drawing = _section(html, "<svg", "</svg>")
    assert ">Today</text>" in drawing
    # One bar a task, each with its label.
    assert drawing.count('class="cp-timeline-row"') == 12
    assert ">Survey results</text>" in drawing
    # The drawing scrolls in its own labelled region: the page never scrolls sideways at 320px.
    region = html.split("<svg", 1)[0].rsplit("<div", 1)[1]
    assert 'role="region"' in region and 'tabindex="0"' in region and "aria-label=" in region


def test_the_table_beside_the_drawing_has_the_same_tasks(partnership, alice_client):
    today = timezone.localdate()
    outcome = make_outcome(partnership)
    theme = make_theme(outcome, "What stops people getting work")
    titles = [f"Task {i}" for i in range(7)]
    for i, title in enumerate(titles):
        make_task(
            outcome, title, start=today + timedelta(days=i * 9), end=today + timedelta(days=40 + i * 9),
            theme=theme if i % 2 else None,
        )  # fmt: skip

    html = body(alice_client.get(url("timeline")))
    table = _section(html, 'id="timeline-table-caption"', "</table>")
    drawing = _section(html, "<svg", "</svg>")

    assert "Tasks in the plan, in date order: 7" in table
    headers = ("Task", "Theme", "Starts", "Planned end", "Latest expected end, or when it was done", "Status")
    for header in headers:
        assert f'<th scope="col" class="govuk-table__header">{header}</th>' in table
    rows = re.findall(r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]+)</a>', table)
    drawn = re.findall(r'<text x="8" y="\d+" fill="#0b0c0c">([^<]+)</text>', drawing)
    assert rows == titles
    assert drawn == titles
    assert "What stops people getting work" in table and "No theme" in table
    assert day_words(today + timedelta(days=40)) in table


def test_words_people_typed_are_escaped_in_the_drawing(partnership, alice_client):
    outcome = make_outcome(partnership)
    make_task(outcome, '</text><script>alert("x")</script>', start=TODAY, end=TODAY + timedelta(days=9))
    html = body(alice_client.get(url("timeline")))
    assert "<script>alert" not in html
    assert "&lt;/text&gt;&lt;script&gt;" in _section(html, "<svg", "</svg>")


def test_the_timeline_reads_the_same_number_of_times_for_5_tasks_or_200(partnership, alice, alice_client):
    today = timezone.localdate()
    outcome = make_outcome(partnership)
    theme = make_theme(outcome)
    PlanSettings.objects.create(partnership=partnership)
    series = MeetingSeries.objects.create(partnership=partnership, description="Monthly")
    for days in (5, 35):
        make_meeting(partnership, days_ahead=days, created_by=alice, series=series)

    def add(n):
        start = Task.objects.count()
        tasks = []
        for i in range(start, start + n):
            first = today + timedelta(days=i % 300 - 100)
            tasks.append(
                Task(partnership=partnership, outcome=outcome, theme=theme if i % 2 else None, title=f"T{i}",
                     planned_start=first, planned_end=first + timedelta(days=30),
                     expected_end=first + timedelta(days=30 + (i % 3) * 20))
            )  # fmt: skip
        Task.objects.bulk_create(tasks)
        for task in Task.objects.filter(title__in=[t.title for t in tasks])[:3]:
            Activity.objects.create(
                partnership=partnership, kind=Activity.Kind.NETWORKS, title=f"Ask {task.title}", task=task,
                starts_on=task.planned_start - timedelta(days=40), ends_on=task.planned_start - timedelta(14),
            )  # fmt: skip

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(url("timeline")).status_code == 200
        return len(queries)

    add(5)
    small = count()
    add(195)
    # session, person, membership; the plan's settings, outcomes, themes, tasks, outputs, needs and
    # activities (plan_for); how often we meet; the meetings in the plan's months.
    assert count() == small
    assert small <= 12


def test_timeline_for_can_be_read_for_any_day(partnership, alice):
    outcome = make_outcome(partnership)
    make_task(outcome, "A", start=date(2027, 1, 4), end=date(2027, 3, 31))
    member = partnership.memberships.get(person=alice)
    timezone.activate(partnership.time_zone)
    found = timeline_for(partnership, member, today=date(2027, 2, 10))
    assert [m.heading for m in found.months] == ["January 2027", "February 2027", "March 2027"]
    assert found.months[1].summary == "Nothing starts or ends; today is 10 February 2027."
    assert found.drawing.today_x is not None


# ---------------------------------------------------------------- activities: involve our networks


def test_the_networks_window_ends_the_lead_time_before_the_task_and_lasts_the_set_weeks(partnership):
    outcome = make_outcome(partnership)
    task = make_task(outcome, start=date(2027, 3, 1), end=date(2027, 5, 31))
    starts, ends = networks_window(task, weeks=4, lead_weeks=2)
    assert ends == date(2027, 2, 15)
    assert (ends - starts).days + 1 == 28


def test_adding_a_networks_window_offers_dates_worked_out_from_the_task(partnership, alice_client):
    PlanSettings.objects.create(partnership=partnership, networks_weeks=6, networks_lead_weeks=3)
    outcome = make_outcome(partnership)
    task = make_task(outcome, start=date(2027, 3, 1), end=date(2027, 5, 31))

    page = body(alice_client.get(url("activity_add") + f"?kind=networks&task={task.pk}"))

    # Ends 3 weeks before 1 March 2027 (8 February), starting 6 weeks before that.
    assert 'name="ends_on_0" value="8"' in page and 'name="ends_on_1" value="2"' in page
    assert 'name="starts_on_0" value="29"' in page and 'name="starts_on_1" value="12"' in page
    assert 'name="lead_weeks" value="3"' in page
    assert f'<option value="{task.pk}" selected>' in page
    # An odd task id is no task at all, never an error.
    assert alice_client.get(url("activity_add") + "?kind=networks&task=9%C2%B2").status_code == 200


def test_a_networks_window_left_without_dates_takes_them_from_the_task(partnership, alice, alice_client):
    outcome = make_outcome(partnership)
    task = make_task(outcome, "Design the training", start=date(2027, 3, 1), end=date(2027, 5, 31))
    add = alice_client.get(url("activity_add") + "?kind=networks")
    once = re.search(r'name="once" value="([0-9a-f]+)"', body(add)).group(1)
    data = {
        "title": "50 conversations with disabled people",
        "description": "What stops people getting work",
        "task": task.pk,
        "lead_weeks": "2",
        "once": once,
    }

    response = alice_client.post(url("activity_add") + "?kind=networks", data)
    again = alice_client.post(url("activity_add") + "?kind=networks", data)

    assert response.status_code == 302 and response["Location"] == url("activities")
    assert again.status_code == 302
    activity = Activity.objects.get()  # sent twice, saved once
    assert activity.kind == Activity.Kind.NETWORKS
    assert activity.created_by == alice
    assert (activity.starts_on, activity.ends_on) == (date(2027, 1, 19), date(2027, 2, 15))
    listing = text(alice_client.get(url("activities")))
    assert "50 conversations with disabled people" in listing
    assert "19 January 2027 to 15 February 2027" in listing


def test_a_window_too_close_to_its_task_is_saved_with_a_warning_in_words(partnership, alice_client):
    outcome = make_outcome(partnership)
    task = make_task(outcome, "Design the training", start=date(2027, 3, 1), end=date(2027, 5, 31))
    add = alice_client.get(url("activity_add") + "?kind=networks")
    once = re.search(r'name="once" value="([0-9a-f]+)"', body(add)).group(1)

    response = alice_client.post(
        url("activity_add") + "?kind=networks",
        {
            "title": "50 conversations",
            "task": task.pk,
            "lead_weeks": "2",
            "once": once,
            "starts_on_0": "1",
            "starts_on_1": "2",
            "starts_on_2": "2027",
            "ends_on_0": "22",
            "ends_on_1": "2",
            "ends_on_2": "2027",
        },  # fmt: skip
        follow=True,
    )

    warning = "This leaves 1 week before \u2018Design the training\u2019 starts; we allow 2 weeks"
    assert warning in text(response)  # the message after saving, and the list itself
    assert text(response).count(warning) == 2
    assert Activity.objects.get().ends_on == date(2027, 2, 22)


def test_lead_warning_words():
    outcome_task = Task(title="Design the training", planned_start=date(2027, 3, 1))
    window = Activity(kind=Activity.Kind.NETWORKS, ends_on=date(2027, 2, 15), lead_weeks=2)
    assert lead_warning(window, outcome_task) == ""
    window.ends_on = date(2027, 2, 22)
    assert lead_warning(window, outcome_task) == (
        "This leaves 1 week before \u2018Design the training\u2019 starts; we allow 2 weeks"
    )
    window.ends_on = date(2027, 3, 5)
    assert lead_warning(window, outcome_task).startswith(
        "This ends on or after the day \u2018Design the training\u2019 starts (1 March 2027)"
    )


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        (("10", "3", "2027", "1", "3", "2027"), "ends_on", "cannot end before it starts"),
        (("1", "1", "1900", "1", "2", "1900"), "starts_on", "1900 cannot be right"),
        (("1", "1", "2027", "1", "2", "3000"), "ends_on", "3000 cannot be right"),
        (("31", "2", "2027", "1", "3", "2027"), "starts_on", "must be a real date"),
        (("1", "2", "2027", "", "", ""), "ends_on", "Enter both dates"),
    ],
)
def test_bad_dates_get_a_clear_message_and_nothing_typed_is_lost(
    dates, field, message, partnership, alice_client
):
    outcome = make_outcome(partnership)
    task = make_task(outcome, start=date(2027, 4, 1), end=date(2027, 5, 31))
    add = alice_client.get(url("activity_add") + "?kind=networks")
    once = re.search(r'name="once" value="([0-9a-f]+)"', body(add)).group(1)
    data = {"title": "Typed words", "task": task.pk, "lead_weeks": "2", "once": once}
    for i, name in enumerate(
        ("starts_on_0", "starts_on_1", "starts_on_2", "ends_on_0", "ends_on_1", "ends_on_2")
    ):
        data[name] = dates[i]

    response = alice_client.post(url("activity_add") + "?kind=networks", data)

    assert response.status_code == 200
    html = body(response)
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html and message in html
    assert f'href="#id_{field}_0"' in html  # the summary links to the date's first box
    assert 'value="Typed words"' in html
    assert not Activity.objects.exists()


def test_odd_numbers_and_missing_fields_never_500(partnership, alice_client):
    outcome = make_outcome(partnership)
    make_task(outcome, start=date(2027, 4, 1), end=date(2027, 5, 31))
    for data in (
        {},
        {"title": "x", "task": "99999999999999999999", "lead_weeks": "-3"},
        {"title": "x", "task": "abc", "lead_weeks": "999999999999"},
    ):
        response = alice_client.post(url("activity_add") + "?kind=networks", data)
        assert response.status_code == 200
        assert "govuk-error-summary" in body(response)
    assert "Enter 0 or more weeks" in body(
        alice_client.post(url("activity_add") + "?kind=networks", {"lead_weeks": "-3"})
    )
    # An unknown kind is a choice of the two, not an error.
    choose = alice_client.get(url("activity_add") + "?kind=party")
    assert choose.status_code == 200 and "What do you want to add?" in body(choose)
    assert not Activity.objects.exists()


# ---------------------------------------------------------------- activities: a meeting linked to the plan


def _once(client, address) -> str:
    return re.search(r'name="once" value="([0-9a-f]+)"', body(client.get(address))).group(1)


def test_a_chair_links_a_meeting_to_a_task_then_changes_and_removes_it(partnership, alice, dana_client):
    outcome = make_outcome(partnership)
    theme = make_theme(outcome)
    task = make_task(outcome, "Design the training", start=date(2027, 3, 1), end=date(2027, 5, 31))
    focus = make_meeting(
        partnership, days_ahead=30, created_by=alice, title="Focus group", kind="focus_group"
    )
    add = url("activity_add") + "?kind=meeting"

    # A task or a theme is needed.
    missing = dana_client.post(add, {"meeting": focus.pk, "once": _once(dana_client, add)})
    assert "Choose the task or the theme this meeting is for" in body(missing)
    response = dana_client.post(add, {"meeting": focus.pk, "task": task.pk, "once": _once(dana_client, add)})

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.kind, activity.meeting, activity.task) == (Activity.Kind.MEETING, focus, task)
    listing = text(dana_client.get(url("activities")))
    assert "Focus group" in listing and "The task Design the training" in listing
    # The meeting is in the plan once: the add form no longer offers it.
    offered = _section(body(dana_client.get(add)), 'name="meeting"', "</select>")
    assert f'value="{focus.pk}"' not in offered

    edit = dana_client.post(url("activity_edit", pk=activity.pk), {"meeting": focus.pk, "theme": theme.pk})
    assert edit.status_code == 302
    activity.refresh_from_db()
    assert (activity.task, activity.theme) == (None, theme)

    confirm = dana_client.get(url("activity_remove", pk=activity.pk))
    assert "The meeting itself stays on the meetings pages" in body(confirm)
    assert dana_client.post(url("activity_remove", pk=activity.pk)).status_code == 302
    assert not Activity.objects.exists()
    assert Meeting.objects.filter(pk=focus.pk).exists()


def test_a_meeting_of_another_partnership_cannot_be_linked(partnership, other_partnership, alice_client):
    outcome = make_outcome(partnership)
    task = make_task(outcome, start=date(2027, 3, 1), end=date(2027, 5, 31))
    theirs = make_meeting(other_partnership, days_ahead=30)
    add = url("activity_add") + "?kind=meeting"
    response = alice_client.post(
        add, {"meeting": theirs.pk, "task": task.pk, "once": _once(alice_client, add)}
    )
    assert response.status_code == 200
    assert "Choose one of the partnership\u2019s meetings that is not in the plan yet" in body(response)
    assert not Activity.objects.exists()


def test_plan_for_sees_activities_on_their_tasks(partnership, alice):
    outcome = make_outcome(partnership)
    task = make_task(outcome, start=date(2027, 3, 1), end=date(2027, 5, 31))
    Activity.objects.create(
        partnership=partnership, kind=Activity.Kind.NETWORKS, title="Ask", task=task,
        starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 31),
    )  # fmt: skip
    plan = plan_for(partnership, today=TODAY)
    assert [a.title for a in plan.by_pk[task.pk].activity_list] == ["Ask"]


def test_a_coordinator_changes_a_networks_window_and_blank_dates_follow_the_task(partnership, alice_client):
    outcome = make_outcome(partnership)
    first = make_task(outcome, "Design the training", start=date(2027, 3, 1), end=date(2027, 5, 31))
    later = make_task(outcome, "Run the course", start=date(2027, 9, 6), end=date(2027, 10, 29))
    activity = Activity.objects.create(
        partnership=partnership, kind=Activity.Kind.NETWORKS, title="50 conversations", task=first,
        starts_on=date(2027, 1, 18), ends_on=date(2027, 2, 14),
    )  # fmt: skip
    page = body(alice_client.get(url("activity_edit", pk=activity.pk)))
    assert 'value="50 conversations"' in page
    assert 'name="lead_weeks" value="2"' in page  # the partnership's lead time, as none was kept

    response = alice_client.post(
        url("activity_edit", pk=activity.pk),
        {"title": "60 conversations", "task": later.pk, "lead_weeks": "3"},
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.task, activity.lead_weeks) == ("60 conversations", later, 3)
    # Ends 3 weeks before 6 September 2027; 4 weeks long.
    assert (activity.starts_on, activity.ends_on) == (date(2027, 7, 20), date(2027, 8, 16))
