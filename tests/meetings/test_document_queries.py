"""A meeting's documents ask the database a fixed, small number of times, whatever the partnership holds, and
the shortcuts that make them so give the same answers as the long way round: the people of a meeting read in
one query, the latest easy read check and unfinished print jobs read with the meeting, and a PDF made while a
partnership's printed files are forgotten (someone deleted their account) forgotten again once made."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduction import printing
from meetings.models import AgendaItem, Attendance, EasyReadCheck, MeetingRole, PrintJob
from meetings.services import documents
from meetings.services.meetings import invited_people
from partners.models import Role
from tests.factories import (
    make_action_point,
    make_decision,
    make_meeting,
    make_member,
    make_minutes,
    make_paper,
    make_user,
)

VARIANTS = ("standard", "large_print", "easy_read")
BUDGET = 12
# The meeting pack is the whole meeting in one document: the front page with the access arrangements, the
# agenda, the papers, the last meeting's minutes with their views, decisions and action points, and (easy
# read) the glossary. Each of those is a kind of record read once; none is read per row. Within the budget,
# but for the easy read pack's glossary.
PACK_BUDGET = BUDGET
EASY_READ_PACK_BUDGET = BUDGET + 1


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _url(name: str, meeting, document: str, variant: str) -> str:
    return reverse(
        name,
        kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, "document": document, "variant": variant},
    )


def _queries(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def _grow(partnership, meeting, alice, bob, count: int) -> None:
    """`count` more of everything the documents show: agenda items with papers, earlier decisions and action
    points, people with replies."""
    for n in range(count):
        item = AgendaItem.objects.create(
            partnership=partnership,
            meeting=meeting,
            position=100 + n,
            title=f"Topic {n}",
            duration_minutes=5,
            lead=bob,
            easy_read_text=f"We talk about topic {n}.",
        )
        make_paper(partnership, meeting=meeting, agenda_item=item, title=f"Paper {n}", uploaded_by=alice)
        person = make_user()
        make_member(partnership, person)
        Attendance.objects.create(partnership=partnership, meeting=meeting, person=person, reply="attending")


@pytest.fixture
def meetings(partnership, alice, bob, dana):
    """A held meeting with minutes, decisions and action points, and the next meeting, whose pack looks back
    to it."""
    last = make_meeting(partnership, days_ahead=-20, created_by=alice, title="Last time")
    make_minutes(last, by=alice)
    make_decision(last, text="We meet monthly.")
    make_action_point(last, text="Book the room.", owner_person=bob)
    MeetingRole.objects.create(partnership=partnership, meeting=last, person=dana, role="chair")
    meeting = make_meeting(partnership, days_ahead=20, created_by=alice, title="Next time")
    MeetingRole.objects.create(partnership=partnership, meeting=meeting, person=dana, role="chair")
    return last, meeting


# ---------------------------------------------------------------- pages within budget, flat as data grows


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("document", ["pack", "agenda", "minutes"])
def test_each_document_page_asks_a_fixed_number_of_queries_as_the_meeting_grows(
    partnership, alice, bob, meetings, document, variant
):
    last, meeting = meetings
    shown = last if document == "minutes" else meeting
    client = _client(bob)
    url = _url("meetings:document_web", shown, document, variant)
    status, small = _queries(client, url)
    assert status == 200
    _grow(partnership, shown, alice, bob, 15)
    status, grown = _queries(client, url)
    assert status == 200
    assert small == grown, (small, grown)
    budget = BUDGET
    if document == "pack":
        budget = EASY_READ_PACK_BUDGET if variant == "easy_read" else PACK_BUDGET
    assert grown <= budget, grown


@pytest.mark.parametrize("variant", ["standard", "easy_read"])
def test_a_pdf_asks_no_more_when_it_is_made_than_when_it_was_kept(partnership, alice, bob, meetings, variant):
    """Made while the person waits (no job unfinished, no papers to append) or served as kept: the same
    count, within the budget, so a page's count does not depend on whether someone asked before."""
    _, meeting = meetings
    client = _client(bob)
    url = _url("meetings:document_pdf", meeting, "agenda", variant)
    before = printing.renders["document"]
    made = _queries(client, url)
    after_making = printing.renders["document"]
    assert after_making > before  # it was made now
    kept = _queries(client, url)
    assert printing.renders["document"] == after_making  # and served as kept
    assert made == kept, (made, kept)
    assert made[0] == 200 and made[1] <= BUDGET


