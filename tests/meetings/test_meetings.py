from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, CalendarFeed, Meeting, MeetingRole
from meetings.services.meetings import SeriesRule, continuity, invited_people, reply_record
from partners.models import Membership, Role
from tests.factories import make_meeting, make_member, make_user, make_venue


def _url(name, meeting, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, **kwargs})


def _form(day: date, **overrides):
    data = {
        "title": "Planning day",
        "kind": "workshop",
        "date_0": str(day.day),
        "date_1": str(day.month),
        "date_2": str(day.year),
        "start_time": "10:00",
        "end_time": "12:30",
        "format": "in_person",
        "venue": "",
        "online_link": "",
        "description": "",
    }
    data.update(overrides)
    return data


def test_coordinator_sets_up_a_meeting_with_the_standing_agenda(alice_client, partnership):
    day = timezone.localdate() + timedelta(days=20)
    response = alice_client.post(reverse("meetings:meeting_new", args=[partnership.slug]), _form(day))
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert timezone.localtime(meeting.starts_at).time() == time(10, 0)
    assert meeting.duration_minutes == 150
    titles = list(meeting.agenda_items.values_list("title", flat=True))
    assert titles[0] == "Welcome and access check" and titles[-1] == "How did today go?"


def test_backwards_times_and_bad_dates_get_plain_messages(alice_client, partnership):
    url = reverse("meetings:meeting_new", args=[partnership.slug])
    day = timezone.localdate() + timedelta(days=20)
    body = alice_client.post(url, _form(day, start_time="14:00", end_time="13:00")).content.decode()
    assert "The end time must be after the start time." in body
    assert 'value="Planning day"' in body
    body = alice_client.post(url, _form(day, date_0="31", date_1="2")).content.decode()
    assert "The date of the meeting must be a real date, for example 27 3 2026" in body
    body = alice_client.post(url, _form(day, date_0="x", start_time="half ten")).content.decode()
    assert "The date of the meeting must be a real date" in body and "Enter a time such as 10:00" in body
    body = alice_client.post(
        url, _form(day, format="online", venue=make_venue(partnership).pk)
    ).content.decode()
    assert "An online meeting has no venue" in body
    assert not Meeting.objects.exists()


def test_series_monthly_on_the_first_tuesday(alice_client, partnership):
    start = timezone.localdate() + timedelta(days=1)
    response = alice_client.post(
        reverse("meetings:series_new", args=[partnership.slug]),
        {
            "title": "Partnership meeting",
            "kind": "partnership",
            "frequency": "monthly",
            "weekday": "1",
            "week_of_month": "1",
            "first_date_0": str(start.day),
            "first_date_1": str(start.month),
            "first_date_2": str(start.year),
            "count": "6",
            "start_time": "10:00",
            "end_time": "12:30",
            "format": "in_person",
        },
    )
    assert response.status_code == 302
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert len(meetings) == 6
    for meeting in meetings:
        local = timezone.localtime(meeting.starts_at)
        assert local.weekday() == 1 and local.day <= 7 and local.time() == time(10, 0)
    assert meetings[0].series.description == "Monthly on the first Tuesday, 10:00 to 12:30, 6 meetings"
    # Each can be changed on its own afterwards.
    assert len({m.agenda_items.count() for m in meetings}) == 1


def test_series_rule_weekly_and_last_weekday():
    every_two = SeriesRule("weekly", 2, 1, 2, time(10), time(11), date(2026, 3, 2), 3)
    assert every_two.dates() == [date(2026, 3, 4), date(2026, 3, 18), date(2026, 4, 1)]
    last_friday = SeriesRule("monthly", 4, -1, 1, time(10), time(11), date(2026, 1, 1), 2)
    assert last_friday.dates() == [date(2026, 1, 30), date(2026, 2, 27)]


def test_a_series_with_no_meetings_is_refused(alice_client, partnership):
    body = alice_client.post(
        reverse("meetings:series_new", args=[partnership.slug]),
        {
            "title": "X",
            "kind": "partnership",
            "frequency": "monthly",
            "weekday": "1",
            "count": "0",
            "start_time": "10:00",
            "end_time": "11:00",
            "format": "in_person",
        },
    ).content.decode()
    assert "A series needs at least 1 meeting." in body
    assert "Enter the date of the first meeting" in body
    assert "Choose which week of the month" in body
    assert not Meeting.objects.exists()


