"""The record stays the record: once a meeting's minutes are approved, nobody (coordinators included) can add
to or change its agenda, decisions, action points' meeting record, notes, presence or minutes, through any
page or service, until a coordinator unlocks the minutes and says why. An action point's progress after the
meeting (done, a new owner, a new due date) is the action log, not the record, and still moves."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings.models import (
    ActionPoint,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingNote,
    MinuteEntry,
    PartnerView,
)
from meetings.services import actions, agenda, run
from meetings.services.meetings import meeting_update, presence_record
from meetings.services.minutes import minutes_approve
from meetings.services.record import RECORD_LOCKED_MESSAGE, meeting_is_locked, require_unlocked
from tests.factories import make_minutes


@pytest.fixture
def approved(partnership, alice, bob, meeting, past_meeting):
    """Last month's meeting, run and recorded, its minutes approved at the next meeting. It is still marked
    as running, so the Run meeting buttons reach the lock rather than "not started"."""
    item = past_meeting.agenda_items.exclude(purpose="break").order_by("position").first()
    run.meeting_start(meeting=past_meeting, chair=alice)
    run.note_add(meeting=past_meeting, author=alice, text="Fi checks the hearing loop")
    decision = actions.decision_record(
        meeting=past_meeting,
        agenda_item=item,
        text="We meet at the library.",
        how="consensus",
        recorded_by=alice,
    )
    action = actions.action_point_record(
        meeting=past_meeting,
        agenda_item=item,
        text="Book the library",
        owner_person=bob,
        owner_group=None,
        due_on=timezone.localdate() + timedelta(days=14),
        created_by=alice,
    )
    presence_record(meeting=past_meeting, present_person_ids={alice.pk, bob.pk})
    minutes = make_minutes(past_meeting, by=alice)
    minutes_approve(minutes=minutes, at_meeting=meeting, by=alice)
    past_meeting.refresh_from_db()
    return SimpleNamespace(meeting=past_meeting, item=item, decision=decision, action=action, minutes=minutes)


def _record(meeting: Meeting) -> tuple:
    """Everything that is the meeting's record."""
    return (
        list(
            AgendaItem.objects.filter(meeting=meeting)
            .order_by("position", "pk")
            .values_list(
                "pk", "title", "position", "duration_minutes", "description", "started_at", "ended_at"
            )
        ),
        list(Decision.objects.filter(meeting=meeting).values_list("pk", "text", "how", "agenda_item_id")),
        list(ActionPoint.objects.filter(meeting=meeting).values_list("pk", "text", "agenda_item_id")),
        list(MeetingNote.objects.filter(meeting=meeting).values_list("pk", "text", "agenda_item_id")),
        list(Attendance.objects.filter(meeting=meeting).order_by("pk").values_list("person_id", "present")),
        list(
            MinuteEntry.objects.filter(minutes__meeting=meeting)
            .order_by("pk")
            .values_list("agenda_item_id", "text")
        ),
        list(PartnerView.objects.filter(minutes__meeting=meeting).values_list("pk", "words")),
        Meeting.objects.filter(pk=meeting.pk)
        .values_list("title", "starts_at", "status", "run_started_at", "run_ended_at", "current_item_id")
        .get(),
    )


def _url(name: str, meeting: Meeting, **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, **kwargs})


# ---------------------------------------------------------------- the one rule


def test_approving_the_minutes_locks_the_meeting_and_unlocking_opens_it(approved, alice_client):
    assert meeting_is_locked(approved.meeting)
    with pytest.raises(ValidationError) as error:
        require_unlocked(approved.meeting)
    assert error.value.messages == [RECORD_LOCKED_MESSAGE]

    response = alice_client.post(
        _url("minutes_unlock", approved.meeting), {"reason": "Fi's name was spelt wrongly"}, follow=True
    )
    assert "The minutes are unlocked" in response.content.decode()
    assert not meeting_is_locked(approved.meeting.pk)
    item = agenda.item_add(meeting=approved.meeting, title="Late item", duration_minutes=5)
    assert item.title == "Late item"


# ---------------------------------------------------------------- every service refuses


def _first_open_item(a) -> AgendaItem:
    return AgendaItem.objects.filter(meeting=a.meeting).order_by("position").last()


