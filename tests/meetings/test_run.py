"""Run meeting: the chair's live agenda page, its arithmetic, its buttons, hand-over between co-chairs,
and the read-only page partners follow on their own devices."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from meetings.models import AgendaItem, Attendance, Meeting, MeetingNote, MeetingRole
from meetings.services import run as services
from meetings.services.agenda import item_add
from partners.models import Role
from tests.factories import make_meeting, make_member, make_need, make_user

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _london():
    # The texts say clock times in the partnership's time zone, as the pages do.
    with timezone.override(LONDON):
        yield


# The meetings in these tests are two weeks ahead: starting one from the page is confirmed as early.
EARLY = {"early": "yes"}


def url(name, meeting):
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})


def items_of(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting).select_related("lead").order_by("position", "pk"))


def at(meeting, minutes, seconds=0):
    """A moment `minutes` after the meeting's planned start."""
    return meeting.starts_at + timedelta(minutes=minutes, seconds=seconds)


def state_at(meeting, now, break_every=None):
    meeting.refresh_from_db()
    return services.run_state(meeting, items_of(meeting), now, break_every=break_every)


@pytest.fixture
def full_meeting(meeting):
    """The standing agenda (60 minutes) plus a 90-minute item: exactly the meeting's 150 minutes.

    Welcome 10, Apologies 5, Last minutes 10, Action points 15, Employment strategy 90, AOB 10, How did today
    go 10."""
    item_add(meeting=meeting, title="Employment strategy", duration_minutes=90)
    return meeting


@pytest.fixture
def fi(partnership):
    """A partner member who co-chairs this one meeting."""
    person = make_user("fi@example.org", full_name="Fiona MacLeod", known_as="Fi")
    make_member(partnership, person, role=Role.MEMBER)
    return person


@pytest.fixture
def fi_client(fi, meeting):
    MeetingRole.objects.create(
        partnership=meeting.partnership, meeting=meeting, person=fi, role=MeetingRole.Role.CHAIR
    )
    client = Client()
    client.force_login(fi)
    return client


# ---------------------------------------------------------------- the arithmetic, with fixed clocks


def test_before_the_start_the_page_says_when_the_agenda_would_finish(full_meeting):
    state = state_at(full_meeting, at(full_meeting, -30))
    assert state.phase == "not_started"
    assert state.current is None
    assert state.next_item.title == "Welcome and access check"
    assert state.expected_finish == at(full_meeting, 150)
    assert state.late_minutes == 0
    assert state.lateness_text == "The agenda would finish at 12:30. The meeting is due to end at 12:30."
    # Starting ten minutes late on the day would finish ten minutes late.
    late = state_at(full_meeting, at(full_meeting, 10))
    assert late.late_minutes == 10
    assert "would finish at 12:40, 10 minutes after" in late.lateness_text


def test_time_used_and_left_on_the_current_item(full_meeting, dana):
    services.meeting_start(meeting=full_meeting, chair=dana, now=at(full_meeting, 0))
    first = items_of(full_meeting)[0]
    assert first.started_at == at(full_meeting, 0)

    state = state_at(full_meeting, at(full_meeting, 4, 30))
    assert state.current == first
    assert (state.used_seconds, state.left_seconds) == (270, 330)
    assert state.time_text == "4 minutes used, 6 minutes left"  # 5½ left rounds up: there is still time
    assert state.expected_finish == at(full_meeting, 150)
    assert state.lateness_text == "On time. Expected to finish at 12:30."

    assert state_at(full_meeting, at(full_meeting, 9, 5)).time_text == "9 minutes used, 1 minute left"
    assert state_at(full_meeting, at(full_meeting, 10)).time_text == "10 minutes used, no time left"
    over = state_at(full_meeting, at(full_meeting, 14))
    assert over.time_text == "14 minutes used, 4 minutes over"
    assert over.time_left_text == "This item is 4 minutes over time"
    assert over.is_over
    # 4 minutes over on the first item, with 140 planned minutes after it: 4 minutes late.
    assert over.expected_finish == at(full_meeting, 154)
    assert over.late_minutes == 4
    assert over.lateness_text == "Running 4 minutes late. Expected to finish at 12:34."


