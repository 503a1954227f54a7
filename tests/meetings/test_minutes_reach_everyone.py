"""The minutes reach everyone: everyone invited to the meeting, present or not, gets the minutes for comments
in their own format and their own way (easy read and large print attached, by post on a print and post list),
with the day comments are wanted by, in time for the next meeting. And "Approve the minutes" is offered at the
next meeting, not before."""

import html
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Minutes
from meetings.services import minutes as services
from partners.models import CommunicationPreference, Role
from tests.factories import make_meeting, make_member, make_minutes, make_need, make_user

Pref = CommunicationPreference


def _url(name, meeting, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, **kwargs})


def _body(response) -> str:
    return html.unescape(response.content.decode())


def _mail_to(address):
    return next(m for m in mail.outbox if address in m.to)


def _pdf_names(message) -> list[str]:
    return [name for name, _, _ in message.attachments]


def _day(moment) -> str:
    return timezone.localtime(moment).date().isoformat()


@pytest.fixture
def aileen(partnership):
    """The partnership's minute-taker."""
    person = make_user("aileen@example.org", full_name="Aileen Macleod", known_as="Aileen")
    make_member(partnership, person, role=Role.MINUTE_TAKER)
    return person


@pytest.fixture
def aileen_client(aileen):
    client = Client()
    client.force_login(aileen)
    return client


@pytest.fixture
def chloe(partnership):
    """Chloe reads easy read; she was not at the meeting."""
    person = make_user("chloe@example.org", full_name="Chloe Easy", known_as="Chloe")
    make_member(partnership, person)
    make_need(person, "easy_read")
    Pref.objects.create(person=person, channels=["email"])
    return person


@pytest.fixture
def graham(partnership):
    """Graham reads large print and takes everything by post."""
    person = make_user("graham@example.org", full_name="Graham Post", known_as="Graham")
    make_member(partnership, person)
    Pref.objects.create(
        person=person,
        channels=["post"],
        paper_format=Pref.PaperFormat.LARGE_PRINT,
        postal_address="4 Mill Lane\nRiverside",
    )
    return person


def test_everyone_invited_gets_the_minutes_in_their_own_format_with_the_day_to_comment_by(
    alice_client, aileen_client, aileen, alice, bob, chloe, graham, past_meeting, meeting
):
    Attendance.objects.create(
        partnership=past_meeting.partnership, meeting=past_meeting, person=bob, present=True
    )
    minutes = make_minutes(past_meeting, by=aileen)

    response = alice_client.post(_url("minutes_send", past_meeting), follow=True)

    minutes.refresh_from_db()
    wanted_by = minutes.comments_by
    assert wanted_by is not None and timezone.localdate() < wanted_by < timezone.localdate(meeting.starts_at)
    said = f"{wanted_by:%A} {wanted_by.day} {wanted_by:%B %Y}"
    # Chloe was not marked present: she still gets them, in easy read.
    chloes = _mail_to("chloe@example.org")
    assert _pdf_names(chloes) == [f"minutes-{_day(past_meeting.starts_at)}-easy-read.pdf"]
    assert chloes.attachments[0][1].startswith(b"%PDF")
    assert "The easy read minutes are attached." in chloes.body
    assert f"Please send any comments by {said}." in chloes.body
    assert "/documents/minutes/easy_read" in chloes.body
    assert _pdf_names(_mail_to("bob@example.org")) == [f"minutes-{_day(past_meeting.starts_at)}-standard.pdf"]
    # Graham takes post only: no email; he is on the print and post list, in large print, with his address.
    assert not [m for m in mail.outbox if "graham@example.org" in m.to]
    page = _body(response)
    assert "1 person by post" in page and f"Comments are wanted by {said}." in page
    assert "Print and post the minutes" in page and "Graham</strong>: large print." in page
    assert "4 Mill Lane<br>Riverside" in page
    assert _url("document_pdf", past_meeting, document="minutes", variant="large_print") in page
    # Partners, and a minute-taker who may not see needs by name, read the minutes page without the post
    # list: a format by name can reveal a need, and an address is personal.
    bob_client = Client()
    bob_client.force_login(bob)
    for client in (bob_client, aileen_client):
        page = _body(client.get(_url("minutes", past_meeting)))
        assert "4 Mill Lane" not in page and "Graham</strong>: large print." not in page


def test_a_minute_taker_who_cannot_see_the_post_list_is_not_sent_to_it(
    aileen_client, aileen, graham, past_meeting, meeting
):
    """The list of who gets the minutes by post is for those who may see needs by name; the minute-taker who
    sends the minutes is told a coordinator has it, not sent to a list the page does not show them."""
    make_minutes(past_meeting, by=aileen)

    page = _body(aileen_client.post(_url("minutes_send", past_meeting), follow=True))

    assert "Print and post the minutes" not in page
    assert (
        "1 person by post: a coordinator prints and posts them from the list they see on the minutes" in page
    )
    assert "print them from the list on the minutes page" not in page