SERVICE_WRITES = {
    "agenda: add an item": lambda a, alice: agenda.item_add(
        meeting=a.meeting, title="Added afterwards", duration_minutes=5
    ),
    "agenda: change an item": lambda a, alice: agenda.item_save(
        item=AgendaItem(pk=a.item.pk, meeting=a.meeting, partnership_id=a.meeting.partnership_id, title="New")
    ),
    "agenda: remove an item": lambda a, alice: agenda.item_remove(item=_first_open_item(a)),
    "agenda: move an item": lambda a, alice: agenda.item_move(item=_first_open_item(a), direction="up"),
    "agenda: add breaks": lambda a, alice: agenda.breaks_propose(meeting=a.meeting),
    "agenda: standing items copied in": lambda a, alice: agenda.agenda_start(meeting=a.meeting),
    "record a decision": lambda a, alice: actions.decision_record(
        meeting=a.meeting, agenda_item=None, text="Another", how="consensus", recorded_by=alice
    ),
    "change a decision": lambda a, alice: actions.decision_edit(
        decision=a.decision, agenda_item=None, text="Other words", how="consensus", by=alice
    ),
    "record an action point": lambda a, alice: actions.action_point_record(
        meeting=a.meeting,
        agenda_item=None,
        text="Another job",
        owner_person=alice,
        owner_group=None,
        due_on=timezone.localdate() + timedelta(days=7),
        created_by=alice,
    ),
    "change an action point's words": lambda a, alice: actions.action_point_edit(
        action_point=a.action,
        agenda_item=a.item,
        text="Book the town hall",
        owner_person=a.action.owner_person,
        owner_group=None,
        due_on=a.action.due_on,
    ),
    "move an action point to another item": lambda a, alice: actions.action_point_edit(
        action_point=a.action,
        agenda_item=None,
        text=a.action.text,
        owner_person=a.action.owner_person,
        owner_group=None,
        due_on=a.action.due_on,
    ),
    "run: start": lambda a, alice: run.meeting_start(meeting=a.meeting, chair=alice),
    "run: next item": lambda a, alice: run.item_next(
        meeting=a.meeting, chair=alice, expected_item_id=a.meeting.current_item_id
    ),
    "run: end": lambda a, alice: run.meeting_end(
        meeting=a.meeting, chair=alice, expected_item_id=a.meeting.current_item_id
    ),
    "run: add a note": lambda a, alice: run.note_add(meeting=a.meeting, author=alice, text="Afterthought"),
    "who was present": lambda a, alice: presence_record(meeting=a.meeting, present_person_ids=set()),
    "change the meeting": lambda a, alice: meeting_update(meeting=a.meeting, title="Renamed"),
}


@pytest.mark.parametrize("write", SERVICE_WRITES.values(), ids=SERVICE_WRITES.keys())
def test_every_service_write_to_an_approved_meeting_is_refused(write, approved, alice):
    before = _record(approved.meeting)
    with pytest.raises(ValidationError) as error:
        write(approved, alice)
    assert "approved and locked" in " ".join(error.value.messages)
    assert _record(approved.meeting) == before


# ---------------------------------------------------------------- every page refuses, even to a coordinator