def test_the_example_from_the_issue_twelve_used_three_left(full_meeting, dana):
    services.meeting_start(meeting=full_meeting, chair=dana, now=at(full_meeting, 0))
    items = items_of(full_meeting)
    for index, moment in ((0, 10), (1, 15), (2, 25)):  # each item on time
        services.item_next(
            meeting=full_meeting, chair=dana, expected_item_id=items[index].pk, now=at(full_meeting, moment)
        )
    state = state_at(full_meeting, at(full_meeting, 37))
    assert state.current.title == "Action points from earlier meetings"
    assert state.time_text == "12 minutes used, 3 minutes left"
    assert state.time_left_text == "3 minutes left on this item"
    assert state.next_item.title == "Employment strategy"
    assert state.after_minutes == 110


def test_running_late_from_a_late_start_and_ahead_after_a_short_item(full_meeting, dana):
    services.meeting_start(meeting=full_meeting, chair=dana, now=at(full_meeting, 10))
    state = state_at(full_meeting, at(full_meeting, 12))
    assert state.time_text == "2 minutes used, 8 minutes left"
    assert state.lateness_text == "Running 10 minutes late. Expected to finish at 12:40."
    first = state.current
    services.item_next(meeting=full_meeting, chair=dana, expected_item_id=first.pk, now=at(full_meeting, 12))
    # Welcome took 2 of its 10 minutes: the 10-minute late start is back to 2 minutes late.
    assert state_at(full_meeting, at(full_meeting, 12)).late_minutes == 2
    services.item_next(
        meeting=full_meeting,
        chair=dana,
        expected_item_id=items_of(full_meeting)[1].pk,
        now=at(full_meeting, 13),
    )
    ahead = state_at(full_meeting, at(full_meeting, 13))
    assert ahead.late_minutes == -2
    assert ahead.lateness_text == "Running 2 minutes ahead. Expected to finish at 12:28."


def test_a_meeting_run_on_another_day_is_measured_from_when_it_started(meeting, dana):
    started = at(meeting, -3 * 24 * 60)  # three days early, say a rehearsal
    services.meeting_start(meeting=meeting, chair=dana, now=started)
    state = state_at(meeting, started + timedelta(minutes=5))
    assert state.scheduled_finish == started + timedelta(minutes=150)
    # Five minutes into its first (ten-minute) item: on time against its agenda, not three days ahead.
    assert state.planned_finish == started + timedelta(minutes=60)
    assert state.late_minutes == 0


def test_the_next_break_on_the_agenda(full_meeting, dana):
    item_add(meeting=full_meeting, title="Break", purpose=AgendaItem.Purpose.BREAK, duration_minutes=10)
    # Break goes before the closing items: after Employment strategy, planned 12:10.
    state = state_at(full_meeting, at(full_meeting, -5))
    assert state.next_break.title == "Break"
    assert state.next_break_at == at(full_meeting, 130)
    assert state.break_text == "The next break is at 12:10."

    services.meeting_start(meeting=full_meeting, chair=dana, now=at(full_meeting, 0))
    running = state_at(full_meeting, at(full_meeting, 5))
    assert running.break_alert_at == at(full_meeting, 130)
    assert not running.break_due_now


def test_a_needed_break_that_the_agenda_lacks_is_named(full_meeting, dana, bob):
    make_need(bob, "regular_breaks", minutes=45)
    from meetings.services.agenda import break_interval_needed

    every = break_interval_needed(full_meeting)
    assert every == 45
    before = state_at(full_meeting, at(full_meeting, -5), break_every=every)
    assert before.break_due_by == at(full_meeting, 45)
    assert before.break_text == (
        "There is no break on the agenda, but a break is needed by 10:45. "
        "Someone here needs a break at least every 45 minutes."
    )

    services.meeting_start(meeting=full_meeting, chair=dana, now=at(full_meeting, 0))
    assert state_at(full_meeting, at(full_meeting, 5)).break_text == "There are no more breaks on the agenda."
    due = state_at(full_meeting, at(full_meeting, 50), break_every=every)
    assert due.break_due_now
    assert due.break_alert_at == at(full_meeting, 45)
    assert due.break_text.startswith("A break is due now. Someone here needs a break at least every 45")


