"""The plan's timetable in words: a task's status for each state under the one rule (late, expected to be
late, running over, should have started, taking longer), the plan's check built on it, the contingency (the
partnership's share, or the task's own weeks), what a task waits for (never itself, never a chain back to
itself), the new dates proposed for the tasks that wait for one that slips, and progress in words. Pure
reckoning: most of these tests need no database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from workplan.models import Task
from workplan.services.plan import Plan
from workplan.services.schedule import (
    allowed_end,
    check_dates,
    check_needs,
    contingency_days,
    contingency_hint,
    contingency_words,
    day_words,
    end_day,
    length_words,
    moves_for,
    progress_words,
    task_state,
    weeks_words,
)

TODAY = date(2027, 3, 1)


def _task(pk=None, *, title="Survey", start=date(2027, 1, 4), end=date(2027, 2, 28), expected=None, **fields):
    """A task in memory: 8 weeks, 4 January to 28 February 2027, unless said otherwise."""
    return Task(
        pk=pk,
        title=title,
        planned_start=start,
        planned_end=end,
        expected_end=expected or end,
        **fields,
    )


# ---------------------------------------------------------------- words for dates and lengths


def test_days_are_said_the_uk_way():
    assert day_words(date(2026, 12, 6)) == "6 December 2026"
    assert day_words(None) == ""


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "0 days"),
        (1, "1 day"),
        (6, "6 days"),
        (7, "1 week"),
        (8, "8 days"),
        (13, "13 days"),
        (14, "2 weeks"),
        (17, "about 2 weeks"),
        (18, "about 3 weeks"),
        (21, "3 weeks"),
        (-14, "2 weeks"),
    ],
)
def test_weeks_words_says_days_up_to_13_then_the_nearest_whole_weeks_never_rounded_up(days, words):
    assert weeks_words(days) == words


def test_a_task_length_counts_both_its_first_and_last_day():
    assert length_words(date(2027, 1, 4), date(2027, 2, 28)) == "8 weeks"
    assert length_words(date(2027, 1, 4), date(2027, 1, 4)) == "1 day"


def test_progress_is_said_in_words():
    assert progress_words(2, 5) == "2 of 5 tasks done"
    assert progress_words(1, 1) == "1 of 1 task done"
    assert progress_words(0, 0) == "No tasks yet"


# ---------------------------------------------------------------- dates a plan can hold


@pytest.mark.parametrize("year", [1900, 3000])
def test_dates_in_1900_or_3000_are_refused_beside_their_own_box(year):
    with pytest.raises(ValidationError) as refused:
        check_dates(date(year, 1, 1), date(2027, 1, 1))
    assert refused.value.message_dict == {
        "planned_start": [f"Enter a date between 2000 and 2100: {year} cannot be right"]
    }


def test_a_task_ending_before_it_starts_is_refused_on_its_end():
    with pytest.raises(ValidationError) as refused:
        check_dates(date(2027, 5, 1), date(2027, 4, 1))
    assert refused.value.message_dict == {
        "planned_end": ["The task cannot end before it starts: make the end on or after 1 May 2027"]
    }
    check_dates(date(2027, 5, 1), date(2027, 5, 1))  # one day is fine


# ---------------------------------------------------------------- contingency


def test_the_default_contingency_is_the_partnerships_share_rounded_up_to_whole_weeks():
    eight_weeks = _task()
    assert contingency_days(eight_weeks, 25) == 14
    assert allowed_end(eight_weeks, 25) == date(2027, 3, 14)
    assert contingency_days(eight_weeks, 10) == 7  # 5.6 days: a whole week
    assert contingency_days(eight_weeks, 0) == 0


def test_a_tasks_own_weeks_replace_the_share():
    task = _task(contingency_weeks=3)
    assert contingency_days(task, 25) == 21
    assert allowed_end(task, 25) == date(2027, 3, 21)
    assert contingency_days(_task(contingency_weeks=0), 25) == 0


def test_contingency_in_words_says_where_it_comes_from_and_when_it_is_late():
    assert contingency_words(_task(), 25) == (
        "We allow 2 extra weeks (25% of its length): it is late if it ends after 14 March 2027"
    )
    assert contingency_words(_task(contingency_weeks=1), 25) == (
        "We allow 1 extra week: it is late if it ends after 7 March 2027"
    )
    assert contingency_words(_task(contingency_weeks=0), 25) == (
        "We allow no extra time: it is late if it ends after 28 February 2027"
    )


def test_the_contingency_hint_says_what_blank_means_for_this_task():
    assert contingency_hint(25) == (
        "Leave blank to allow 25% of the task\u2019s length: for a task planned to take 8 weeks, that is "
        "2 weeks more. Or enter a number of weeks from 0 to 52."
    )
    assert contingency_hint(25, _task(end=date(2027, 4, 25))) == (
        "Leave blank to allow 25% of the task\u2019s length: 4 weeks for this task as it is planned now. "
        "Or enter a number of weeks from 0 to 52."
    )
    assert "no extra time" in contingency_hint(0)


# ---------------------------------------------------------------- status in words: the one rule

# The default task: 4 January to 28 February 2027; 25% of its 8 weeks is 2 extra weeks, so the time we allow
# ends on 14 March 2027.


def _flags(state):
    return (
        state.late,
        state.expected_late,
        state.running_over,
        state.should_have_started,
        state.slipped,
        state.counts_late,
    )


@pytest.mark.parametrize(
    ("status", "note", "words"),
    [
        (Task.Status.NOT_STARTED, "", "Not started."),
        (Task.Status.IN_PROGRESS, "", "In progress."),
        (Task.Status.CANNOT_START, "the venue is not booked", "Cannot start yet: the venue is not booked."),
        (Task.Status.PROBLEM, "Nobody can run it.", "There is a problem: Nobody can run it."),
    ],
)
def test_each_status_is_said_in_words(status, note, words):
    task = _task(start=date(2027, 4, 1), end=date(2027, 5, 31), status=status, status_note=note)
    state = task_state(task, TODAY, 25)
    assert state.words == words
    assert _flags(state) == (False, False, False, False, False, False)
    assert (state.shape, state.tag, state.by_words) == ("ok", "On time", "")


def test_done_says_the_day_and_is_never_late():
    task = _task(status=Task.Status.DONE, done_on=date(2027, 2, 20), expected=date(2027, 6, 1))
    state = task_state(task, date(2028, 1, 1), 25)
    assert state.words == "Done on 20 February 2027."
    assert state.tag == "Done" and not state.counts_late and state.late_sentence == ""


def test_a_task_not_started_after_its_start_says_so_and_is_not_on_time():
    state = task_state(_task(end=date(2027, 6, 30)), TODAY, 25)
    assert state.words == "Not started. Should have started on 4 January 2027."
    assert state.tag == "Should have started" and state.should_have_started and not state.counts_late


def test_taking_longer_within_the_extra_time_is_said_and_not_counted_late():
    task = _task(status=Task.Status.IN_PROGRESS, expected=date(2027, 3, 14))
    state = task_state(task, TODAY, 25)
    assert state.words == "In progress. Taking longer than planned, by 2 weeks."
    assert _flags(state) == (False, False, False, False, True, False)
    assert (state.tag, state.slip_days, state.by_words) == ("Taking longer than planned", 14, "2 weeks")


def test_expected_to_end_after_the_extra_time_is_expected_to_be_late_by_the_days_over_it():
    task = _task(status=Task.Status.IN_PROGRESS, expected=date(2027, 3, 21))
    state = task_state(task, TODAY, 25)
    assert state.words == (
        "In progress. Taking longer than planned, by 3 weeks. Expected to be late: it is expected to end on "
        "21 March 2027, 1 week after the extra time we allowed (until 14 March 2027)."
    )
    assert _flags(state) == (False, True, False, False, True, True)
    assert (state.shape, state.tag, state.days_over, state.by_words) == (
        "risk",
        "Expected to be late",
        7,
        "1 week",
    )


def test_past_its_expected_end_within_the_extra_time_is_running_over_not_late():
    task = _task(status=Task.Status.IN_PROGRESS)  # expected to end 28 February; today is 1 March
    state = task_state(task, TODAY, 25)
    assert state.words == (
        "In progress. Running over: it was expected to end on 28 February 2027. Say when it will end."
    )
    assert _flags(state) == (False, False, True, False, False, False)
    assert state.tag == "Running over"


def test_late_only_after_the_extra_time_and_by_the_days_since_it_ended():
    task = _task(status=Task.Status.IN_PROGRESS)
    assert not task_state(task, date(2027, 3, 14), 25).late  # the last day we allowed
    state = task_state(task, date(2027, 3, 15), 25)
    assert state.words == "In progress. Late: we allowed until 14 March 2027, 1 day ago."
    state = task_state(task, date(2027, 3, 28), 25)
    assert state.words == "In progress. Late: we allowed until 14 March 2027, 2 weeks ago."
    assert _flags(state) == (True, False, False, False, False, True)
    assert (state.shape, state.tag, state.days_over) == ("late", "Late", 14)
    assert state.late_sentence == "Late: we allowed until 14 March 2027, 2 weeks ago"


def test_a_late_task_stays_late_when_it_is_expected_even_later():
    task = _task(expected=date(2027, 5, 1))
    state = task_state(task, date(2027, 3, 28), 25)
    assert state.words == (
        "Not started. Should have started on 4 January 2027. Taking longer than planned, by about 9 weeks. "
        "Late: we allowed until 14 March 2027, 2 weeks ago."
    )
    assert state.late and not state.expected_late and state.tag == "Late"


def test_a_tasks_own_weeks_decide_when_it_is_late():
    state = task_state(_task(status=Task.Status.IN_PROGRESS, contingency_weeks=0), TODAY, 25)
    assert state.words == "In progress. Late: we allowed until 28 February 2027, 1 day ago."
    state = task_state(_task(status=Task.Status.IN_PROGRESS, contingency_weeks=0), TODAY, 100)
    assert state.late  # the partnership's share does not count when the task has weeks of its own


def test_a_done_task_ends_on_the_day_it_was_done():
    assert end_day(_task(status=Task.Status.DONE, done_on=date(2027, 2, 20))) == date(2027, 2, 20)
    assert end_day(_task(status=Task.Status.DONE)) == date(2027, 2, 28)  # no day known: as expected
    assert end_day(_task(expected=date(2027, 3, 7))) == date(2027, 3, 7)


def test_the_plan_counts_late_and_expected_to_be_late_says_which_and_what_runs_over():
    tasks = [
        _task(1, title="Survey", status=Task.Status.IN_PROGRESS, end=date(2027, 2, 1), contingency_weeks=1),
        _task(2, title="Guide", status=Task.Status.IN_PROGRESS, expected=date(2027, 3, 28)),
        _task(3, title="Venue", status=Task.Status.IN_PROGRESS),
        _task(4, title="Talks", start=date(2027, 4, 1), end=date(2027, 5, 31)),
    ]
    for task in tasks:
        task.state = task_state(task, TODAY, 25)
    plan = Plan(None, TODAY, [], tasks, [], 25)
    assert [t.title for t in plan.late] == ["Survey", "Guide"]
    assert [t.title for t in plan.running_over] == ["Venue"]
    assert [t.title for t in plan.next_due] == ["Venue", "Talks"]  # running over first: it is due now
    assert plan.following_words == (
        "Not quite. 1 task is late and 1 is expected to be late. "
        "\u2018Survey\u2019 is late: we allowed until 8 February 2027, 3 weeks ago. "
        "\u2018Guide\u2019 is expected to be late: it is expected to end on 28 March 2027, 2 weeks after the "
        "extra time we allowed (until 14 March 2027). "
        "1 task is running over, within the extra time we allowed: \u2018Venue\u2019 was expected to end on "
        "28 February 2027."
    )


def test_nothing_late_but_not_started_when_it_should_have_is_said():
    task = _task(title="Venue", end=date(2027, 6, 30))
    task.state = task_state(task, TODAY, 25)
    plan = Plan(None, TODAY, [], [task], [], 25)
    assert plan.following_words == (
        "Yes, nothing is late. 1 task should have started and has not: \u2018Venue\u2019, from "
        "4 January 2027."
    )


def test_nothing_late_but_something_running_over_is_said():
    task = _task(status=Task.Status.IN_PROGRESS)
    task.state = task_state(task, TODAY, 25)
    plan = Plan(None, TODAY, [], [task], [], 25)
    assert plan.following and plan.following_words.startswith("Yes, nothing is late. 1 task is running over")


# ---------------------------------------------------------------- what waits for what


def test_a_task_cannot_wait_for_itself():
    with pytest.raises(ValidationError) as refused:
        check_needs(1, [1], {}, {1: "Survey"})
    assert refused.value.message_dict == {"needs": ["A task cannot wait for itself. Untick it in the list."]}


def test_a_chain_back_to_itself_is_refused_and_named():
    # 2 needs 3, 3 needs 1: 1 needing 2 would close the circle.
    edges = {2: {3}, 3: {1}}
    titles = {1: "Survey", 2: "Training", 3: "Venue"}
    with pytest.raises(ValidationError) as refused:
        check_needs(1, [2], edges, titles)
    assert refused.value.message_dict == {
        "needs": [
            "That would go round in a circle: \u2018Survey\u2019 \u2192 \u2018Training\u2019 \u2192 "
            "\u2018Venue\u2019 \u2192 \u2018Survey\u2019. A task cannot wait for something that waits for it."
        ]
    }


def test_needs_without_a_circle_pass():
    check_needs(1, [2, 3], {2: {3}, 3: set()}, {})
    check_needs(None, [1], {1: {2}}, {})  # a new task: nothing can wait for it yet


def test_moves_keep_each_followers_length_and_start_the_day_after():
    survey = _task(1, expected=date(2027, 4, 20))
    training = _task(2, title="Interview skills training", start=date(2027, 3, 1), end=date(2027, 3, 31))
    later = _task(3, title="Later", start=date(2027, 6, 1), end=date(2027, 6, 30))
    finished = _task(
        4, title="Finished", start=date(2027, 3, 1), end=date(2027, 3, 5), status=Task.Status.DONE
    )
    moves = moves_for(survey, [training, later, finished])
    assert [(m.task.title, m.new_start, m.new_end) for m in moves] == [
        ("Interview skills training", date(2027, 4, 21), date(2027, 5, 21))
    ]
    assert moves[0].because_of is survey
