"""`manage.py send_reminders`: each reminder is sent once, however often the command runs, to the people it
is for, in the way they asked (a weekly digest instead of a flood; nothing between meetings for those who
said so; nothing by email for people who take no email)."""

import smtplib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.utils import timezone

from meetings.models import (
    ActionPoint,
    Attendance,
    Correction,
    DigestItem,
    Minutes,
    PackDelivery,
    SentReminder,
)
from meetings.services import packs
from meetings.services.minutes import minutes_send
from partners.models import CommunicationPreference, Role, User
from tests.factories import make_action_point, make_group, make_member, make_minutes, make_need


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses everything, as a real one sometimes does."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"No such person") for m in messages})


def remind(now: datetime) -> str:
    from io import StringIO

    out = StringIO()
    call_command(
        "send_reminders", "--now", now.isoformat(), "--base-url", "https://cp.example.org", stdout=out
    )
    return out.getvalue()


def to(person: User) -> list:
    return [m for m in mail.outbox if person.email in m.to]


def prefs(person: User, **fields) -> None:
    fields.setdefault("channels", ["email"])
    CommunicationPreference.objects.update_or_create(person=person, defaults=fields)


def at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def people(partnership, alice, dana, bob):
    for person in (alice, dana, bob):
        prefs(person)
    return alice, dana, bob


# ---------------------------------------------------------------- papers deadline


def test_papers_deadline_reminds_coordinators_once_two_days_before(partnership, people, meeting):
    alice, dana, bob = people
    deadline = meeting.papers_deadline
    remind(deadline - timedelta(days=3))
    assert not mail.outbox

    output = remind(deadline - timedelta(days=1, hours=23))
    [email] = mail.outbox
    assert email.to == [alice.email]
    local = timezone.localtime(deadline)
    assert email.subject == f"Papers due {local:%A} {local.day} {local:%B}: {meeting.title}"
    assert f"https://cp.example.org/p/{partnership.slug}/meetings/{meeting.pk}/pack/send/" in email.body
    assert "Papers deadline approaching: 1 emailed" in output

    remind(deadline - timedelta(days=1, hours=23))  # the same moment again: a second run at once
    remind(deadline - timedelta(hours=2))  # later, still before the deadline
    remind(deadline + timedelta(hours=1))  # after it: the meeting page warns instead
    assert len(mail.outbox) == 1


def test_no_papers_deadline_reminder_once_the_pack_is_sent(partnership, people, meeting, alice):
    packs.pack_send(meeting=meeting, by=alice)
    mail.outbox.clear()
    remind(meeting.papers_deadline - timedelta(days=1))
    assert not [m for m in mail.outbox if m.subject.startswith("Papers due")]


# ---------------------------------------------------------------- meeting tomorrow


def test_meeting_tomorrow_goes_to_everyone_coming_in_their_format(partnership, people, meeting):
    alice, dana, bob = people
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=dana, reply="not_attending")
    prefs(bob, paper_format="large_print")
    packs_only = make_member(partnership).person
    prefs(packs_only, frequency="packs_only", contact_between_meetings=False)
    weekly = make_member(partnership).person
    prefs(weekly, frequency="weekly")
    by_post = make_member(partnership).person
    prefs(by_post, channels=["post"], paper_format="easy_read")
    no_reply_yet = make_member(partnership).person  # no preferences: emailed

    now = meeting.starts_at - timedelta(hours=20)
    remind(now)
    assert not to(dana)  # gave apologies
    assert not to(by_post)  # takes no email: the coordinator's list covers them
    # A weekly digest could come after the meeting: "meeting tomorrow" goes to weekly people on its own.
    [weekly_email] = to(weekly)
    assert weekly_email.subject == f"Tomorrow: {meeting.title}, 10:00"
    [bob_email] = to(bob)
    assert bob_email.subject == f"Tomorrow: {meeting.title}, 10:00"
    assert f"/meetings/{meeting.pk}/documents/pack/large_print/" in bob_email.body
    assert "large print" in bob_email.body
    [alice_email] = to(alice)
    assert f"/meetings/{meeting.pk}/documents/pack/standard/" in alice_email.body
    assert len(to(packs_only)) == 1 and len(to(no_reply_yet)) == 1
    assert not DigestItem.objects.filter(person=weekly).exists()

    count = len(mail.outbox)
    remind(now)
    remind(now + timedelta(hours=10))
    assert len(mail.outbox) == count  # nothing twice, the weekly person's "tomorrow" included
    assert not DigestItem.objects.filter(person=weekly).exists()