def test_a_break_on_the_agenda_later_than_people_need_says_both(full_meeting, dana, bob):
    make_need(bob, "regular_breaks", minutes=45)
    item_add(meeting=full_meeting, title="Break", purpose=AgendaItem.Purpose.BREAK, duration_minutes=10)
    state = state_at(full_meeting, at(full_meeting, -5), break_every=45)
    assert state.break_text.startswith(
        "The next break on the agenda is at 12:10, but a break is needed by 10:45."
    )


def test_after_a_break_the_next_one_is_due_from_its_end(meeting, dana):
    item_add(meeting=meeting, title="Break", purpose=AgendaItem.Purpose.BREAK, duration_minutes=10)
    services.meeting_start(meeting=meeting, chair=dana, now=at(meeting, 0))
    moment = 0
    while not state_at(meeting, at(meeting, moment)).on_break:
        current = meeting.current_item_id
        moment += 5
        services.item_next(meeting=meeting, chair=dana, expected_item_id=current, now=at(meeting, moment))
    on_break = state_at(meeting, at(meeting, moment + 1), break_every=45)
    assert on_break.break_text.startswith("This is a break, until")
    assert on_break.break_due_by is None
    services.item_next(
        meeting=meeting, chair=dana, expected_item_id=meeting.current_item_id, now=at(meeting, moment + 10)
    )
    after = state_at(meeting, at(meeting, moment + 11), break_every=45)
    assert after.break_due_by == at(meeting, moment + 10 + 45)


# ---------------------------------------------------------------- start, next, end


def test_start_next_and_end_through_the_page(meeting, dana, dana_client):
    run_url = url("run", meeting)
    page = dana_client.get(run_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<h1 class="govuk-heading-l">Run meeting: Partnership meeting</h1>' in html
    assert html.count("<h1") == 1
    assert 'aria-live="polite"' in html
    assert "Start the meeting" in html and "Start next item" not in html

    response = dana_client.post(url("run_start", meeting), EARLY)
    assert response.status_code == 302 and response.url == run_url
    meeting.refresh_from_db()
    items = items_of(meeting)
    assert meeting.run_started_at is not None
    assert meeting.current_item == items[0]
    assert meeting.chair_in_control == dana
    assert items[0].started_at is not None

    page = dana_client.get(run_url).content.decode()
    assert "Now: Welcome and access check" in page
    assert "Start next item" in page
    assert 'aria-current="step"' in page
    assert f'name="current" value="{items[0].pk}"' in page
    assert "0 minutes used, 10 minutes left" in page

    for index in range(len(items) - 1):
        response = dana_client.post(url("run_item_next", meeting), {"current": items[index].pk}, follow=True)
        assert f"Now: {items[index + 1].title}." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.current_item == items[-1]
    assert all(i.ended_at is not None for i in items_of(meeting)[:-1])
    page = dana_client.get(run_url).content.decode()
    assert "End the meeting" in page and "Start next item" not in page

    # Start next item at the last item: nothing to start.
    response = dana_client.post(url("run_item_next", meeting), {"current": items[-1].pk}, follow=True)
    assert "This is the last item. End the meeting instead." in response.content.decode()

    response = dana_client.post(url("run_end", meeting), {"current": items[-1].pk}, follow=True)
    assert "The meeting has ended" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.run_ended_at is not None
    assert meeting.status == Meeting.Status.HELD
    assert meeting.current_item is None
    assert items_of(meeting)[-1].ended_at == meeting.run_ended_at

    response = dana_client.post(url("run_start", meeting), follow=True)
    assert "This meeting has already ended." in response.content.decode()


def test_pressing_start_next_item_twice_never_skips_an_item(meeting, dana, dana_client):
    dana_client.post(url("run_start", meeting), EARLY)
    items = items_of(meeting)
    dana_client.post(url("run_item_next", meeting), {"current": items[0].pk})
    response = dana_client.post(url("run_item_next", meeting), {"current": items[0].pk}, follow=True)
    assert "The meeting had already moved on" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.current_item == items[1]
    assert items_of(meeting)[2].started_at is None
    # The same for the service called directly, and for ending.
    with pytest.raises(ValidationError, match="already moved on"):
        services.item_next(meeting=meeting, chair=dana, expected_item_id=items[0].pk)
    with pytest.raises(ValidationError, match="already moved on"):
        services.meeting_end(meeting=meeting, chair=dana, expected_item_id=items[0].pk)
    meeting.refresh_from_db()
    assert meeting.run_ended_at is None


def test_starting_twice_cancelled_and_bad_posts_get_plain_messages(meeting, dana_client):
    dana_client.post(url("run_start", meeting), EARLY)
    started = Meeting.objects.get(pk=meeting.pk).run_started_at
    response = dana_client.post(url("run_start", meeting), follow=True)
    assert "The meeting has already started." in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).run_started_at == started

    for data in ({"current": "abc"}, {"current": "-4"}, {}):
        response = dana_client.post(url("run_item_next", meeting), data, follow=True)
        assert response.status_code == 200
        assert "The meeting had already moved on" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).current_item == items_of(meeting)[0]
    # A GET of a button's address just goes back to the page.
    assert dana_client.get(url("run_item_next", meeting)).url == url("run", meeting)


