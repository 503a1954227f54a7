"""Run meeting forgives a chair's slips: starting a meeting hours early is asked about first, "Start next
item" pressed by mistake can be taken back, ending from the last item is asked about, and a meeting ended by
mistake can be reopened within a day, with who reopened it on record."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from meetings.services import run as services
from tests.factories import make_meeting

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _london():
    with timezone.override(LONDON):
        yield


def url(name, meeting):
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})


def items_of(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))


def test_starting_more_than_an_hour_early_asks_first(meeting, dana_client):
    starts = timezone.localtime(meeting.starts_at)
    page = dana_client.post(url("run_start", meeting))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"This meeting is on {starts.day} {starts:%B}. Start it now anyway?" in html
    assert "Start it now anyway</button>" in html
    assert "Do not start it yet" in html
    assert Meeting.objects.get(pk=meeting.pk).run_started_at is None

    response = dana_client.post(url("run_start", meeting), {"early": "yes"}, follow=True)
    assert "The meeting has started. You are running it. Now: Welcome and access check." in (
        response.content.decode()
    )
    assert Meeting.objects.get(pk=meeting.pk).run_started_at is not None


def test_within_the_hour_before_the_start_it_starts_at_once(partnership, alice, dana, dana_client):
    soon = make_meeting(partnership, days_ahead=0, created_by=alice)
    Meeting.objects.filter(pk=soon.pk).update(
        starts_at=timezone.now() + timedelta(minutes=50), ends_at=timezone.now() + timedelta(minutes=200)
    )
    response = dana_client.post(url("run_start", soon))
    assert response.status_code == 302
    assert Meeting.objects.get(pk=soon.pk).run_started_at is not None


def test_the_question_on_the_day_names_the_time(meeting):
    day = meeting.starts_at
    assert services.early_start_question(meeting, day - timedelta(minutes=59)) == ""
    assert services.early_start_question(meeting, day - timedelta(hours=3)) == (
        "This meeting is due to start at 10:00. Start it now anyway?"
    )
    assert services.early_start_question(meeting, day - timedelta(days=1)).startswith("This meeting is on ")


def test_back_to_the_previous_item_undoes_start_next_item(meeting, dana, dana_client):
    dana_client.post(url("run_start", meeting), {"early": "yes"})
    first, second, third = items_of(meeting)[:3]
    first_started = AgendaItem.objects.get(pk=first.pk).started_at
    page = dana_client.get(url("run", meeting)).content.decode()
    assert "Back to the previous item" not in page  # nothing to go back to on the first item

    dana_client.post(url("run_item_next", meeting), {"current": first.pk})
    page = dana_client.get(url("run", meeting)).content.decode()
    assert "Back to the previous item</button>" in page

    response = dana_client.post(
        url("run_item_next", meeting), {"current": second.pk, "back": "yes"}, follow=True
    )
    html = response.content.decode()
    assert "Back to the previous item. Now: Welcome and access check." in html
    assert "Now: Welcome and access check</h2>" in html
    meeting.refresh_from_db()
    assert meeting.current_item_id == first.pk
    first, second = AgendaItem.objects.get(pk=first.pk), AgendaItem.objects.get(pk=second.pk)
    # The first item carries on from when it first started; the second is as if never started.
    assert (first.started_at, first.ended_at) == (first_started, None)
    assert (second.started_at, second.ended_at) == (None, None)

    # A second press of the same Back button finds the meeting already moved, and changes nothing.
    response = dana_client.post(
        url("run_item_next", meeting), {"current": second.pk, "back": "yes"}, follow=True
    )
    assert "The meeting had already moved on" in response.content.decode()
    with pytest.raises(ValidationError, match="first item"):
        services.item_back(meeting=meeting, chair=dana, expected_item_id=first.pk)
    assert AgendaItem.objects.get(pk=third.pk).started_at is None


def test_ending_from_the_last_item_asks_first(meeting, dana, dana_client):
    dana_client.post(url("run_start", meeting), {"early": "yes"})
    items = items_of(meeting)
    for item in items[:-1]:
        services.item_next(meeting=meeting, chair=dana, expected_item_id=item.pk)
    page = dana_client.get(url("run", meeting)).content.decode()
    # The last item's End button goes to the question, not straight to the end.
    assert f'<a href="{url("run_end", meeting)}" role="button"' in page
    assert f'action="{url("run_end", meeting)}"' not in page
    confirm = dana_client.get(url("run_end", meeting)).content.decode()
    assert "End the meeting now?" in confirm
    assert "not been reached" not in confirm
    assert Meeting.objects.get(pk=meeting.pk).run_ended_at is None


def test_a_meeting_ended_by_mistake_is_reopened_within_a_day(meeting, dana, dana_client, alice):
    dana_client.post(url("run_start", meeting), {"early": "yes"})
    first, second = items_of(meeting)[:2]
    services.item_next(meeting=meeting, chair=dana, expected_item_id=first.pk)
    dana_client.post(url("run_end", meeting), {"current": second.pk})
    page = dana_client.get(url("run", meeting)).content.decode()
    assert "Reopen the meeting</button>" in page

    response = dana_client.post(url("run_start", meeting), {"reopen": "yes"}, follow=True)
    html = response.content.decode()
    assert "The meeting is open again. You are running it. Now: Apologies." in html
    assert "Reopened by Dana Chair at " in html
    meeting.refresh_from_db()
    assert meeting.is_running and meeting.current_item_id == second.pk
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.run_reopened_by == dana and meeting.run_reopened_at is not None
    assert AgendaItem.objects.get(pk=second.pk).ended_at is None
    assert AgendaItem.objects.get(pk=first.pk).ended_at is not None

    # A stale press of Start (not Reopen) on a running meeting changes nothing.
    response = dana_client.post(url("run_start", meeting), follow=True)
    assert "The meeting has already started." in response.content.decode()


def test_a_day_after_the_end_the_meeting_stays_ended(meeting, dana, dana_client):
    dana_client.post(url("run_start", meeting), {"early": "yes"})
    dana_client.post(url("run_end", meeting), {"current": items_of(meeting)[0].pk})
    Meeting.objects.filter(pk=meeting.pk).update(run_ended_at=timezone.now() - timedelta(days=1, minutes=1))
    page = dana_client.get(url("run", meeting)).content.decode()
    assert "Reopen the meeting" not in page
    response = dana_client.post(url("run_start", meeting), {"reopen": "yes"}, follow=True)
    assert "This one stays ended." in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).run_ended_at is not None


def test_only_chairs_reopen_and_undo(meeting, dana_client, bob_client):
    dana_client.post(url("run_start", meeting), {"early": "yes"})
    first = items_of(meeting)[0]
    dana_client.post(url("run_item_next", meeting), {"current": first.pk})
    second = items_of(meeting)[1]
    assert (
        bob_client.post(url("run_item_next", meeting), {"current": second.pk, "back": "yes"}).status_code
        == 403
    )
    dana_client.post(url("run_end", meeting), {"current": second.pk})
    assert bob_client.post(url("run_start", meeting), {"reopen": "yes"}).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).run_ended_at is not None


def test_decisions_and_action_points_are_read_back_under_their_item(meeting, dana, bob, dana_client):
    from datetime import date

    from meetings.services.actions import action_point_record, decision_record

    dana_client.post(url("run_start", meeting), {"early": "yes"})
    first, second = items_of(meeting)[:2]
    services.item_next(meeting=meeting, chair=dana, expected_item_id=first.pk)
    decision = decision_record(
        meeting=meeting,
        agenda_item=first,
        text="We meet at the library from May.",
        how="consensus",
        recorded_by=dana,
    )
    action = action_point_record(
        meeting=meeting,
        agenda_item=second,
        text="Book the hearing loop.",
        owner_person=bob,
        owner_group=None,
        due_on=date(2030, 5, 1),
        created_by=dana,
    )
    page = dana_client.get(url("run", meeting)).content.decode()
    recorded = page.split('id="recorded"')[1]
    # Under the item each was recorded for, in agenda order, with the words to read back.
    assert recorded.index("Welcome and access check") < recorded.index("We meet at the library from May.")
    assert recorded.index("Apologies") < recorded.index("Book the hearing loop.")
    assert recorded.index("We meet at the library from May.") < recorded.index("Apologies")
    assert "Bob Member, by 1 May 2030" in recorded
    back = f"?next=%2Fp%2Fworking-together%2Fmeetings%2F{meeting.pk}%2Frun%2F"
    decision_edit = reverse("meetings:decision_edit", kwargs={"slug": "working-together", "pk": decision.pk})
    action_edit = reverse("meetings:action_edit", kwargs={"slug": "working-together", "pk": action.pk})
    assert f'href="{decision_edit}{back}"' in recorded
    assert f'href="{action_edit}{back}"' in recorded
    assert "Correct the wording" in recorded
    # The correction page the link opens works for the chair.
    assert dana_client.get(decision_edit + back).status_code == 200


def test_after_each_action_focus_lands_where_the_message_is_about(meeting, dana_client, bob):
    page = dana_client.get(url("run", meeting)).content.decode()
    assert "autofocus" not in page  # an ordinary visit starts at the top, like any page

    html = dana_client.post(url("run_start", meeting), {"early": "yes"}, follow=True).content.decode()
    assert html.count("autofocus") == 1
    assert 'id="current-item" tabindex="-1" autofocus>Now: Welcome and access check</h2>' in html

    first = items_of(meeting)[0]
    html = dana_client.post(
        url("run_item_next", meeting), {"current": first.pk}, follow=True
    ).content.decode()
    assert 'tabindex="-1" autofocus>Now: Apologies</h2>' in html

    html = dana_client.post(url("run_presence", meeting), {"present": [bob.pk]}, follow=True).content.decode()
    assert html.count("autofocus") == 1
    assert 'id="presence" tabindex="-1" autofocus>Who is present</h2>' in html

    html = dana_client.post(
        url("run_note_add", meeting), {"text": "Loop works"}, follow=True
    ).content.decode()
    assert html.count("autofocus") == 1
    assert 'id="notes" tabindex="-1" autofocus>Notes on this item</h2>' in html

    # After a problem the error banner takes focus itself (role="alert"), so nothing else claims it.
    html = dana_client.post(
        url("run_item_next", meeting), {"current": first.pk}, follow=True
    ).content.decode()
    assert "The meeting had already moved on" in html and 'role="alert"' in html
    assert "autofocus" not in html


def test_before_the_start_start_is_next_to_the_agenda_and_presence_comes_after(meeting, dana_client):
    html = dana_client.get(url("run", meeting)).content.decode()
    start_end = html.index("Start the meeting</button>")
    agenda = html.index("<table")
    agenda_end = html.index("</table>")
    presence = html.index(">Who is present</h2>")
    assert start_end < agenda < html.index("Welcome and access check</th>") < agenda_end < presence
    # Between Start and the agenda there is nothing else to read or press, only the agenda's heading.
    between = html[start_end:agenda]
    assert "<h2" not in between and "<button" not in between and "<p" not in between
    assert html.count("<table") == 1


# ---------------------------------------------------------------- the clock's words


def state_at(meeting, now, break_every=None):
    meeting.refresh_from_db()
    items = list(AgendaItem.objects.filter(meeting=meeting).select_related("lead").order_by("position", "pk"))
    return services.run_state(meeting, items, now, break_every=break_every)


def test_on_time_from_the_first_second_even_when_the_agenda_is_shorter(meeting, dana):
    # The standing agenda is 60 minutes of a 150-minute meeting: starting on time is on time, not 90 ahead.
    services.meeting_start(meeting=meeting, chair=dana, now=meeting.starts_at)
    for seconds in (0, 1, 59):
        state = state_at(meeting, meeting.starts_at + timedelta(seconds=seconds))
        assert state.late_minutes == 0
        assert state.lateness_text == "On time. Expected to finish at 11:00."
    # Welcome runs 3 minutes over its 10: 3 minutes late.
    late = state_at(meeting, meeting.starts_at + timedelta(minutes=13))
    assert late.lateness_text == "Running 3 minutes late. Expected to finish at 11:03."


def test_started_early_is_on_time_from_when_it_started(meeting, dana):
    started = meeting.starts_at - timedelta(hours=2)
    services.meeting_start(meeting=meeting, chair=dana, now=started)
    assert state_at(meeting, started + timedelta(seconds=1)).lateness_text == (
        "On time. Expected to finish at 09:00."
    )


def test_started_late_is_late_from_the_first_second(meeting, dana):
    services.meeting_start(meeting=meeting, chair=dana, now=meeting.starts_at + timedelta(minutes=10))
    state = state_at(meeting, meeting.starts_at + timedelta(minutes=10, seconds=1))
    assert state.lateness_text == "Running 10 minutes late. Expected to finish at 11:10."


def test_a_break_planned_within_the_minute_it_is_needed_is_not_called_late(meeting, dana, bob):
    from meetings.services.agenda import item_add

    # The break goes after the first 40 minutes of standing items; someone needs one every 40 minutes.
    item_add(meeting=meeting, title="Break", purpose=AgendaItem.Purpose.BREAK, duration_minutes=10)
    services.meeting_start(meeting=meeting, chair=dana, now=meeting.starts_at)
    # Welcome runs 20 seconds over: the break now comes 20 seconds after it is needed, in the same minute.
    state = state_at(meeting, meeting.starts_at + timedelta(minutes=10, seconds=20), break_every=40)
    assert state.next_break_at - state.break_due_by == timedelta(seconds=20)
    assert "but a break is needed by" not in state.break_text
    assert state.break_text == "The next break is at 10:40."
    # A whole minute later on the clock is worth saying.
    later = state_at(meeting, meeting.starts_at + timedelta(minutes=11, seconds=5), break_every=40)
    assert later.break_text.startswith(
        "The next break on the agenda is at 10:41, but a break is needed by 10:40."
    )


def test_once_the_minutes_go_out_for_comment_the_meeting_stays_ended(meeting, dana, dana_client, alice):
    from meetings.services.minutes import minutes_send
    from tests.factories import make_minutes

    dana_client.post(url("run_start", meeting), {"early": "yes"})
    dana_client.post(url("run_end", meeting), {"current": items_of(meeting)[0].pk})
    assert "Reopen the meeting" in dana_client.get(url("run", meeting)).content.decode()
    minutes_send(minutes=make_minutes(meeting, by=alice), by=alice, minutes_url="http://testserver/")

    assert "Reopen the meeting" not in dana_client.get(url("run", meeting)).content.decode()
    response = dana_client.post(url("run_start", meeting), {"reopen": "yes"}, follow=True)
    assert "before its minutes go out for comment" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).run_ended_at is not None
