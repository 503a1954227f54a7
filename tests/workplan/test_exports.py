"""The plan as files: a CSV a spreadsheet opens safely (nothing typed can run as a formula), and an iCalendar
file of its dates that a calendar program reads back word for word."""

import csv
import io
from datetime import date, timedelta

import icalendar
import pytest
from django.utils import timezone

from partners.models import Role
from tests.factories import make_group
from tests.workplan.test_timeline import make_outcome, make_task, make_theme, member_client, url
from workplan.models import Activity, Output, Task
from workplan.services.exports import CSV_COLUMNS, safe_cell
from workplan.services.plan import plan_for
from workplan.services.schedule import day_words

# ---------------------------------------------------------------- safe cells


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 131 000", "'+44 131 000"),
        ("-2 weeks", "'-2 weeks"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("Design the training", "Design the training"),
        ("2027-03-01", "2027-03-01"),
        ("a = b", "a = b"),
        (3, "3"),
        (None, ""),
        ("", ""),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


# ---------------------------------------------------------------- CSV


def _rows(response) -> list[list[str]]:
    assert response.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_plan_as_csv_has_its_columns_in_plan_order_with_iso_dates(partnership, alice, alice_client):
    outcome = make_outcome(partnership)
    theme = make_theme(outcome, "Interview skills training")
    council = make_group(partnership, "The council")
    dpo = make_group(partnership, "Disabled people's organisation")
    survey = make_task(outcome, "Survey results", start=date(2027, 1, 4), end=date(2027, 2, 26))
    design = make_task(
        outcome, "Design the training", start=date(2027, 3, 1), end=date(2027, 4, 30),
        expected=date(2027, 5, 28), theme=theme, lead_group=dpo, second_lead_group=council,
        owner_person=alice, owner_group=dpo, contingency_weeks=3,
    )  # fmt: skip
    design.needs.set([survey])
    Output.objects.create(partnership=partnership, task=design, title="Interview skills training course")
    make_outcome(partnership, "Disabled people can travel independently", status="proposed")

    response = alice_client.get(url("export_csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="working-together-work-plan.csv"'
    rows = _rows(response)
    assert rows[0] == CSV_COLUMNS == [
        "Outcome", "Theme", "Task", "Lead groups", "Owner", "Planned start", "Planned end",
        "Latest expected end", "Extra weeks we allow", "Status", "What it needs first", "Outputs",
    ]  # fmt: skip
    # Theme by theme in the agreed order, then the tasks with no theme; an outcome with no tasks has a row.
    assert [r[2] for r in rows[1:]] == ["Design the training", "Survey results", ""]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first == {
        "Outcome": "More disabled people in employment",
        "Theme": "Interview skills training",
        "Task": "Design the training",
        "Lead groups": "Disabled people's organisation; The council",
        "Owner": "Alice Coordinator; Disabled people's organisation",
        "Planned start": "2027-03-01",
        "Planned end": "2027-04-30",
        "Latest expected end": "2027-05-28",
        "Extra weeks we allow": "3",
        "Status": first["Status"],
        "What it needs first": "Survey results",
        "Outputs": "Interview skills training course",
    }
    assert "Taking longer than planned, by 4 weeks" in first["Status"]
    assert rows[3][0] == "Disabled people can travel independently"
    # The partnership's share when the task has no weeks of its own: 25% of 54 days, up to whole weeks.
    assert rows[2][8] == "2"


def test_the_status_column_says_what_every_page_says_about_lateness(partnership, alice_client):
    today = timezone.localdate()
    outcome = make_outcome(partnership)
    # We allow 2 more weeks: until a week ago.
    make_task(outcome, "Venue booking", start=today - timedelta(days=60), end=today - timedelta(days=21))
    make_task(
        outcome, "Guide for employers", start=today - timedelta(days=10), end=today + timedelta(days=18),
        expected=today + timedelta(days=80), status=Task.Status.IN_PROGRESS,
    )  # fmt: skip

    rows = _rows(alice_client.get(url("export_csv")))
    status = {row[2]: row[9] for row in rows[1:]}

    assert status["Venue booking"] == (
        f"Not started. Should have started on {day_words(today - timedelta(days=60))}. "
        f"Late: we allowed until {day_words(today - timedelta(days=7))}, 1 week ago."
    )
    assert status["Guide for employers"].endswith(
        f"Expected to be late: it is expected to end on {day_words(today + timedelta(days=80))}, about 7 "
        f"weeks after the extra time we allowed (until {day_words(today + timedelta(days=32))})."
    )


def test_cells_that_start_like_a_formula_are_made_safe(partnership, alice_client):
    outcome = make_outcome(partnership, "=cmd|' /C calc'!A0")
    theme = make_theme(outcome, "+Theme")
    task = make_task(outcome, "-Minus task", start=date(2027, 1, 4), end=date(2027, 2, 26), theme=theme)
    Output.objects.create(partnership=partnership, task=task, title="@Output")
    make_task(outcome, "@SUM(1+1)", start=date(2027, 3, 4), end=date(2027, 4, 26))

    rows = _rows(alice_client.get(url("export_csv")))

    assert rows[1][:3] == ["'=cmd|' /C calc'!A0", "'+Theme", "'-Minus task"]
    assert rows[1][11] == "'@Output"
    assert rows[2][2] == "'@SUM(1+1)"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_dropped_outcomes_are_left_out_of_the_files(partnership, alice_client):
    make_task(make_outcome(partnership, "Old idea", status="dropped"), "Gone", start=date(2027, 1, 4),
              end=date(2027, 2, 1))  # fmt: skip
    assert "Gone" not in alice_client.get(url("export_csv")).content.decode()
    assert "Gone" not in alice_client.get(url("export_ics")).content.decode()


def test_who_may_download_the_plan(partnership, alice, bob_client, charlie_client):
    make_task(make_outcome(partnership), start=date(2027, 1, 4), end=date(2027, 2, 1))
    _, observer = member_client(partnership, Role.OBSERVER)
    _, expert = member_client(partnership, Role.VISITING_EXPERT)
    # Reading the plan is reading its files: partners, observers and visiting experts alike.
    for client in (bob_client, observer, expert):
        assert client.get(url("export_csv")).status_code == 200
        assert client.get(url("export_ics")).status_code == 200
    for name in ("export_csv", "export_ics"):
        assert charlie_client.get(url(name)).status_code == 404


def test_the_files_read_the_plan_in_a_fixed_number_of_queries(
    partnership, alice_client, django_assert_max_num_queries
):
    outcome = make_outcome(partnership)
    for i in range(30):
        task = make_task(outcome, f"Task {i}", start=date(2027, 1, 4), end=date(2027, 2, 1))
        Output.objects.create(partnership=partnership, task=task, title=f"Output {i}")
    # session, person, membership; the plan's settings, outcomes, themes, tasks, outputs, needs, activities
    with django_assert_max_num_queries(10):
        alice_client.get(url("export_csv"))
    with django_assert_max_num_queries(10):
        alice_client.get(url("export_ics"))


# ---------------------------------------------------------------- iCalendar


def _lines(raw: bytes) -> list[str]:
    return raw.decode().split("\r\n")


def test_the_calendar_has_an_all_day_event_for_each_task_and_window(partnership, alice_client):
    outcome = make_outcome(partnership)
    task = make_task(
        outcome,
        "Design the training",
        start=date(2027, 3, 1),
        end=date(2027, 4, 30),
        expected=date(2027, 5, 28),
    )
    window = Activity.objects.create(
        partnership=partnership, kind=Activity.Kind.NETWORKS, title="50 conversations with disabled people",
        description="What stops people getting work", task=task, starts_on=date(2027, 1, 18),
        ends_on=date(2027, 2, 14), lead_weeks=2,
    )  # fmt: skip

    response = alice_client.get(url("export_ics"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="working-together-work-plan.ics"'
    calendar = icalendar.Calendar.from_ical(response.content.decode())
    assert not calendar.errors
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"task-{task.pk}@working-together", f"activity-{window.pk}@working-together"}
    event = events[f"task-{task.pk}@working-together"]
    assert str(event["SUMMARY"]) == "Design the training"
    assert event["DTSTART"].dt == date(2027, 3, 1)
    assert event["DTEND"].dt == date(
        2027, 5, 29
    )  # the day after the latest expected end: DTEND is not included
    assert "Taking longer than planned, by 4 weeks" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith(url("task", pk=task.pk))
    networks = events[f"activity-{window.pk}@working-together"]
    assert str(networks["SUMMARY"]) == "Involve our networks: 50 conversations with disabled people"
    assert (networks["DTSTART"].dt, networks["DTEND"].dt) == (date(2027, 1, 18), date(2027, 2, 15))
    assert "For the task \u2018Design the training\u2019." in str(networks["DESCRIPTION"])


def test_a_done_tasks_event_ends_on_the_day_it_was_done(partnership, alice_client):
    outcome = make_outcome(partnership)
    task = make_task(
        outcome, "Survey results", start=date(2027, 1, 4), end=date(2027, 2, 26), expected=date(2027, 3, 26),
        status=Task.Status.DONE, done_on=date(2027, 3, 10),
    )  # fmt: skip

    calendar = icalendar.Calendar.from_ical(alice_client.get(url("export_ics")).content.decode())
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == f"task-{task.pk}@working-together")

    assert (event["DTSTART"].dt, event["DTEND"].dt) == (date(2027, 1, 4), date(2027, 3, 11))
    assert str(event["DESCRIPTION"]).startswith("Done on 10 March 2027.")


def test_the_calendar_uses_crlf_folds_long_lines_and_escapes_what_people_typed(partnership, alice_client):
    outcome = make_outcome(partnership)
    title = "Budget; costs, and \\ the \u00e9l\u00e8ve\u2019s notes \u2014 " + "long words " * 12
    make_task(outcome, title[:200], start=date(2027, 3, 1), end=date(2027, 4, 30))
    make_task(
        outcome, "Meeting\r\nATTENDEE:mailto:x@example.org", start=date(2027, 3, 1), end=date(2027, 4, 30)
    )

    raw = alice_client.get(url("export_ics")).content

    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends CRLF, no bare LF or CR
    lines = _lines(raw)
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # folded
    unfolded = raw.decode().replace("\r\n ", "")
    assert "SUMMARY:Budget\\; costs\\, and \\\\ the \u00e9l\u00e8ve\u2019s notes" in unfolded
    assert "\r\nATTENDEE" not in unfolded
    events = list(icalendar.Calendar.from_ical(raw.decode()).walk("VEVENT"))
    assert sorted(str(e["SUMMARY"]) for e in events) == sorted(
        [title[:200], "Meeting\nATTENDEE:mailto:x@example.org"]
    )
    for event in events:
        assert set(event.keys()) == {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL"}


def test_each_events_uid_stays_the_same_between_downloads(partnership, alice_client):
    outcome = make_outcome(partnership)
    make_task(outcome, start=date(2027, 3, 1), end=date(2027, 4, 30))

    def uids():
        raw = alice_client.get(url("export_ics")).content.decode()
        return [line for line in raw.split("\r\n") if line.startswith("UID:")]

    assert uids() == uids()


def test_plan_calendar_is_the_whole_plan(partnership):
    from workplan.services.exports import plan_calendar

    outcome = make_outcome(partnership)
    for i in range(3):
        make_task(outcome, f"T{i}", start=date(2027, 3, 1), end=date(2027, 4, 30))
    plan = plan_for(partnership, today=timezone.localdate())
    text = plan_calendar(plan, name="Plan", now=timezone.now())
    assert text.count("BEGIN:VEVENT") == 3
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