def test_a_cancelled_meeting_cannot_be_run(meeting, dana_client):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    page = dana_client.get(url("run", meeting)).content.decode()
    assert "This meeting is cancelled, so it cannot be run." in page
    assert "Start the meeting" not in page
    response = dana_client.post(url("run_start", meeting), follow=True)
    assert "This meeting is cancelled, so it cannot be run." in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).run_started_at is None


def test_ending_before_the_last_item_asks_first(meeting, dana_client):
    dana_client.post(url("run_start", meeting), EARLY)
    page = dana_client.get(url("run_end", meeting))
    assert page.status_code == 200
    html = page.content.decode()
    assert "End the meeting now?" in html
    assert "Apologies" in html  # listed as not reached
    first = items_of(meeting)[0]
    dana_client.post(url("run_end", meeting), {"current": first.pk})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert items_of(meeting)[1].started_at is None
    page = dana_client.get(url("run", meeting)).content.decode()
    assert "The meeting has ended" in page
    assert "Not reached" in page


def test_an_empty_agenda_can_still_be_started_and_ended(meeting, dana_client):
    AgendaItem.objects.filter(meeting=meeting).delete()
    dana_client.post(url("run_start", meeting), EARLY)
    page = dana_client.get(url("run", meeting)).content.decode()
    assert "There is no item on now" in page
    dana_client.post(url("run_end", meeting), {"current": ""})
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD


def test_record_decision_and_action_point_links_carry_the_item_and_the_way_back(meeting, dana_client):
    dana_client.post(url("run_start", meeting), EARLY)
    page = dana_client.get(url("run", meeting)).content.decode()
    first = items_of(meeting)[0]
    for name, label in (
        ("decision_add", "Record a decision"),
        ("action_point_add", "Record an action point"),
    ):
        try:
            target = url(name, meeting)
        except NoReverseMatch:
            assert label not in page
            continue
        expected = (
            f"{target}?item={first.pk}&amp;next=%2Fp%2Fworking-together%2Fmeetings%2F{meeting.pk}%2Frun%2F"
        )
        assert f'href="{expected}"' in page
        assert label in page


# ---------------------------------------------------------------- co-chairs hand the page to each other