def test_the_action_log_pages_ask_a_fixed_number_of_queries(partnership, alice, bob, meetings):
    client = _client(bob)
    urls = [
        reverse(name, kwargs={"slug": partnership.slug, "variant": variant})
        for name in ("meetings:action_log_web", "meetings:action_log_pdf")
        for variant in VARIANTS
    ]
    small = [_queries(client, url) for url in urls]
    last, _ = meetings
    for n in range(10):
        make_action_point(last, text=f"Action {n}.", owner_person=bob)
    grown = [_queries(client, url) for url in urls]
    assert small == grown
    assert all(status == 200 and count <= BUDGET for status, count in grown), grown


# ---------------------------------------------------------------- the shortcuts give the same answers


def test_the_people_of_a_meeting_in_one_query_are_who_the_long_way_finds(partnership, alice, bob, dana):
    meeting = make_meeting(partnership, created_by=alice)
    # Bob is not invited; Eve sent apologies; a visiting expert comes only when invited; Fred left the
    # partnership but still has a role at the meeting; Dana chairs and takes the minutes.
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=bob, excluded=True)
    eve = make_user("eve@example.org", full_name="Eve Apologies")
    make_member(partnership, eve)
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=eve, reply="not_attending")
    asked, not_asked = make_user(full_name="Vera Visiting"), make_user(full_name="Vic Visiting")
    make_member(partnership, asked, role=Role.VISITING_EXPERT)
    make_member(partnership, not_asked, role=Role.VISITING_EXPERT)
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=asked)
    fred = make_user(full_name="Fred Former")
    make_member(partnership, fred, left_on=timezone.localdate() - timedelta(days=3))
    for person, role in ((dana, "chair"), (dana, "minute_taker"), (fred, "chair")):
        MeetingRole.objects.create(partnership=partnership, meeting=meeting, person=person, role=role)

    with CaptureQueriesContext(connection) as queries:
        people = documents.meeting_people(meeting)
    assert len(queries) == 1

    def shape(invited):
        return [(p.pk, a.pk if a else None, a.reply if a else None) for p, a in invited]

    assert shape(people.invited) == shape(invited_people(meeting))
    assert bob not in [p for p, _ in people.invited] and asked in [p for p, _ in people.invited]
    assert not_asked not in [p for p, _ in people.invited] and fred not in [p for p, _ in people.invited]
    assert people.contact == documents.meeting_contact(meeting) and people.contact.name == alice.display_name
    roles = list(MeetingRole.objects.filter(meeting=meeting).select_related("person"))
    assert people.chairs == [r.person.display_name for r in roles if r.role == "chair"]
    assert people.chairs == [dana.display_name, fred.display_name]
    assert people.minute_takers == [dana.display_name]


def test_the_pack_looks_back_to_the_same_meetings_and_rows_as_before(partnership, alice, bob, meetings):
    """The previous meeting (whose decisions since are the pack's) and the last one held (whose minutes are
    the pack's) come in one query; a cancelled or unheld meeting between them is told apart."""
    from meetings.services.easy_read import decisions_since_last_meeting, previous_meeting

    last, meeting = meetings
    between = make_meeting(partnership, days_ahead=-5, created_by=alice, title="Not held yet")
    make_decision(between, text="Decided in between.")
    with CaptureQueriesContext(connection) as queries:
        earlier = documents.earlier_meetings(meeting)
    assert len(queries) == 1
    assert earlier.previous == previous_meeting(meeting) == between
    assert earlier.last == documents.last_meeting(meeting) == last
    since, of_last = documents.pack_decisions(meeting, earlier)
    assert since == list(decisions_since_last_meeting(meeting, between))
    assert [d.text for d in of_last] == ["We meet monthly."]
    # With no meeting between, the last meeting's decisions are the ones since it too.
    earlier = documents.earlier_meetings(between)
    since, of_last = documents.pack_decisions(between, earlier)
    assert since == of_last == list(decisions_since_last_meeting(between))


def test_the_pack_carries_forward_the_same_action_points_as_the_agenda(partnership, alice, bob, meetings):
    from meetings.services.actions import open_action_points_before

    last, meeting = meetings
    done = make_action_point(last, text="Send the notes.", owner_person=bob)
    done.status = "done"
    done.save()
    older = make_meeting(partnership, days_ahead=-40, created_by=alice)
    overdue = timezone.localdate() - timedelta(days=1)
    make_action_point(older, text="Still to do.", owner_person=bob, due_on=overdue)
    carried, of_last = documents.pack_action_points(meeting, last)
    assert carried == list(open_action_points_before(meeting))
    assert [a.text for a in carried] == ["Still to do.", "Book the room."]  # overdue first
    assert [a.text for a in of_last] == ["Book the room.", "Send the notes."]  # by number