def test_a_cancelled_meeting_sends_no_reminder(partnership, people, meeting):
    meeting.status = meeting.Status.CANCELLED
    meeting.save()
    remind(meeting.starts_at - timedelta(hours=5))
    assert not mail.outbox


# ---------------------------------------------------------------- action points


def test_action_points_due_in_three_days_remind_their_owner_once(partnership, people, meeting):
    alice, dana, bob = people
    today = timezone.localdate()
    ap = make_action_point(meeting, owner_person=bob, due_in_days=5)
    make_action_point(meeting, owner_person=dana, due_in_days=30)  # not yet
    remind(at(today + timedelta(days=1), 9))
    assert not to(bob)  # due in 4 days

    remind(at(today + timedelta(days=2), 9))
    [email] = to(bob)
    assert email.subject.startswith(f"Action point {ap.reference} is due on")
    assert ap.text in email.body and "in 3 days" in email.body
    remind(at(today + timedelta(days=2), 9))
    remind(at(today + timedelta(days=4), 9))
    remind(at(today + timedelta(days=5), 8))  # due today: already reminded for this due date
    assert len(to(bob)) == 1 and not to(dana)

    # A new due date is a new reminder.
    ActionPoint.objects.filter(pk=ap.pk).update(due_on=today + timedelta(days=12))
    remind(at(today + timedelta(days=10), 9))
    assert len(to(bob)) == 2


def test_overdue_action_points_remind_once_a_week(partnership, people, meeting):
    alice, dana, bob = people
    today = timezone.localdate()
    ap = make_action_point(meeting, owner_person=bob, due_in_days=-2)
    done = make_action_point(meeting, owner_person=bob, due_in_days=-2)
    done.status = ActionPoint.Status.DONE
    done.save()

    remind(at(today, 9))
    [email] = to(bob)
    assert email.subject == f"Action point {ap.reference} is overdue"
    assert "2 days ago" in email.body
    for days in (0, 1, 3, 5):
        remind(at(today + timedelta(days=days), 15))
    assert len(to(bob)) == 1
    remind(at(today + timedelta(days=6), 9))  # 8 days overdue: the second week
    assert len(to(bob)) == 2
    remind(at(today + timedelta(days=7), 9))
    assert len(to(bob)) == 2


def test_group_action_points_go_to_the_groups_members(partnership, people, meeting):
    alice, dana, bob = people
    group = make_group(partnership)
    one = make_member(partnership, group=group).person
    two = make_member(partnership, group=group).person
    observer = make_member(partnership, group=group, role=Role.OBSERVER).person
    quiet = make_member(partnership, group=group).person
    prefs(quiet, contact_between_meetings=False)
    packs_only = make_member(partnership, group=group).person
    prefs(packs_only, frequency="packs_only")
    weekly = make_member(partnership, group=group).person
    prefs(weekly, frequency="weekly")
    make_action_point(meeting, owner_group=group, due_in_days=1)

    remind(timezone.now())
    assert len(to(one)) == 1 and len(to(two)) == 1
    assert "your group" in to(one)[0].body
    assert not to(observer) and not to(quiet) and not to(packs_only) and not to(weekly)
    assert DigestItem.objects.filter(person=weekly).count() == 1
    assert not DigestItem.objects.filter(person__in=[quiet, packs_only]).exists()