def test_co_chairs_hand_the_page_to_each_other(meeting, dana, dana_client, fi, fi_client):
    dana_client.post(url("run_start", meeting), EARLY)
    fi_page = fi_client.get(url("run", meeting)).content.decode()
    assert "Dana Chair is running the meeting." in fi_page
    assert "Take over running the meeting" in fi_page
    assert "Start next item" not in fi_page
    assert "Add note" not in fi_page and "Save who is here" not in fi_page
    assert "Hand over to Fi" in dana_client.get(url("run", meeting)).content.decode()

    # Fi is not in control: her Start next item changes nothing.
    first = items_of(meeting)[0]
    response = fi_client.post(url("run_item_next", meeting), {"current": first.pk}, follow=True)
    assert services.NOT_IN_CONTROL in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).current_item == first

    response = fi_client.post(url("run_control_take", meeting), follow=True)
    assert "You are now running the meeting." in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).chair_in_control == fi
    dana_page = dana_client.get(url("run", meeting)).content.decode()
    assert "Fi is running the meeting." in dana_page and "Start next item" not in dana_page
    fi_page = fi_client.get(url("run", meeting)).content.decode()
    assert "Start next item" in fi_page and "Hand over to Dana Chair" in fi_page

    response = fi_client.post(url("run_control_hand_over", meeting), {"to": dana.pk}, follow=True)
    assert "Dana Chair is now running the meeting." in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).chair_in_control == dana


def test_hand_over_only_to_a_co_chair_and_only_by_the_chair_in_control(
    meeting, dana, dana_client, fi, fi_client, bob
):
    dana_client.post(url("run_start", meeting), EARLY)
    for data in ({"to": bob.pk}, {"to": "nobody"}, {}):
        response = dana_client.post(url("run_control_hand_over", meeting), data, follow=True)
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        assert Meeting.objects.get(pk=meeting.pk).chair_in_control == dana
    response = fi_client.post(url("run_control_hand_over", meeting), {"to": fi.pk}, follow=True)
    assert services.NOT_IN_CONTROL in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).chair_in_control == dana
    # Taking over a meeting that is not running is refused plainly.
    other = make_meeting(meeting.partnership)
    response = dana_client.post(url("run_control_take", other), follow=True)
    assert "The meeting is not running" in response.content.decode()


def test_the_first_chair_to_press_start_takes_control(meeting, fi, fi_client, dana_client):
    fi_client.post(url("run_start", meeting), EARLY)
    assert Meeting.objects.get(pk=meeting.pk).chair_in_control == fi
    response = dana_client.post(url("run_start", meeting), follow=True)
    assert "already started" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).chair_in_control == fi


# ---------------------------------------------------------------- notes and presence


def test_notes_are_saved_against_the_current_item(meeting, dana, dana_client):
    dana_client.post(url("run_start", meeting), EARLY)
    first, second = items_of(meeting)[:2]
    response = dana_client.post(
        url("run_note_add", meeting),
        {"text": "  Fi to check the hearing loop  ", "item": first.pk},
        follow=True,
    )
    assert "Your note is added." in response.content.decode()
    note = MeetingNote.objects.get(meeting=meeting)
    assert (note.text, note.agenda_item, note.author) == ("Fi to check the hearing loop", first, dana)
    assert "Fi to check the hearing loop" in response.content.decode()

    # A note typed just before the meeting moved on stays with the item it was written under.
    dana_client.post(url("run_item_next", meeting), {"current": first.pk})
    dana_client.post(url("run_note_add", meeting), {"text": "Late thought", "item": first.pk})
    assert MeetingNote.objects.get(text="Late thought").agenda_item == first
    # Without an item it goes on the current one.
    dana_client.post(url("run_note_add", meeting), {"text": "On apologies"})
    assert MeetingNote.objects.get(text="On apologies").agenda_item == second
    assert "Fi to check" not in dana_client.get(url("run", meeting)).content.decode()