def _page_writes(a) -> list[tuple[str, str, dict]]:
    m, item = a.meeting, a.item
    last = AgendaItem.objects.filter(meeting=m).order_by("position").last()
    slug = m.partnership.slug
    return [
        (
            "add an agenda item",
            _url("item_add", m),
            {"title": "Late", "purpose": "discussion", "duration_minutes": 5},
        ),
        (
            "change an agenda item",
            _url("item_edit", m, item_pk=item.pk),
            {"title": "Changed", "purpose": "discussion", "duration_minutes": 5},
        ),
        ("remove an agenda item", _url("item_delete", m, item_pk=last.pk), {}),
        ("move an agenda item", _url("item_move", m, item_pk=last.pk), {"direction": "up"}),
        ("add breaks", _url("breaks_add", m), {}),
        ("record a decision", _url("decision_add", m), {"text": "More", "how": "consensus"}),
        ("record an action point", _url("action_point_add", m), {"text": "More", "owner": "", "due_on": ""}),
        (
            "change a decision",
            reverse("meetings:decision_edit", kwargs={"slug": slug, "pk": a.decision.pk}),
            {"text": "Other words", "how": "consensus"},
        ),
        ("run: start", _url("run_start", m), {}),
        ("run: next item", _url("run_item_next", m), {"current": m.current_item_id}),
        ("run: end", _url("run_end", m), {"current": m.current_item_id}),
        ("run: add a note", _url("run_note_add", m), {"text": "Afterthought"}),
        ("run: who is here", _url("run_presence", m), {"present": []}),
        ("who was present", _url("meeting_presence", m), {"people": []}),
        ("minutes: write", _url("minutes_edit", m), {"revision": a.minutes.revision}),
        ("minutes: add a view", _url("partner_view_add", m), {"agenda_item": item.pk, "words": "Late view"}),
        ("change the meeting", _url("meeting_edit", m), {"title": "Renamed"}),
        ("cancel the meeting", _url("meeting_cancel", m), {"reason": "Never mind"}),
    ]


def test_no_page_changes_an_approved_meeting_even_for_a_coordinator(approved, alice_client):
    before = _record(approved.meeting)
    for what, url, data in _page_writes(approved):
        response = alice_client.post(url, data, follow=True)
        assert response.status_code == 200, what
        body = response.content.decode()
        assert "approved and locked" in body, what
        assert _record(approved.meeting) == before, what


def test_forms_say_so_before_anyone_types(approved, alice_client):
    for name, kwargs, field in [
        ("item_add", {}, "title"),
        ("item_edit", {"item_pk": approved.item.pk}, "title"),
        ("decision_add", {}, "text"),
        ("action_point_add", {}, "text"),
        ("meeting_presence", {}, "people"),
    ]:
        body = alice_client.get(_url(name, approved.meeting, **kwargs)).content.decode()
        assert "approved and locked" in body, name
        assert f'name="{field}"' not in body, name


def test_the_bug_a_member_cannot_add_an_item_to_approved_minutes(approved, bob_client):
    response = bob_client.post(
        _url("item_add", approved.meeting),
        {"title": "Sneaked in", "purpose": "discussion", "duration_minutes": 5},
    )
    assert response.status_code == 403
    assert not AgendaItem.objects.filter(title="Sneaked in").exists()
    assert "Sneaked in" not in bob_client.get(_url("minutes", approved.meeting)).content.decode()


def test_the_agenda_and_run_pages_offer_no_changes_once_approved(approved, alice_client):
    page = alice_client.get(_url("agenda", approved.meeting)).content.decode()
    assert "this agenda is the record and can no longer change" in page
    assert "Add an item" not in page and "Move up" not in page and "Remove<span" not in page
    page = alice_client.get(_url("run", approved.meeting)).content.decode()
    assert "what happened at it is the record" in page
    assert (
        "Start next item" not in page and "Record a decision" not in page and "Save who is here" not in page
    )


# ---------------------------------------------------------------- the action log still moves


def test_an_action_points_progress_still_moves_after_approval(approved, alice, bob_client, partnership):
    action = approved.action
    detail = reverse("meetings:action_detail", kwargs={"slug": partnership.slug, "pk": action.pk})
    response = bob_client.post(detail, {"status": "done", "close_reason": "Booked for March"}, follow=True)
    assert "is now done" in response.content.decode()
    later = timezone.localdate() + timedelta(days=30)
    actions.action_point_edit(
        action_point=action,
        agenda_item=approved.item,
        text=action.text,
        owner_person=alice,
        owner_group=None,
        due_on=later,
        easy_read_text="We book the library.",
    )
    action.refresh_from_db()
    assert (action.status, action.owner_person_id, action.due_on) == ("done", alice.pk, later)
    assert (action.text, action.agenda_item_id) == ("Book the library", approved.item.pk)


