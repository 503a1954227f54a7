from datetime import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Arrangement, Meeting
from meetings.services.access_plan import access_plan
from meetings.services.meetings import reply_record
from partners.models import CommunicationPreference, Membership
from tests.factories import make_member, make_need, make_user, make_venue


def _url(name, meeting, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, **kwargs})


def _person(partnership, name, *codes, share=False, **detail):
    person = make_user(full_name=name, share_access_needs=share)
    make_member(partnership, person)
    for code in codes:
        make_need(person, code, **detail)
    return person


def _statuses(meeting, viewer):
    return {row.need.code: row.status for row in access_plan(meeting, viewer).rows}


def test_venue_features_arrangements_and_what_is_not_met(partnership, meeting, alice):
    viewer = Membership.objects.get(person=alice)
    _person(partnership, "Elaine", "hearing_loop")
    _person(partnership, "Fi", "step_free", "wheelchair_space")
    _person(partnership, "Jamie", "bsl_interpreter")
    venue = make_venue(partnership, features=["step_free", "wheelchair_space"])
    Meeting.objects.filter(pk=meeting.pk).update(venue=venue)
    meeting.refresh_from_db()
    assert _statuses(meeting, viewer) == {
        "bsl_interpreter": "not_met",
        "hearing_loop": "not_met",
        "step_free": "venue",
        "wheelchair_space": "venue",
    }
    Arrangement.objects.create(
        partnership=partnership, meeting=meeting, need_code="bsl_interpreter", description="Booked"
    )
    # Changing the venue changes the plan at once.
    Meeting.objects.filter(pk=meeting.pk).update(venue=make_venue(partnership, features=["hearing_loop"]))
    meeting.refresh_from_db()
    statuses = _statuses(meeting, viewer)
    assert statuses["bsl_interpreter"] == "arranged"
    assert statuses["hearing_loop"] == "venue"
    assert statuses["step_free"] == "not_met"


def test_people_not_coming_drop_out_of_the_plan(partnership, meeting, alice):
    viewer = Membership.objects.get(person=alice)
    elaine = _person(partnership, "Elaine", "hearing_loop")
    assert "hearing_loop" in _statuses(meeting, viewer)
    reply_record(meeting=meeting, person=elaine, reply="not_attending")
    assert "hearing_loop" not in _statuses(meeting, viewer)


def test_online_meetings_need_no_venue_features_but_still_interpreters(partnership, meeting, alice):
    viewer = Membership.objects.get(person=alice)
    _person(partnership, "Fi", "step_free")
    _person(partnership, "Jamie", "bsl_interpreter")
    Meeting.objects.filter(pk=meeting.pk).update(format=Meeting.Format.ONLINE)
    meeting.refresh_from_db()
    assert _statuses(meeting, viewer) == {"bsl_interpreter": "not_met", "step_free": "not_needed"}


def test_timing_needs_are_checked_against_the_meeting(partnership, meeting, alice):
    viewer = Membership.objects.get(person=alice)
    _person(partnership, "Nadia", "earliest_start", earliest_start=time(10, 30))
    _person(partnership, "Ruth", "longest_meeting", minutes=180)
    statuses = _statuses(meeting, viewer)
    assert statuses["earliest_start"] == "not_met"  # the meeting starts at 10:00
    assert statuses["longest_meeting"] == "planned"  # 150 minutes


def test_paper_counts_from_needs_and_preferences(partnership, meeting, alice):
    viewer = Membership.objects.get(person=alice)
    _person(partnership, "A", "large_print")
    b = _person(partnership, "B", "large_print")
    CommunicationPreference.objects.create(person=b, paper_format="large_print")  # counted once
    c = _person(partnership, "C", "easy_read")
    CommunicationPreference.objects.create(person=c, paper_format="braille")
    plan = access_plan(meeting, viewer)
    assert plan.papers_summary() == "2 large print, 1 easy read, 1 braille (on request)"


def test_names_only_for_those_who_may_see_them(partnership, meeting, alice_client, bob_client):
    _person(partnership, "Carol Private", "hearing_loop")
    _person(partnership, "Sam Sharer", "hearing_loop", share=True)
    coordinator_page = alice_client.get(_url("access_plan", meeting)).content.decode()
    assert "Carol Private" in coordinator_page and "Sam Sharer" in coordinator_page
    member_page = bob_client.get(_url("access_plan", meeting)).content.decode()
    assert "2 people need this" in member_page
    assert "Sam Sharer" in member_page and "Carol Private" not in member_page