def test_an_empty_note_shows_the_error_and_keeps_the_page(meeting, dana_client):
    dana_client.post(url("run_start", meeting), EARLY)
    response = dana_client.post(url("run_note_add", meeting), {"text": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert '<a href="#id_text">Write the note before you add it.</a>' in html
    assert "<title>Error: Run meeting" in html
    long = dana_client.post(url("run_note_add", meeting), {"text": "x" * 2001})
    assert "at most 2,000 characters" in long.content.decode()
    assert "x" * 2001 in long.content.decode()  # nothing typed is lost
    assert not MeetingNote.objects.exists()


def test_notes_need_a_running_meeting(meeting, dana_client):
    response = dana_client.post(url("run_note_add", meeting), {"text": "Too early"}, follow=True)
    assert "Start the meeting first" in response.content.decode()
    assert not MeetingNote.objects.exists()


def test_the_chair_marks_who_is_present(meeting, dana, bob, alice, dana_client):
    response = dana_client.post(url("run_presence", meeting), {"present": [dana.pk, bob.pk]}, follow=True)
    assert "Saved who is here: 2 people." in response.content.decode()
    present = set(
        Attendance.objects.filter(meeting=meeting, present=True).values_list("person_id", flat=True)
    )
    assert present == {dana.pk, bob.pk}
    page = dana_client.get(url("run", meeting)).content.decode()
    assert "2 of 3 people invited are marked as here." in page
    ticked = set(re.findall(r'name="present"[^>]*?value="(\d+)"\s*checked', page))
    assert ticked == {str(dana.pk), str(bob.pk)}
    # Unticking saves too.
    dana_client.post(url("run_presence", meeting), {"present": [dana.pk]})
    assert not Attendance.objects.get(meeting=meeting, person=bob).present


def test_presence_refuses_someone_not_invited(meeting, dana_client, charlie):
    response = dana_client.post(url("run_presence", meeting), {"present": [charlie.pk]})
    assert response.status_code == 200
    assert "Choose people from the list." in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting, present=True).exists()


def test_only_the_chair_in_control_marks_presence_while_it_runs(meeting, dana_client, fi, fi_client):
    dana_client.post(url("run_start", meeting), EARLY)
    response = fi_client.post(url("run_presence", meeting), {"present": [fi.pk]}, follow=True)
    assert services.NOT_IN_CONTROL in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting, present=True).exists()


# ---------------------------------------------------------------- who may see what

POSTS = [
    ("run_start", {}),
    ("run_item_next", {"current": "1"}),
    ("run_end", {"current": "1"}),
    ("run_note_add", {"text": "A note"}),
    ("run_presence", {"present": []}),
    ("run_control_take", {}),
    ("run_control_hand_over", {"to": "1"}),
]


def test_outsiders_get_404_everywhere(meeting, charlie_client):
    assert charlie_client.get(url("run", meeting)).status_code == 404
    assert charlie_client.get(url("follow", meeting)).status_code == 404
    for name, data in POSTS:
        assert charlie_client.post(url(name, meeting), data).status_code == 404, name


def test_members_follow_but_cannot_run(meeting, bob_client, dana_client):
    dana_client.post(url("run_start", meeting), EARLY)
    assert bob_client.get(url("run", meeting)).status_code == 403
    for name, data in POSTS:
        assert bob_client.post(url(name, meeting), data).status_code == 403, name
    follow = bob_client.get(url("follow", meeting))
    assert follow.status_code == 200
    html = follow.content.decode()
    assert "Now: Welcome and access check" in html
    assert "10 minutes left on this item" in html
    assert "Next: Apologies." in html
    assert 'aria-live="polite"' in html
    assert '<form method="post"' not in html.split('id="main-content"')[1]  # no controls at all
    assert "Run the meeting" not in html
    meeting.refresh_from_db()
    assert meeting.current_item == items_of(meeting)[0]


def test_anonymous_visitors_are_sent_to_sign_in(meeting, client):
    for name in ("run", "follow"):
        response = client.get(url(name, meeting))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    response = client.post(url("run_start", meeting))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert Meeting.objects.get(pk=meeting.pk).run_started_at is None


def test_a_visiting_expert_follows_only_their_meeting(meeting, partnership, alice):
    expert = make_user("expert@example.org", full_name="Ewan Expert")
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=expert)
    other = make_meeting(partnership, title="Another meeting", created_by=alice)
    client = Client()
    client.force_login(expert)
    assert client.get(url("follow", meeting)).status_code == 200
    assert client.get(url("follow", other)).status_code == 404
    assert client.get(url("run", meeting)).status_code == 403
    assert client.get(url("run", other)).status_code == 404


def test_coordinators_may_run_meetings(meeting, alice, alice_client):
    alice_client.post(url("run_start", meeting), EARLY)
    assert Meeting.objects.get(pk=meeting.pk).chair_in_control == alice