def test_changing_an_action_points_words_after_approval_says_why_on_the_page(
    approved, alice_client, partnership
):
    action = approved.action
    url = reverse("meetings:action_edit", kwargs={"slug": partnership.slug, "pk": action.pk})
    response = alice_client.post(
        url,
        {
            "agenda_item": approved.item.pk,
            "text": "Book the town hall",
            "owner": f"person-{action.owner_person_id}",
            "due_on_0": action.due_on.day,
            "due_on_1": action.due_on.month,
            "due_on_2": action.due_on.year,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "what it says and the agenda item it came from cannot change" in body
    assert "Book the town hall" in body  # nothing typed is lost
    action.refresh_from_db()
    assert action.text == "Book the library"


def test_an_approved_decision_offers_no_change(approved, alice_client, partnership):
    url = reverse("meetings:decision_detail", kwargs={"slug": partnership.slug, "pk": approved.decision.pk})
    page = alice_client.get(url).content.decode()
    assert "its words are the record and can no longer change" in page
    assert "Change this decision" not in page


def test_the_meeting_page_offers_no_changes_once_approved(approved, alice_client):
    page = alice_client.get(_url("meeting_detail", approved.meeting)).content.decode()
    assert "record is locked" in page
    for name in ("meeting_edit", "meeting_presence", "run"):
        assert _url(name, approved.meeting) not in page, name


def test_a_paper_cannot_be_added_to_an_approved_meeting(approved, alice_client):
    from meetings.models import Paper
    from tests.factories import make_upload

    url = _url("paper_add", approved.meeting)
    upload = make_upload("late.txt", b"A paper that came too late.", "text/plain")
    data = {"title": "Late paper", "agenda_item": approved.item.pk, "format": "standard", "file": upload}
    once = re.search(r'name="once" value="(\w+)"', alice_client.get(url).content.decode())[1]
    page = alice_client.post(url, {**data, "once": once}).content.decode()
    assert "approved and locked" in page
    assert not Paper.objects.filter(title="Late paper").exists()


def test_who_chaired_and_who_was_invited_stay_as_approved(approved, alice_client, bob):
    from meetings.models import MeetingRole

    before_roles = list(MeetingRole.objects.filter(meeting=approved.meeting).values_list("person", "role"))
    before_invited = list(
        Attendance.objects.filter(meeting=approved.meeting).values_list("person", "excluded")
    )
    roles = alice_client.post(_url("meeting_roles", approved.meeting), {"chairs": [bob.pk]})
    invited = alice_client.post(
        _url("meeting_invitations", approved.meeting), {"people": [], "listed": bob.pk}
    )
    for response in (roles, invited):
        assert response.status_code == 200
        assert "approved and locked" in response.content.decode()
    assert (
        list(MeetingRole.objects.filter(meeting=approved.meeting).values_list("person", "role"))
        == before_roles
    )
    assert (
        list(Attendance.objects.filter(meeting=approved.meeting).values_list("person", "excluded"))
        == before_invited
    )


def test_an_approved_meetings_paper_is_not_replaced_but_may_get_a_large_print_version(
    approved, partnership, alice, settings, tmp_path
):
    from meetings.services.papers import paper_version_add
    from meetings.uploads import check_paper
    from tests.factories import make_paper, make_pdf_bytes, make_upload

    settings.MEDIA_ROOT = tmp_path
    approved.minutes.locked = False
    approved.minutes.save(update_fields=["locked"])
    paper = make_paper(partnership, meeting=approved.meeting, agenda_item=approved.item, uploaded_by=alice)
    approved.minutes.locked = True
    approved.minutes.save(update_fields=["locked"])

    def version(fmt: str):
        checked = check_paper(make_upload("v.pdf", make_pdf_bytes()))
        return paper_version_add(paper=paper, format=fmt, checked=checked, uploaded_by=alice)

    with pytest.raises(ValidationError, match="approved and locked"):
        version("standard")
    assert version("large_print").number == 1


def test_the_print_and_post_list_of_an_approved_meeting_is_not_ticked(approved, alice, partnership):
    from meetings.models import PackDelivery
    from meetings.services.packs import delivery_tick

    delivery = PackDelivery.objects.create(
        partnership=partnership,
        meeting=approved.meeting,
        person=alice,
        variant="large_print",
        paper_format="large_print",
        channel="post",
    )
    with pytest.raises(ValidationError, match="approved and locked"):
        delivery_tick(meeting=approved.meeting, delivery_pk=delivery.pk, what="posted", by=alice)
    delivery.refresh_from_db()
    assert delivery.done_at is None