def test_the_easy_read_agenda_is_ready_only_once_checked_whichever_way_the_check_is_read(
    partnership, alice, bob, meetings
):
    _, meeting = meetings
    AgendaItem.objects.filter(meeting=meeting).update(easy_read_text="We talk.")
    client = _client(bob)
    url = _url("meetings:document_web", meeting, "agenda", "easy_read")
    assert documents.document_context(meeting, "agenda", "easy_read")["easy"].ready is False
    assert "People who use easy read have not checked it yet." in client.get(url).content.decode()
    EasyReadCheck.objects.create(partnership=partnership, meeting=meeting, checked_by="The Tuesday group")
    assert documents.document_context(meeting, "agenda", "easy_read")["easy"].ready is True
    page = client.get(url).content.decode()
    assert "People who use easy read checked this." in page and "not ready" not in page.lower()


def test_a_person_waiting_is_told_the_pdf_is_being_made_when_a_job_for_it_is_unfinished(
    partnership, alice, bob, meetings
):
    _, meeting = meetings
    client = _client(bob)
    url = _url("meetings:document_pdf", meeting, "agenda", "standard")
    made = client.get(url)
    assert made.status_code == 200
    # The agenda changes, and a job for its new version is already running elsewhere.
    AgendaItem.objects.filter(meeting=meeting).update(title="Changed")
    context = documents.document_context(meeting, "agenda", "standard")
    html = printing._html(
        template=documents.TEMPLATES["agenda"],
        context=context,
        variant="standard",
        title=context["title"],
        medium="print",
    )
    PrintJob.objects.create(
        key=printing._key("standard", html, []),
        partnership=partnership,
        meeting=meeting,
        document="agenda",
        variant="standard",
        status=PrintJob.Status.RUNNING,
        changed_at=timezone.now(),
    )
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert "being prepared" in waiting.content.decode()


# ---------------------------------------------------------------- forgetting while a PDF is made


def test_a_pdf_made_while_the_partnerships_files_are_forgotten_is_forgotten_too(
    partnership, alice, bob, meetings, monkeypatch
):
    """Someone deletes their account while a person waits for a PDF that may already have read their name:
    the deletion forgets the partnership's files (before this one was kept), so this one is forgotten once
    made, without asking the database."""
    _, meeting = meetings
    real = documents.meeting_document_parts

    def forgotten_meanwhile(*args, **kwargs):
        printed = real(*args, **kwargs)
        printing.forget_printed(partnership_ids=[partnership.pk])  # what the deletion does once committed
        return printed

    monkeypatch.setattr(documents, "meeting_document_parts", forgotten_meanwhile)
    response = _client(bob).get(_url("meetings:document_pdf", meeting, "agenda", "standard"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not [item for item in printing._kept() if (item.about or {}).get("partnership") == partnership.pk]


def test_a_pdf_made_in_peace_is_kept(partnership, alice, bob, meetings, other_partnership):
    _, meeting = meetings
    printing.forget_printed(partnership_ids=[other_partnership.pk])  # another partnership's: not ours
    response = _client(bob).get(_url("meetings:document_pdf", meeting, "agenda", "standard"))
    assert response.status_code == 200
    assert [item for item in printing._kept() if (item.about or {}).get("partnership") == partnership.pk]


def test_forgetting_is_noted_for_that_partnership_or_everyone(partnership, other_partnership):
    started = timezone.now()
    assert not printing.forgotten_since(partnership.pk, started)
    printing.forget_printed(partnership_ids=[other_partnership.pk])
    assert printing.forgotten_since(other_partnership.pk, started)
    assert not printing.forgotten_since(partnership.pk, started)
    # Long after: a forgetting that long ago is not news.
    assert not printing.forgotten_since(other_partnership.pk, started + timedelta(hours=1))
    printing.forget_printed()
    assert printing.forgotten_since(partnership.pk, started)


def test_a_picture_many_points_use_is_looked_up_once_a_page(partnership, alice, bob, meetings):
    """Each easy read point shows its picture; a partnership's own picture is read from the database, so
    a page asks once for each picture it shows, not once for each point that shows it."""
    from django.core.files.base import ContentFile

    from partners.models import Picture
    from tests.factories import make_image_bytes

    _, meeting = meetings
    picture = Picture.objects.create(partnership=partnership, name="Our room", alt_text="The meeting room")
    picture.image.save("room.png", ContentFile(make_image_bytes()))
    items = AgendaItem.objects.filter(meeting=meeting).exclude(purpose=AgendaItem.Purpose.BREAK)
    client = _client(bob)
    url = _url("meetings:document_web", meeting, "agenda", "easy_read")
    chosen = {"easy_read_text": "We talk.", "easy_read_picture": f"upload:{picture.pk}"}
    items.filter(pk=items.first().pk).update(**chosen)
    status, one = _queries(client, url)
    items.update(**chosen)
    status, every = _queries(client, url)
    assert items.count() >= 3 and status == 200
    assert one == every, (one, every)
    assert client.get(url).content.decode().count('alt="The meeting room"') == items.count()