# ---------------------------------------------------------------- minutes out for comment


def test_minutes_out_for_comment_remind_those_who_have_not_commented_once(partnership, people, past_meeting):
    alice, dana, bob = people
    packs_only = make_member(partnership).person
    prefs(packs_only, frequency="packs_only")
    minutes = make_minutes(past_meeting, by=alice)
    minutes_send(minutes=minutes, by=alice, minutes_url="https://cp.example.org/minutes/")
    Correction.objects.create(partnership=partnership, minutes=minutes, text="Spelling", author=dana)
    mail.outbox.clear()
    sent = Minutes.objects.get(pk=minutes.pk).sent_for_comment_at

    remind(sent + timedelta(days=2))
    assert not mail.outbox
    remind(sent + timedelta(days=3, minutes=5))
    assert {m.to[0] for m in mail.outbox} == {alice.email, bob.email}
    assert mail.outbox[0].subject == f"Reminder: check the minutes of {past_meeting.title}"
    remind(sent + timedelta(days=3, minutes=5))
    remind(sent + timedelta(days=9))
    assert len(mail.outbox) == 2


# ---------------------------------------------------------------- the weekly digest


def _next(weekday: int, after=None):
    day = (after or timezone.localdate()) + timedelta(days=1)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def test_digest_people_get_one_digest_instead_of_each_reminder(partnership, people, meeting, alice):
    peter = make_member(partnership).person
    prefs(peter, frequency="weekly", support_person_email="helper@example.org")
    meeting_day = timezone.localtime(meeting.starts_at).date()
    ap = make_action_point(meeting, owner_person=peter, due_in_days=(meeting_day - timezone.localdate()).days)
    packs.pack_send(meeting=meeting, by=alice)
    mail.outbox.clear()

    remind(meeting.starts_at - timedelta(hours=20))  # the meeting is tomorrow; the action point due then
    [tomorrow] = to(peter)  # only "meeting tomorrow" comes on its own: a digest could be too late for it
    assert tomorrow.subject.startswith("Tomorrow:")
    mail.outbox.clear()
    assert DigestItem.objects.filter(person=peter, sent_at__isnull=True).count() == 2
    ActionPoint.objects.filter(pk=ap.pk).update(status=ActionPoint.Status.DONE)
    monday = _next(0, after=meeting_day)
    remind(at(monday - timedelta(days=1), 9))  # Sunday: the digest waits for Monday
    assert not to(peter)

    output = remind(at(monday, 9))
    [digest] = to(peter)
    assert digest.subject == "Your weekly digest: 2 things to know"
    assert digest.cc == ["helper@example.org"]
    assert f"The meeting pack for {meeting.title}" in digest.body
    assert "https://cp.example.org/p/" in digest.body
    assert "Weekly digests: 1 emailed" in output
    html = digest.alternatives[0][0]
    for line in ("The meeting pack for", "is due on"):
        assert line in digest.body and line in html
    assert not DigestItem.objects.filter(person=peter, sent_at__isnull=True).exists()

    remind(at(monday, 9))
    remind(at(monday, 18))
    assert len(to(peter)) == 1

    # Next week's digest has only what is new.
    DigestItem.objects.create(
        partnership=partnership, person=peter, text="Something new", created_at=at(monday, 12)
    )
    remind(at(monday + timedelta(days=3), 9))
    assert len(to(peter)) == 1
    remind(at(monday + timedelta(days=7), 8, 30))
    assert len(to(peter)) == 2
    assert "Something new" in to(peter)[1].body and meeting.title not in to(peter)[1].body
    assert to(peter)[1].subject == "Your weekly digest: 1 thing to know"