def test_unmet_needs_show_on_the_meeting_page_and_the_workspace_home(partnership, meeting, bob_client):
    _person(partnership, "Elaine", "hearing_loop")
    assert "1 access need is not met yet." in bob_client.get(meeting.get_absolute_url()).content.decode()
    home = bob_client.get(reverse("workspace", args=[partnership.slug])).content.decode()
    assert "Access needs not met yet: hearing loop" in home


def test_coordinator_records_an_arrangement(alice_client, bob_client, partnership, meeting):
    _person(partnership, "Jamie", "bsl_interpreter")
    url = _url("arrangement_add", meeting)
    body = alice_client.post(
        url, {"need_code": "teleporter", "description": "", "cost": "-5"}
    ).content.decode()
    assert "Choose a need from the list." in body and "Say what is booked" in body
    response = alice_client.post(
        url,
        {
            "need_code": "bsl_interpreter",
            "description": "Two interpreters booked",
            "booked_on_0": "1",
            "booked_on_1": "3",
            "booked_on_2": "2026",
            "cost": "280",
        },
    )
    assert response.status_code == 302
    page = alice_client.get(_url("access_plan", meeting)).content.decode()
    assert "Two interpreters booked" in page and "costing £280" in page
    assert bob_client.post(url, {"need_code": "bsl_interpreter", "description": "x"}).status_code == 403


def test_access_plan_query_budget_is_flat(partnership, meeting, alice_client):
    venue = make_venue(partnership, features=["step_free"])
    Meeting.objects.filter(pk=meeting.pk).update(venue=venue)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(_url("access_plan", meeting)).status_code == 200
        return len(queries)

    for n in range(5):
        _person(partnership, f"P{n}", "hearing_loop", "step_free")
    small = count()
    for n in range(45):
        _person(partnership, f"Q{n}", "large_print", "regular_breaks", minutes=45)
    assert count() == small


def test_observers_and_experts_see_counts_and_meeting_chairs_see_names(partnership, meeting, client):
    from meetings.models import Attendance, MeetingRole
    from partners.models import Role

    _person(partnership, "Dave Sharer", "assistance_dog", share=True)
    observer, expert, meeting_chair = make_user(), make_user(), make_user()
    make_member(partnership, observer, role=Role.OBSERVER)
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    make_member(partnership, meeting_chair)
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=expert)
    MeetingRole.objects.create(partnership=partnership, meeting=meeting, person=meeting_chair, role="chair")
    for person, sees_name in ((observer, False), (expert, False), (meeting_chair, True)):
        client.force_login(person)
        page = client.get(_url("access_plan", meeting)).content.decode()
        assert "1 person needs this" in page
        assert ("Dave Sharer" in page) is sees_name


def test_bookings_for_people_no_longer_coming_stay_visible(partnership, meeting, alice_client):
    fi = _person(partnership, "Fi", "accessible_transport")
    Arrangement.objects.create(
        partnership=partnership, meeting=meeting, need_code="accessible_transport", description="Taxi for Fi"
    )
    reply_record(meeting=meeting, person=fi, reply="not_attending")
    page = alice_client.get(_url("access_plan", meeting)).content.decode()
    assert "Bookings nobody coming needs now" in page and "Taxi for Fi" in page


def test_a_pack_sent_in_the_right_format_meets_a_format_need(partnership, meeting, alice):
    from meetings.models import PackDelivery

    viewer = Membership.objects.get(person=alice)
    graham = _person(partnership, "Graham", "large_print")
    chloe = _person(partnership, "Chloe", "easy_read")
    PackDelivery.objects.create(
        partnership=partnership,
        meeting=meeting,
        person=graham,
        variant="large_print",
        paper_format="large_print",
        channel="post",
        ready=True,
        done_at=timezone.now(),  # ticked on the print and post list as posted
    )
    PackDelivery.objects.create(
        partnership=partnership,
        meeting=meeting,
        person=chloe,
        variant="standard",
        paper_format="standard",
        channel="email",
    )
    statuses = _statuses(meeting, viewer)
    assert statuses["large_print"] == "arranged"
    assert statuses["easy_read"] == "not_met"  # she was sent standard print, not easy read