def test_replies(bob_client, meeting, bob):
    response = bob_client.post(_url("meeting_reply", meeting), {"reply": "not_attending"}, follow=True)
    assert "Your reply is saved: not attending (apologies)." in response.content.decode()
    assert Attendance.objects.get(person=bob).reply == "not_attending"
    response = bob_client.post(_url("meeting_reply", meeting), {"reply": "maybe"}, follow=True)
    assert "Choose whether you are coming" in response.content.decode()


def test_replies_after_cancelling_are_refused(alice_client, bob_client, meeting, bob):
    alice_client.post(_url("meeting_cancel", meeting), {"reason": "The venue flooded"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    response = bob_client.post(_url("meeting_reply", meeting), {"reply": "attending"}, follow=True)
    assert "This meeting is cancelled, so replies are closed." in response.content.decode()
    assert not Attendance.objects.filter(person=bob).exists()
    assert "The venue flooded" in bob_client.get(meeting.get_absolute_url()).content.decode()


def test_cancelling_needs_a_reason_and_a_future_meeting(alice_client, meeting, past_meeting):
    assert (
        "Say why the meeting is cancelled."
        in alice_client.post(_url("meeting_cancel", meeting), {}).content.decode()
    )
    body = alice_client.post(_url("meeting_cancel", past_meeting), {"reason": "x"}).content.decode()
    assert "has already happened" in body


def test_everyone_is_invited_unless_left_out_and_experts_only_when_asked(
    alice_client, meeting, partnership, bob
):
    expert = make_user(full_name="Vera Expert")
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    people = {p.pk for p, _ in invited_people(meeting)}
    assert bob.pk in people and expert.pk not in people
    listed = ",".join(str(pk) for pk in people | {expert.pk})
    page = alice_client.get(_url("meeting_invitations", meeting)).content.decode()
    assert f'value="{expert.pk}"' in page
    # Someone joins while the coordinator has the form open: the save must not leave them out.
    newcomer = make_user()
    make_member(partnership, newcomer)
    everyone_but_bob = people - {bob.pk} | {expert.pk}
    alice_client.post(
        _url("meeting_invitations", meeting), {"people": sorted(everyone_but_bob), "listed": listed}
    )
    people = {p.pk for p, _ in invited_people(meeting)}
    assert bob.pk not in people and expert.pk in people and newcomer.pk in people
    with pytest.raises(ValidationError, match="not invited"):
        reply_record(meeting=meeting, person=bob, reply="attending")


def test_visiting_expert_sees_only_the_meeting_they_are_invited_to(client, partnership, alice, meeting):
    other = make_meeting(partnership, days_ahead=40, created_by=alice, title="The secret budget")
    expert = make_user()
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=expert)
    client.force_login(expert)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(_url("agenda", meeting)).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    listing = client.get(reverse("meetings:meeting_list", args=[partnership.slug])).content.decode()
    assert meeting.title in listing and other.title not in listing
    assert client.get(reverse("workspace", args=[partnership.slug])).status_code == 404


def test_presence_and_continuity(dana_client, partnership, alice, bob, dana, past_meeting):
    assert continuity(partnership=partnership)["held"] == 0
    # Partners since before the meeting: the figure counts only people who were members for it.
    Membership.objects.filter(partnership=partnership).update(
        joined_on=timezone.localdate() - timedelta(days=60)
    )
    dana_client.post(_url("meeting_presence", past_meeting), {"people": [alice.pk, dana.pk]})
    present = set(Attendance.objects.filter(present=True).values_list("person_id", flat=True))
    assert present == {alice.pk, dana.pk}
    # Recording who came marks the meeting held, so it counts.
    past_meeting.refresh_from_db()
    assert past_meeting.status == Meeting.Status.HELD
    assert continuity(partnership=partnership) == {"held": 1, "members": 3, "at_every": 2}
    body = dana_client.get(reverse("meetings:meeting_list", args=[partnership.slug])).content.decode()
    assert "2 of 3 partners have been at every one of the 1 meeting held so far" in body


def test_roles_for_the_meeting(alice_client, meeting, bob, dana):
    alice_client.post(
        _url("meeting_roles", meeting), {"chairs": [bob.pk, dana.pk], "minute_takers": [bob.pk]}
    )
    roles = set(MeetingRole.objects.values_list("person_id", "role"))
    assert roles == {(bob.pk, "chair"), (dana.pk, "chair"), (bob.pk, "minute_taker")}
    body = alice_client.get(meeting.get_absolute_url()).content.decode()
    assert "(co-chairs)" in body


def test_meeting_page_shows_the_papers_deadline(bob_client, meeting, partnership):
    body = bob_client.get(meeting.get_absolute_url()).content.decode()
    deadline = timezone.localtime(meeting.starts_at - timedelta(days=7))
    assert f"Papers go out by {deadline:%A} {deadline.day} {deadline:%B}: 7 days left." in body


def test_ics_download_and_private_feed(bob_client, client, meeting, bob):
    ics = bob_client.get(_url("meeting_ics", meeting))
    text = ics.content.decode()
    assert ics["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in text and f"SUMMARY:{meeting.title}" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    page = bob_client.get(reverse("meetings:my_calendar")).content.decode()
    feed = CalendarFeed.objects.get(person=bob)
    assert feed.token in page
    response = client.get(reverse("meetings:calendar_feed", args=[feed.token]))
    assert response.status_code == 200 and meeting.title in response.content.decode()
    bob_client.post(reverse("meetings:my_calendar"))
    assert client.get(reverse("meetings:calendar_feed", args=[feed.token])).status_code == 404


def test_meeting_page_access(bob_client, charlie_client, client, meeting):
    assert bob_client.get(meeting.get_absolute_url()).status_code == 200
    assert charlie_client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(meeting.get_absolute_url()).status_code == 302
    assert bob_client.post(_url("meeting_edit", meeting), {}).status_code == 403


def test_a_time_the_clocks_skip_is_refused_plainly(alice_client, partnership, meeting):
    # 28 March 2027: clocks in Europe/London go from 01:00 to 02:00.
    data = _form(date(2027, 3, 28), start_time="01:30", end_time="02:15")
    body = alice_client.post(reverse("meetings:meeting_new", args=[partnership.slug]), data).content.decode()
    assert "There is no 01:30 on 28 March 2027: the clocks go forward that night." in body
    response = alice_client.post(_url("meeting_edit", meeting), data)
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).time() == time(10, 0)


def test_meetings_list_and_meeting_page_query_budgets(partnership, alice, alice_client, meeting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_need

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(url).status_code == 200
        return len(queries)

    listing = reverse("meetings:meeting_list", args=[partnership.slug])
    for days in range(3):
        make_meeting(partnership, days_ahead=20 + days, created_by=alice)
    small = (count(listing), count(meeting.get_absolute_url()))
    for days in range(30):
        make_meeting(partnership, days_ahead=40 + days, created_by=alice)
        person = make_user()
        make_member(partnership, person)
        make_need(person, "hearing_loop")
    assert (count(listing), count(meeting.get_absolute_url())) == small


def test_overlapping_meetings_are_refused(alice_client, partnership, meeting):
    day = timezone.localtime(meeting.starts_at).date()
    body = alice_client.post(
        reverse("meetings:meeting_new", args=[partnership.slug]),
        _form(day, start_time="12:00", end_time="13:00"),
    ).content.decode()
    assert "This overlaps with \u201cPartnership meeting\u201d" in body
    assert Meeting.objects.count() == 1
    # Back to back is fine.
    alice_client.post(
        reverse("meetings:meeting_new", args=[partnership.slug]),
        _form(day, start_time="12:30", end_time="13:00"),
    )
    assert Meeting.objects.count() == 2


def test_run_meeting_is_a_clear_button_for_chairs_only(dana_client, bob_client, meeting):
    run = _url("run", meeting)
    body = dana_client.get(meeting.get_absolute_url()).content.decode()
    assert f'<a href="{run}" role="button" draggable="false" class="govuk-button"' in body
    assert f'<a class="govuk-link" href="{run}"' not in body  # no longer a small link in the side list
    assert run not in bob_client.get(meeting.get_absolute_url()).content.decode()


def test_a_held_meeting_leaves_coming_up_and_its_countdown_and_warnings_stop(
    partnership, dana, bob, bob_client, alice_client, meeting
):
    from meetings.services import run
    from tests.factories import make_need

    make_need(bob, "bsl_interpreter")  # an access need nobody has arranged yet
    listing = reverse("meetings:meeting_list", args=[partnership.slug])
    home = reverse("workspace", args=[partnership.slug])
    before = bob_client.get(meeting.get_absolute_url()).content.decode()
    assert "Papers go out by" in before and "not met yet" in before
    assert meeting.title in bob_client.get(listing).content.decode().split("Past meetings</h2>")[0]
    assert "Access needs not met yet" in alice_client.get(home).content.decode()

    # The chair ran the meeting a day early (say it was moved at short notice) and ended it.
    run.meeting_start(meeting=meeting, chair=dana)
    run.meeting_end(
        meeting=meeting, chair=dana, expected_item_id=Meeting.objects.get(pk=meeting.pk).current_item_id
    )

    page = bob_client.get(listing).content.decode()
    coming_up, past = page.split("Coming up</h2>")[1].split("Past meetings</h2>")
    assert meeting.title not in coming_up and meeting.title in past
    assert "Papers go out by" not in page
    workspace = alice_client.get(home).content.decode()
    assert meeting.title not in workspace and "Access needs not met yet" not in workspace
    body = bob_client.get(meeting.get_absolute_url()).content.decode()
    assert "Papers go out by" not in body and "not met yet" not in body
    assert "This meeting has been held." in body
    assert "Your reply" not in body
    response = bob_client.post(_url("meeting_reply", meeting), {"reply": "attending"}, follow=True)
    assert "This meeting has already happened, so replies are closed." in response.content.decode()


def _forms_nested(html: str) -> list[int]:
    """Line numbers where a <form> opens inside another: browsers drop the inner one, so its button fails."""
    from html.parser import HTMLParser

    class Forms(HTMLParser):
        depth, nested = 0, []

        def handle_starttag(self, tag, attrs):
            if tag == "form":
                if self.depth:
                    self.nested.append(self.getpos()[0])
                self.depth += 1

        def handle_endtag(self, tag):
            if tag == "form":
                self.depth -= 1

    parser = Forms()
    parser.nested = []
    parser.feed(html)
    return parser.nested


def test_the_meeting_page_nests_no_form_and_the_reply_still_sends(bob_client, alice_client, meeting, bob):
    for client in (bob_client, alice_client):
        body = client.get(meeting.get_absolute_url()).content.decode()
        assert "Send reply" in body
        assert _forms_nested(body) == []
    reply = _url("meeting_reply", meeting)
    assert f'action="{reply}"' in bob_client.get(meeting.get_absolute_url()).content.decode()
    response = bob_client.post(reply, {"reply": "attending"}, follow=True)
    assert "Your reply is saved: attending." in response.content.decode()


def test_a_reply_to_a_hybrid_meeting_says_in_the_room_or_online(
    partnership, alice, alice_client, bob, bob_client, dana, meeting
):
    # An in-person meeting asks only whether you are coming.
    body = bob_client.get(meeting.get_absolute_url()).content.decode()
    assert "How will you take part?" not in body
    Meeting.objects.filter(pk=meeting.pk).update(format=Meeting.Format.HYBRID)
    meeting.refresh_from_db()
    body = bob_client.get(meeting.get_absolute_url()).content.decode()
    assert "How will you take part?" in body
    assert 'value="in_room"' in body and 'value="online"' in body
    assert _forms_nested(body) == []

    reply = _url("meeting_reply", meeting)
    response = bob_client.post(reply, {"reply": "attending"}, follow=True)
    assert "Say whether you will be in the room or online." in response.content.decode()
    assert not Attendance.objects.filter(person=bob).exists()

    response = bob_client.post(reply, {"reply": "attending", "takes_part": "online"}, follow=True)
    body = response.content.decode()
    assert "Your reply is saved: attending, online." in body
    assert "You have said: attending, online." in body
    assert Attendance.objects.get(person=bob).takes_part == "online"
    alice_client.post(reply, {"reply": "attending", "takes_part": "in_room"})
    reply_record(meeting=meeting, person=dana, reply="attending", takes_part="in_room")
    body = alice_client.get(meeting.get_absolute_url()).content.decode()
    assert "Of the people attending, 2 will be in the room and 1 online." in body

    # Sending apologies forgets how they would have taken part; odd answers are refused plainly.
    bob_client.post(reply, {"reply": "not_attending", "takes_part": "online"})
    assert Attendance.objects.get(person=bob).takes_part == ""
    response = bob_client.post(reply, {"reply": "attending", "takes_part": "by pigeon"}, follow=True)
    assert "Choose in the room or online." in response.content.decode()
    with pytest.raises(ValidationError, match="in the room or online"):
        reply_record(meeting=meeting, person=bob, reply="attending")
