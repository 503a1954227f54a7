"""The workspace home's work plan section: "Are we following the work plan and its timetable?" answered
plainly, the next three things due and anything late, in one query however big the plan."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.workplan.test_timeline import body, make_outcome, make_task, text
from workplan.models import PlanSettings, Task
from workplan.services.schedule import day_words
from workplan.services.timeline import home_summary, home_words


def _home(client, partnership):
    return client.get(reverse("workspace", kwargs={"slug": partnership.slug}))


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _section(html: str) -> str:
    return html.split('id="work-plan"', 1)[1].split("You in this partnership", 1)[0]


def test_home_says_we_are_on_time_and_lists_the_next_three_things_due(partnership, bob_client):
    today = timezone.localdate()
    outcome = make_outcome(partnership)
    for i, title in enumerate(["Survey", "Guide for employers", "Interview training", "Evaluation"]):
        make_task(
            outcome, title, start=today - timedelta(days=5), end=today + timedelta(days=10 + i * 10),
            status=Task.Status.IN_PROGRESS,
        )  # fmt: skip
    make_task(outcome, "Finished", start=today - timedelta(days=60), end=today + timedelta(days=1),
              status=Task.Status.DONE)  # fmt: skip

    html = _section(body(_home(bob_client, partnership)))

    assert "Are we following the work plan and its timetable?" in html
    assert "Yes. Everything in the plan is on time." in html
    survey = Task.objects.get(title="Survey")
    assert f'<a class="govuk-link" href="/p/working-together/plan/tasks/{survey.pk}/">Survey</a>' in html
    assert f"Due {day_words(today + timedelta(days=10))}" in html
    assert "Interview training" in html
    assert "Evaluation" not in html and "Finished" not in html  # three, and not what is done
    assert "1 of 5 tasks done" in html
    assert 'href="/p/working-together/plan/"' in html


def test_home_says_what_is_late_and_by_how_much_with_a_shape_and_words(partnership, alice_client):
    today = timezone.localdate()
    outcome = make_outcome(partnership)
    # We allow 2 more weeks: until a week ago.
    make_task(outcome, "Venue booking", start=today - timedelta(days=60), end=today - timedelta(days=21))
    # We allow 2 more weeks (until 32 days on), but it is expected to end 48 days after that.
    make_task(
        outcome, "Guide for employers", start=today - timedelta(days=10), end=today + timedelta(days=18),
        expected=today + timedelta(days=80),
    )  # fmt: skip
    # Past its expected end, within the time we allow: not late, but due now.
    make_task(
        outcome, "Survey", start=today - timedelta(days=30), end=today - timedelta(days=2),
        status=Task.Status.IN_PROGRESS,
    )  # fmt: skip
    make_task(outcome, "On time", start=today, end=today + timedelta(days=30))

    words = text(_home(alice_client, partnership))
    html = _section(body(_home(alice_client, partnership)))

    assert "Not quite. 1 task is late and 1 is expected to be late:" in words
    allowed = day_words(today - timedelta(days=7))
    assert f"Venue booking : \u25b2 Late We allowed until {allowed}, 1 week ago." in words
    assert (
        f"Guide for employers : \u25b3 Expected to be late It is expected to end on "
        f"{day_words(today + timedelta(days=80))}, about 7 weeks after the extra time we allowed (until "
        f"{day_words(today + timedelta(days=32))})."
    ) in words
    assert '<span aria-hidden="true">\u25b2 </span>Late</strong>' in html
    assert "At risk" not in words
    # What is late is not also listed as next due; what runs over is, first, and says so.
    due = text_of(html.split("Next due", 1)[1])
    assert "Venue booking" not in due and "Guide for employers" not in due
    assert due.index("Survey") < due.index("On time")
    assert f"Survey . Was due {day_words(today - timedelta(days=2))}. In progress. Running over:" in due


def test_home_with_no_plan_yet_says_so(partnership, alice_client):
    html = _section(body(_home(alice_client, partnership)))
    assert "There are no tasks in the plan yet." in html
    assert "Next due" not in html
    assert "See the work plan" in html


def test_home_summary_reads_in_one_query_whatever_the_size(partnership):
    today = timezone.localdate()
    outcome = make_outcome(partnership)
    dropped = make_outcome(partnership, "Old idea", status="dropped")
    make_task(dropped, "Dropped and late", start=today - timedelta(days=90), end=today - timedelta(days=30))
    PlanSettings.objects.create(partnership=partnership, contingency_percent=100)
    for i in range(40):
        # Every third has no extra weeks of its own, so ending in the past is late.
        weeks = 0 if i % 3 == 1 else None
        make_task(
            outcome, f"T{i}", start=today - timedelta(days=70), end=today - timedelta(days=i % 3),
            contingency_weeks=weeks,
        )  # fmt: skip

    with CaptureQueriesContext(connection) as queries:
        plan = home_summary(partnership, today)
        words = home_words(plan)
    assert len(queries) == 1
    # The partnership's own share: 100% of a 10-week task is 11 more whole weeks, so a task ending in the
    # past is running over, not late; a task's own weeks (none) replace the share.
    assert plan.share_percent == 100
    assert [row["title"] for row in words["late"]] == [f"T{i}" for i in range(40) if i % 3 == 1]
    assert len(plan.running_over) == sum(1 for i in range(40) if i % 3 == 2)
    assert all(row["title"] != "Dropped and late" for row in words["late"])


def test_home_shows_a_few_late_tasks_and_links_to_all_of_them(partnership, alice_client):
    today = timezone.localdate()
    outcome = make_outcome(partnership)
    for i in range(8):
        make_task(outcome, f"Late {i}", start=today - timedelta(days=60), end=today - timedelta(days=30 + i))
    html = _section(body(_home(alice_client, partnership)))
    assert html.count("\u25b2 </span>Late</strong>") == 5
    assert "See all 8 late tasks on the timeline" in html


def test_the_home_page_asks_the_same_number_of_queries_for_5_tasks_or_200(partnership, alice, alice_client):
    today = timezone.localdate()
    outcome = make_outcome(partnership)

    def add(n):
        start = Task.objects.count()
        Task.objects.bulk_create(
            Task(partnership=partnership, outcome=outcome, title=f"T{i}", planned_start=today,
                 planned_end=today + timedelta(days=i % 50), expected_end=today + timedelta(days=i % 50))
            for i in range(start, start + n)
        )  # fmt: skip

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert _home(alice_client, partnership).status_code == 200
        return len(queries)

    add(5)
    small = count()
    add(195)
    assert count() == small
    assert small <= 12