def test_follow_page_in_each_phase(meeting, dana_client, bob_client):
    html = bob_client.get(url("follow", meeting)).content.decode()
    assert "The meeting has not started yet" in html and "Refresh" in html
    dana_client.post(url("run_start", meeting), EARLY)
    first = items_of(meeting)[0]
    dana_client.post(url("run_end", meeting), {"current": first.pk})
    assert "The meeting has ended" in bob_client.get(url("follow", meeting)).content.decode()


# ---------------------------------------------------------------- query budgets


def _grow_items(meeting, n):
    """`n` agenda items (every seventh a break), and the meeting back to not started."""
    Meeting.objects.filter(pk=meeting.pk).update(
        run_started_at=None, run_ended_at=None, current_item=None, chair_in_control=None
    )
    AgendaItem.objects.filter(meeting=meeting).delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(
            partnership=meeting.partnership,
            meeting=meeting,
            position=i * 10,
            title=f"Item {i}",
            duration_minutes=3,
            lead=meeting.created_by,
            purpose=AgendaItem.Purpose.BREAK if i % 7 == 0 else AgendaItem.Purpose.DISCUSSION,
        )
        for i in range(1, n + 1)
    )


def _put_in_state(meeting, state, chair):
    """ "before": not started yet, `chair` chosen to run it. "running": started through the Run meeting
    services and moved on twice, so the page has items done, one current (with notes) and items to come."""
    if state == "before":
        Meeting.objects.filter(pk=meeting.pk).update(chair_in_control=chair)
        return
    fresh = Meeting.objects.get(pk=meeting.pk)
    services.meeting_start(meeting=fresh, chair=chair)
    for _ in range(2):
        services.item_next(meeting=fresh, chair=chair, expected_item_id=fresh.current_item_id)
    for text in ("One", "Two"):
        MeetingNote.objects.create(
            partnership=meeting.partnership, meeting=meeting, agenda_item_id=fresh.current_item_id, text=text
        )


def _grow_people(meeting, n):
    from partners.models import Membership

    have = Membership.objects.filter(partnership=meeting.partnership).count()
    for i in range(n - have):
        person = make_user()
        make_member(meeting.partnership, person)
        make_need(person, "regular_breaks", minutes=45 + i)
        Attendance.objects.create(
            partnership=meeting.partnership, meeting=meeting, person=person, present=i % 2 == 0
        )


# Both pages: session, user, membership, meeting, the caller's meeting roles, agenda items with their leads,
# then break_interval_needed: attendances, memberships, the shortest break interval. The Run meeting page adds
# invited people (attendances, memberships), the co-chairs (meeting chairs, partnership chairs) and, once it
# runs, the current item's notes and the decisions and action points recorded so far (two queries).
BUDGET = {("run", "before"): 13, ("run", "running"): 16, ("follow", "before"): 9, ("follow", "running"): 9}


def _count(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("state", ["before", "running"])
@pytest.mark.parametrize("page", ["run", "follow"])
def test_query_budget_stays_flat_from_5_to_50_items(page, state, meeting, dana, dana_client):
    _grow_items(meeting, 5)
    _put_in_state(meeting, state, dana)
    small = _count(dana_client, url(page, meeting))
    _grow_items(meeting, 50)
    _put_in_state(meeting, state, dana)
    page_html = dana_client.get(url(page, meeting)).content.decode()
    if state == "running":
        assert "Item 3" in page_html and "The meeting has not started yet" not in page_html
    assert _count(dana_client, url(page, meeting)) == small
    assert small <= BUDGET[page, state]


@pytest.mark.parametrize("state", ["before", "running"])
@pytest.mark.parametrize("page", ["run", "follow"])
def test_query_budget_stays_flat_from_5_to_50_people(page, state, meeting, dana, dana_client):
    _grow_items(meeting, 10)
    _put_in_state(meeting, state, dana)
    _grow_people(meeting, 5)
    small = _count(dana_client, url(page, meeting))
    _grow_people(meeting, 50)
    assert _count(dana_client, url(page, meeting)) == small
    assert small <= BUDGET[page, state]