def test_a_digest_goes_when_seven_days_have_passed_since_the_last(partnership, alice):
    prefs(alice, frequency="weekly")
    wednesday = _next(2)
    SentReminder.objects.create(kind="digest", key="last", person=alice, sent_at=at(wednesday, 10))
    DigestItem.objects.create(
        partnership=partnership, person=alice, text="News", created_at=at(wednesday, 11)
    )
    remind(at(wednesday + timedelta(days=6), 12))  # Tuesday: 6 days
    assert not mail.outbox
    remind(at(wednesday + timedelta(days=7), 10, 30))  # Wednesday: 7 days
    assert len(to(alice)) == 1


def test_nothing_is_emailed_to_someone_without_email(partnership, alice):
    prefs(alice, channels=["post"], frequency="weekly")
    DigestItem.objects.create(partnership=partnership, person=alice, text="News", created_at=timezone.now())
    remind(at(_next(0), 9))
    assert not mail.outbox
    assert DigestItem.objects.get(person=alice).sent_at is None


# ---------------------------------------------------------------- running it safely


def test_a_refused_email_is_tried_again_on_the_next_run(partnership, people, meeting, settings):
    alice, dana, bob = people
    make_action_point(meeting, owner_person=bob, due_in_days=1)
    settings.EMAIL_BACKEND = "tests.meetings.test_reminders.RefusingBackend"
    remind(timezone.now())
    assert not SentReminder.objects.filter(person=bob).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    remind(timezone.now())
    assert len(to(bob)) == 1


def test_a_reminder_claimed_by_another_run_is_not_sent_again(partnership, people, meeting):
    alice, dana, bob = people
    ap = make_action_point(meeting, owner_person=bob, due_in_days=1)
    # Another run got there first (committed its claim while this one was looking).
    SentReminder.objects.create(
        kind="action_due", key=f"action:{ap.pk}:due:{ap.due_on.isoformat()}", person=bob
    )
    remind(timezone.now())
    assert not to(bob)
    assert packs.claim(kind="x", key="y", person=bob) is not None
    assert packs.claim(kind="x", key="y", person=bob) is None


def test_the_command_explains_a_bad_now():
    with pytest.raises(CommandError, match="date and time such as 2026-03-02T09:00"):
        call_command("send_reminders", "--now", "next tuesday")


@pytest.mark.django_db
def test_the_command_says_when_nothing_was_due():
    assert "Nothing was due." in remind(timezone.now())


def test_a_time_without_a_zone_is_read_in_the_sites_time_zone(partnership, people, meeting):
    alice, dana, bob = people
    make_action_point(meeting, owner_person=bob, due_in_days=1)
    naive = timezone.localtime().replace(tzinfo=None)
    call_command("send_reminders", "--now", naive.isoformat(timespec="minutes"), stdout=None)
    assert len(to(bob)) == 1
    assert not PackDelivery.objects.exists()


def test_a_second_run_with_nothing_new_does_not_try_to_send_again(partnership, people, meeting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    now = meeting.starts_at - timedelta(hours=20)
    remind(now)
    sent = len(mail.outbox)
    assert sent  # the first run sent the meeting-tomorrow reminders
    with CaptureQueriesContext(connection) as queries:
        remind(now)
    assert len(mail.outbox) == sent
    # It knows from one look at what was sent, rather than trying each insert and failing.
    assert not [q for q in queries if q["sql"].startswith("INSERT")]


def test_the_papers_reminder_comes_earlier_for_someone_who_needs_extra_time_to_read(
    partnership, people, meeting
):
    alice, dana, bob = people
    make_need(bob, "extra_reading_time", days=5)
    deadline = meeting.papers_deadline - timedelta(days=5)
    remind(deadline - timedelta(days=3))
    assert not mail.outbox
    remind(deadline - timedelta(days=1, hours=23))
    [email] = mail.outbox
    local = timezone.localtime(deadline)
    assert email.subject == f"Papers due {local:%A} {local.day} {local:%B}: {meeting.title}"