def test_the_send_page_says_who_gets_what_before_anything_goes(
    alice_client, aileen_client, aileen, chloe, graham, past_meeting, meeting
):
    make_minutes(past_meeting, by=aileen)
    page = _body(alice_client.get(_url("minutes_send", past_meeting)))
    assert "Everyone invited to the meeting gets the minutes, whether they came or not" in page
    assert "Email, with the easy read minutes attached" in page
    assert "By post, in large print: on the print and post list" in page
    assert "Comments are wanted by" in page
    # The minute-taker sees who and how many of each format, but not whose format is whose.
    page = _body(aileen_client.get(_url("minutes_send", past_meeting)))
    assert "Chloe" in page and "1 easy read" in page and "1 large print" in page
    assert "easy read minutes attached" not in page and "in large print" not in page
    assert mail.outbox == [] and Minutes.objects.get(meeting=past_meeting).status == "draft"


def test_only_the_person_quoted_is_asked_to_confirm_their_words(aileen, bob, chloe, past_meeting):
    minutes = make_minutes(past_meeting, by=aileen)
    item = services.minute_items(past_meeting)[0]
    services.partner_view_add(minutes=minutes, agenda_item=item, person=chloe, words="I liked it.", by=aileen)

    services.minutes_send(minutes=minutes, by=aileen, minutes_url="http://testserver/m/")

    line = "You are quoted in the minutes. Please check the words of your view"
    assert line in _mail_to("chloe@example.org").body
    assert line in _mail_to("chloe@example.org").alternatives[0][0]
    assert line not in _mail_to("bob@example.org").body


def test_plain_text_readers_get_no_html_and_a_support_person_passes_on_post_only_minutes(
    partnership, aileen, past_meeting
):
    sam = make_user("sam@example.org", full_name="Sam Screen")
    make_member(partnership, sam)
    Pref.objects.create(person=sam, channels=["email"], paper_format=Pref.PaperFormat.PLAIN_TEXT)
    ivy = make_user("ivy@example.org", full_name="Ivy Offline")
    make_member(partnership, ivy)
    Pref.objects.create(
        person=ivy,
        channels=["post"],
        postal_address="1 High Street",
        support_person_name="Jo",
        support_person_email="jo@example.org",
    )
    minutes = make_minutes(past_meeting, by=aileen)

    result = services.minutes_send(minutes=minutes, by=aileen, minutes_url="http://testserver/m/")

    assert _mail_to("sam@example.org").alternatives == []
    jos = _mail_to("jo@example.org")
    assert jos.subject == f"Minutes for Ivy Offline to check: {past_meeting.title}"
    assert "You get this email as Ivy Offline's support person." in jos.body
    assert ivy in result.by_post and ivy not in result.emailed


def test_comments_are_wanted_in_time_for_the_next_meetings_papers(partnership, past_meeting):
    today = timezone.localdate()
    # No next meeting yet: two weeks.
    assert services.comments_wanted_by(past_meeting) == today + timedelta(days=14)
    # The next meeting in 20 days: by its papers deadline.
    following = make_meeting(partnership, days_ahead=20)
    deadline = timezone.localtime(following.papers_deadline).date()
    assert services.comments_wanted_by(past_meeting) == max(deadline, today + timedelta(days=7))
    # The next meeting in 3 days: still before it.
    following.delete()
    soon = make_meeting(partnership, days_ahead=3)
    assert services.comments_wanted_by(past_meeting) == timezone.localdate(soon.starts_at) - timedelta(days=1)


# ---------------------------------------------------------------- approval at the next meeting


@pytest.fixture
def dana_client(dana):
    client = Client()
    client.force_login(dana)
    return client


def test_approve_is_offered_at_the_next_meeting_not_straight_after_sending(
    dana_client, dana, aileen, past_meeting, meeting
):
    minutes = make_minutes(past_meeting, by=aileen)
    services.minutes_send(minutes=minutes, by=aileen, minutes_url="http://testserver/m/")
    approve = _url("minutes_approve", past_meeting)
    page = _body(dana_client.get(_url("minutes", past_meeting)))
    assert approve not in page
    on = timezone.localtime(meeting.starts_at)
    assert (
        f"The minutes are approved at the next meeting, {meeting.title} on {on:%A} {on.day} {on:%B %Y}."
        in page
    )
    assert services.minutes_awaiting_approval(meeting) == []
    # Going to the address early says when, and approves nothing.
    assert "The minutes are approved at the next meeting" in _body(dana_client.get(approve))
    dana_client.post(approve, {"at_meeting": meeting.pk})
    assert Minutes.objects.get(pk=minutes.pk).status == "out_for_comment"

    # The day of the next meeting: offered, and it works.
    starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    type(meeting).objects.filter(pk=meeting.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=2))
    meeting.refresh_from_db()
    assert approve in _body(dana_client.get(_url("minutes", past_meeting)))
    assert [m.pk for m in services.minutes_awaiting_approval(meeting)] == [past_meeting.pk]
    dana_client.post(approve, {"at_meeting": meeting.pk})
    minutes.refresh_from_db()
    assert minutes.status == "approved" and minutes.approved_at_meeting_id == meeting.pk
