"""Action points: reference numbers, who may own one, recording, closing and reopening, the action log and
its filters, and the lists other pages use."""

import re
from datetime import timedelta
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone

from meetings.models import ActionPoint, MeetingRole
from meetings.services.actions import (
    DUE_IN_PAST,
    OWNER_REQUIRED,
    REASON_REQUIRED,
    action_point_edit,
    action_point_record,
    action_point_update,
    may_update_action_point,
    my_action_points,
    open_action_points_before,
)
from partners.models import Membership, Role
from tests.factories import make_action_point, make_group, make_meeting, make_member, make_user


def _today():
    return timezone.localdate()


def _record(meeting, person, **fields):
    fields.setdefault("agenda_item", None)
    fields.setdefault("text", "Ask the council about a hearing loop.")
    if "owner_person" not in fields and "owner_group" not in fields:
        fields["owner_person"] = person
    fields.setdefault("owner_person", None)
    fields.setdefault("owner_group", None)
    fields.setdefault("due_on", _today() + timedelta(days=14))
    return action_point_record(meeting=meeting, created_by=person, **fields)


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _in_group(partnership, person, group):
    Membership.objects.filter(partnership=partnership, person=person).update(group=group)


# ---------------------------------------------------------------- reference numbers


def test_references_count_up_restart_each_year_and_are_per_partnership(
    meeting, alice, other_partnership, charlie
):
    year = _today().year
    assert _record(meeting, alice).reference == f"A-{year}-001"
    assert _record(meeting, alice).reference == f"A-{year}-002"
    for number in range(1, 20):
        make_action_point(meeting, year=year - 1, number=number)
    assert _record(meeting, alice).reference == f"A-{year}-003"
    theirs = _record(make_meeting(other_partnership, created_by=charlie), charlie)
    assert theirs.reference == f"A-{year}-001"
    # A new year starts again at 1, whatever last year reached.
    ActionPoint.objects.filter(partnership=meeting.partnership, year=year).update(year=year - 2)
    assert _record(meeting, alice).reference == f"A-{year}-001"


# ---------------------------------------------------------------- owners and dates


def test_an_action_point_needs_exactly_one_owner(meeting, alice, partnership):
    group = make_group(partnership, "Riverside Council")
    with pytest.raises(ValidationError) as error:
        _record(meeting, alice, owner_person=None, owner_group=None)
    assert error.value.message_dict == {"owner": [OWNER_REQUIRED]}
    with pytest.raises(ValidationError) as error:
        _record(meeting, alice, owner_person=alice, owner_group=group)
    assert error.value.message_dict == {"owner": [OWNER_REQUIRED]}
    assert _record(meeting, alice, owner_person=None, owner_group=group).owner_name == "Riverside Council"
    assert ActionPoint.objects.count() == 1


def test_the_owner_must_belong_to_this_partnership(meeting, alice, charlie, other_partnership, partnership):
    with pytest.raises(ValidationError) as error:
        _record(meeting, alice, owner_person=charlie)
    assert "a partner in this partnership" in str(error.value)
    with pytest.raises(ValidationError) as error:
        _record(meeting, alice, owner_person=None, owner_group=make_group(other_partnership))
    assert "partner group from this partnership" in str(error.value)
    left = make_user()
    make_member(partnership, left, left_on=_today() - timedelta(days=1))
    expert = make_user()
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    for person in (left, expert):
        with pytest.raises(ValidationError):
            _record(meeting, alice, owner_person=person)
    assert not ActionPoint.objects.exists()


def test_a_new_action_point_cannot_be_due_in_the_past_but_a_change_can(meeting, alice):
    with pytest.raises(ValidationError) as error:
        _record(meeting, alice, due_on=_today() - timedelta(days=1))
    assert error.value.message_dict == {"due_on": [DUE_IN_PAST]}
    action_point = _record(meeting, alice, due_on=_today())
    action_point_edit(
        action_point=action_point,
        agenda_item=None,
        text=action_point.text,
        owner_person=alice,
        owner_group=None,
        due_on=_today() - timedelta(days=3),
    )
    action_point.refresh_from_db()
    assert action_point.due_on == _today() - timedelta(days=3)


def test_an_agenda_item_must_belong_to_the_meeting(meeting, past_meeting, alice):
    with pytest.raises(ValidationError) as error:
        _record(meeting, alice, agenda_item=past_meeting.agenda_items.first())
    assert "agenda_item" in error.value.message_dict
    assert _record(meeting, alice, agenda_item=meeting.agenda_items.first()).agenda_item is not None


def test_an_owner_who_has_left_can_stay_on_when_it_is_changed(meeting, alice, bob, partnership):
    action_point = _record(meeting, alice, owner_person=bob)
    Membership.objects.filter(person=bob).update(left_on=_today())
    action_point_edit(
        action_point=action_point,
        agenda_item=None,
        text="Reworded.",
        owner_person=bob,
        owner_group=None,
        due_on=action_point.due_on,
    )
    assert ActionPoint.objects.get().text == "Reworded."


# ---------------------------------------------------------------- closing and reopening


def test_closing_needs_a_reason_and_records_who_and_when(meeting, alice, dana):
    action_point = _record(meeting, alice)
    for status in ("done", "dropped"):
        with pytest.raises(ValidationError) as error:
            action_point_update(action_point=action_point, status=status, close_reason="  ", by=dana)
        assert error.value.message_dict == {"close_reason": [REASON_REQUIRED]}
    action_point.refresh_from_db()
    assert action_point.status == "open" and action_point.closed_at is None

    action_point_update(action_point=action_point, status="in_progress", by=dana)
    assert action_point.status == "in_progress" and action_point.closed_by is None
    action_point_update(action_point=action_point, status="done", close_reason="Loop booked.", by=dana)
    action_point.refresh_from_db()
    assert (action_point.status, action_point.closed_by, action_point.close_reason) == (
        "done",
        dana,
        "Loop booked.",
    )
    assert action_point.closed_at is not None


def test_reopening_clears_the_closing(meeting, alice, dana):
    action_point = _record(meeting, alice)
    action_point_update(
        action_point=action_point, status="dropped", close_reason="No longer needed.", by=dana
    )
    action_point_update(action_point=action_point, status="open", close_reason="ignored", by=alice)
    action_point.refresh_from_db()
    assert (
        action_point.status,
        action_point.closed_by,
        action_point.closed_at,
        action_point.close_reason,
    ) == ("open", None, None, "")


def test_a_status_not_in_the_list_is_refused(meeting, alice):
    action_point = _record(meeting, alice)
    with pytest.raises(ValidationError) as error:
        action_point_update(action_point=action_point, status="finished", close_reason="", by=alice)
    assert "status" in error.value.message_dict
    action_point.refresh_from_db()
    assert action_point.status == "open"


# ---------------------------------------------------------------- lists for other pages


def test_my_action_points_include_my_groups_and_put_overdue_first(
    partnership, meeting, past_meeting, bob, alice, other_partnership, charlie
):
    group = make_group(partnership, "Riverside DPO")
    _in_group(partnership, bob, group)
    later = make_action_point(meeting, owner_person=bob, due_in_days=20)
    via_group = make_action_point(meeting, owner_group=group, due_in_days=5)
    overdue = make_action_point(past_meeting, owner_person=bob, due_in_days=-3)
    done = make_action_point(meeting, owner_person=bob, status="done", close_reason="Done.")
    make_action_point(meeting, owner_person=alice)
    make_action_point(make_meeting(other_partnership, created_by=charlie), owner_person=charlie)
    with CaptureQueriesContext(connection) as queries:
        mine = list(my_action_points(partnership=partnership, person=bob))
        names = [a.owner_name + a.meeting.title for a in mine]
    assert mine == [overdue, via_group, later]
    assert done not in mine and len(names) == 3
    assert len(queries) == 1


def test_action_points_from_earlier_meetings_are_carried_forward(
    partnership, meeting, past_meeting, alice, bob
):
    older = make_meeting(partnership, days_ahead=-56, created_by=alice)
    still_open = make_action_point(older, owner_person=bob, due_in_days=-30)
    in_progress = make_action_point(past_meeting, owner_person=bob, status="in_progress")
    make_action_point(past_meeting, owner_person=bob, status="done", close_reason="Done.")
    make_action_point(meeting, owner_person=bob)  # from this meeting itself
    later = make_meeting(partnership, days_ahead=40, created_by=alice)
    make_action_point(later, owner_person=bob)
    with CaptureQueriesContext(connection) as queries:
        carried = list(open_action_points_before(meeting))
        [a.owner_name for a in carried]
    assert carried == [still_open, in_progress]
    assert len(queries) == 1
    assert list(open_action_points_before(older)) == []


# ---------------------------------------------------------------- recording from the meeting


def _add_url(meeting):
    return reverse("meetings:action_point_add", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})


def _once() -> dict:
    """A new one-time token, as each recording form shown carries (coproduction.forms.OnceMixin)."""
    return {"once": uuid4().hex}


def _date_fields(day):
    return {"due_on_0": str(day.day), "due_on_1": str(day.month), "due_on_2": str(day.year)}


def test_chair_records_an_action_point(dana_client, meeting, bob, dana):
    item = meeting.agenda_items.last()
    due = _today() + timedelta(days=30)
    page = dana_client.get(_add_url(meeting) + f"?item={item.pk}").content.decode()
    assert f'<option value="{item.pk}" selected>' in page and "Bob Member" in page
    run_page = f"/p/{meeting.partnership.slug}/meetings/{meeting.pk}/run/"
    response = dana_client.post(
        _add_url(meeting),
        {
            "agenda_item": item.pk,
            "text": "Book a BSL interpreter.",
            "owner": f"person-{bob.pk}",
            **_date_fields(due),
            "next": run_page,
            **_once(),
        },
    )
    assert response.status_code == 302 and response["Location"] == run_page
    action_point = ActionPoint.objects.get()
    assert (
        action_point.owner_person,
        action_point.due_on,
        action_point.created_by,
        action_point.agenda_item,
    ) == (bob, due, dana, item)


def test_a_partner_group_can_own_it(alice_client, meeting, partnership):
    group = make_group(partnership, "Riverside Council")
    response = alice_client.post(
        _add_url(meeting),
        {"text": "Check the lift.", "owner": f"group-{group.pk}", **_date_fields(_today()), **_once()},
    )
    assert response["Location"] == meeting.get_absolute_url()
    assert ActionPoint.objects.get().owner_group == group


def test_who_may_record_an_action_point(bob_client, charlie_client, client, meeting, bob):
    data = {"text": "Do it.", "owner": f"person-{bob.pk}", **_date_fields(_today())}
    assert bob_client.get(_add_url(meeting)).status_code == 403
    assert bob_client.post(_add_url(meeting), data).status_code == 403
    assert charlie_client.get(_add_url(meeting)).status_code == 404
    assert charlie_client.post(_add_url(meeting), data).status_code == 404
    response = client.post(_add_url(meeting), data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not ActionPoint.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"owner": ""}, OWNER_REQUIRED),
        ({"owner": "person-1,group-1"}, "Choose who will do this from the list."),
        ({"owner": "person-999999"}, "Choose who will do this from the list."),
        ({"due_on_0": "31", "due_on_1": "2"}, "The due date must be a real date, for example 27 3 2026"),
        ({"due_on_0": "31/02/2026", "due_on_1": "", "due_on_2": ""}, "The due date must"),
        ({"due_on_1": ""}, "The due date must include a month"),
        ({"due_on_0": "", "due_on_1": "", "due_on_2": ""}, "Enter the date it is due by"),
        ({"due_on_2": "26"}, "Enter the year as 4 digits, for example 2026"),
        ({"due_on_0": "1", "due_on_1": "1", "due_on_2": "2001"}, DUE_IN_PAST),
        ({"text": "  "}, "Enter what is to be done."),
        ({"agenda_item": "nonsense"}, "Choose an item from this meeting"),
    ],
)
def test_bad_input_gets_a_plain_message_and_keeps_what_was_typed(alice_client, meeting, bob, change, message):
    data = {"text": "Find a quieter room.", "owner": f"person-{bob.pk}", **_date_fields(_today()), **change}
    data.update(_once())
    response = alice_client.post(_add_url(meeting), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and message.replace("'", "&#x27;") in body
    if data["text"].strip():
        assert data["text"] in body
    for box in ("due_on_0", "due_on_1", "due_on_2"):
        if data[box]:
            assert f'name="{box}" value="{data[box]}"' in body
    assert not ActionPoint.objects.exists()


def test_owners_and_items_from_elsewhere_are_refused(
    alice_client, meeting, past_meeting, charlie, other_partnership
):
    group = make_group(other_partnership)
    for change in (
        {"owner": f"person-{charlie.pk}"},
        {"owner": f"group-{group.pk}"},
        {"agenda_item": past_meeting.agenda_items.first().pk, "owner": ""},
    ):
        data = {"text": "Something to do.", **_date_fields(_today()), **change, **_once()}
        response = alice_client.post(_add_url(meeting), data)
        assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not ActionPoint.objects.exists()


# ---------------------------------------------------------------- the action log


def _log(client, partnership, **params):
    return client.get(reverse("meetings:action_list", kwargs={"slug": partnership.slug}), params)


def test_the_log_shows_open_ones_overdue_first_in_words(bob_client, partnership, past_meeting, bob):
    later = make_action_point(past_meeting, owner_person=bob, due_in_days=10)
    overdue = make_action_point(past_meeting, owner_person=bob, due_in_days=-12)
    done = make_action_point(past_meeting, owner_person=bob, status="done", close_reason="Done.")
    body = _log(bob_client, partnership).content.decode()
    assert body.index(overdue.reference) < body.index(later.reference)
    assert done.reference not in body
    was_due = dateformat.format(_today() - timedelta(days=12), "j F Y")
    assert "Overdue</strong>" in body and f"Was due {was_due}, 12 days ago" in body
    assert "in 10 days" in body and "Bob Member" in body
    assert past_meeting.get_absolute_url() in body


def test_filters_mine_overdue_by_owner_and_all(partnership, past_meeting, bob, alice, dana):
    group = make_group(partnership, "Riverside DPO")
    _in_group(partnership, bob, group)
    bobs = make_action_point(past_meeting, owner_person=bob)
    groups = make_action_point(past_meeting, owner_group=group, due_in_days=-2)
    alices = make_action_point(past_meeting, owner_person=alice, due_in_days=-5)
    closed = make_action_point(past_meeting, owner_person=bob, status="dropped", close_reason="Not needed.")
    client = _client(dana)

    def shown(**params):
        body = _log(client, partnership, **params).content.decode()
        return {a.reference for a in (bobs, groups, alices, closed) if a.reference in body}

    assert shown() == {bobs.reference, groups.reference, alices.reference}
    assert shown(show="overdue") == {groups.reference, alices.reference}
    assert shown(show="closed") == {closed.reference}
    assert shown(show="all") == {bobs.reference, groups.reference, alices.reference, closed.reference}
    assert shown(owner=f"person-{alice.pk}") == {alices.reference}
    assert shown(owner=f"group-{group.pk}") == {groups.reference}
    assert shown(show="all", owner=f"person-{bob.pk}") == {bobs.reference, closed.reference}
    # "Mine" for Bob includes his group's.
    bob_client = _client(bob)
    body = _log(bob_client, partnership, owner="mine").content.decode()
    assert bobs.reference in body and groups.reference in body and alices.reference not in body
    # Nonsense in the address is ignored, never a 500.
    for params in ({"show": "everything"}, {"owner": "person-x"}, {"owner": "group-99999"}, {"page": "z"}):
        response = _log(client, partnership, **params)
        assert response.status_code == 200
        body = response.content.decode()
        assert all(a.reference in body for a in (bobs, groups, alices))


def test_the_filter_form_is_a_get_form_with_a_legend(bob_client, partnership):
    body = _log(bob_client, partnership, show="overdue").content.decode()
    assert '<form method="get"' in body and "<legend" in body
    assert 'value="overdue" checked' in body


def test_empty_states_say_what_to_do_next(bob_client, partnership, past_meeting, alice):
    assert "No action points yet" in _log(bob_client, partnership, show="all").content.decode()
    make_action_point(past_meeting, owner_person=alice)
    body = _log(bob_client, partnership, owner="mine").content.decode()
    assert "You have no open action points" in body and "Show every action point" in body


def test_the_log_pages_25_at_a_time(bob_client, partnership, past_meeting, bob):
    for _ in range(27):
        make_action_point(past_meeting, owner_person=bob)
    first = _log(bob_client, partnership).content.decode()
    assert first.count('scope="row"') == 25 and 'class="govuk-pagination"' in first
    second = _log(bob_client, partnership, page=2).content.decode()
    assert second.count('scope="row"') == 2


def test_the_log_access(charlie_client, client, partnership):
    url = reverse("meetings:action_list", kwargs={"slug": partnership.slug})
    assert charlie_client.get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_log_queries_stay_flat(alice_client, partnership, meeting, past_meeting, bob):
    group = make_group(partnership)

    def grow(n):
        for i in range(n):
            owner = {"owner_group": group} if i % 2 else {"owner_person": bob}
            make_action_point(past_meeting if i % 3 else meeting, due_in_days=i - 3, **owner)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert _log(alice_client, partnership, show="all").status_code == 200
        return len(queries)

    grow(5)
    small = count()
    grow(45)
    # session, user, membership, owner people, groups, count, the page with owners and meetings
    assert count() == small <= 7


# ---------------------------------------------------------------- one action point: history and updates


def _detail_url(action_point):
    return reverse(
        "meetings:action_detail", kwargs={"slug": action_point.partnership.slug, "pk": action_point.pk}
    )


def test_bob_closes_an_action_point_he_owns(bob_client, past_meeting, bob, alice):
    action_point = make_action_point(past_meeting, owner_person=bob, created_by=alice)
    page = bob_client.get(_detail_url(action_point)).content.decode()
    assert "Where has it got to?" in page and "Alice Coordinator" in page
    response = bob_client.post(
        _detail_url(action_point), {"status": "done", "close_reason": "Sent the papers."}
    )
    assert response.status_code == 302
    action_point.refresh_from_db()
    assert (action_point.status, action_point.closed_by) == ("done", bob)
    body = bob_client.get(_detail_url(action_point)).content.decode()
    assert "Done" in body and "by Bob Member" in body and "Why: Sent the papers." in body


def test_anyone_in_the_owning_group_may_update_it(partnership, past_meeting, bob):
    group = make_group(partnership)
    _in_group(partnership, bob, group)
    action_point = make_action_point(past_meeting, owner_group=group)
    assert _client(bob).post(_detail_url(action_point), {"status": "in_progress"}).status_code == 302
    assert ActionPoint.objects.get().status == "in_progress"


def test_others_see_it_read_only(bob_client, charlie_client, client, past_meeting, alice, dana):
    action_point = make_action_point(past_meeting, owner_person=alice)
    page = bob_client.get(_detail_url(action_point)).content.decode()
    assert "Where has it got to?" not in page and "can update it" in page
    assert (
        bob_client.post(_detail_url(action_point), {"status": "dropped", "close_reason": "x"}).status_code
        == 403
    )
    assert charlie_client.get(_detail_url(action_point)).status_code == 404
    assert charlie_client.post(_detail_url(action_point), {"status": "open"}).status_code == 404
    assert client.get(_detail_url(action_point)).status_code == 302
    assert ActionPoint.objects.get().status == "open"
    # Chairs may update anyone's.
    assert _client(dana).post(_detail_url(action_point), {"status": "in_progress"}).status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "done", "close_reason": ""}, REASON_REQUIRED),
        ({"status": "finished"}, "Choose open, in progress, done or dropped."),
        ({}, "Choose open, in progress, done or dropped."),
    ],
)
def test_bad_updates_get_plain_messages(alice_client, past_meeting, alice, data, message):
    action_point = make_action_point(past_meeting, owner_person=alice)
    response = alice_client.post(_detail_url(action_point), data)
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body and message in body
    assert ActionPoint.objects.get().status == "open"


def test_reopening_from_the_page(alice_client, past_meeting, alice):
    action_point = make_action_point(
        past_meeting,
        owner_person=alice,
        status="done",
        close_reason="Done.",
        closed_by=alice,
        closed_at=timezone.now(),
    )
    alice_client.post(_detail_url(action_point), {"status": "open"})
    action_point.refresh_from_db()
    assert (action_point.status, action_point.closed_by, action_point.close_reason) == ("open", None, "")


def _edit_url(action_point):
    return reverse(
        "meetings:action_edit", kwargs={"slug": action_point.partnership.slug, "pk": action_point.pk}
    )


def test_coordinator_changes_an_action_point(alice_client, bob_client, past_meeting, partnership, bob, alice):
    action_point = make_action_point(past_meeting, owner_person=bob)
    group = make_group(partnership, "Riverside Council")
    assert bob_client.get(_edit_url(action_point)).status_code == 403
    page = alice_client.get(_edit_url(action_point)).content.decode()
    assert f'<option value="person-{bob.pk}" selected>' in page
    past = _today() - timedelta(days=2)
    response = alice_client.post(
        _edit_url(action_point),
        {
            "text": "Ask the council.",
            "owner": f"group-{group.pk}",
            **_date_fields(past),
            "easy_read_text": "Ask.",
        },
    )
    assert response.status_code == 302
    action_point.refresh_from_db()
    assert (action_point.text, action_point.owner_group, action_point.owner_person, action_point.due_on) == (
        "Ask the council.",
        group,
        None,
        past,
    )
    assert bob_client.post(_edit_url(action_point), {"text": "Mine now"}).status_code == 403


# ---------------------------------------------------------------- sent twice


def test_the_record_page_carries_a_one_time_token(alice_client, meeting):
    page = alice_client.get(_add_url(meeting)).content.decode()
    assert re.search(r'<input type="hidden" name="once" value="[0-9a-f]{32}"', page)


def test_the_same_form_sent_twice_records_one_action_point(dana_client, meeting, bob):
    run_page = f"/p/{meeting.partnership.slug}/meetings/{meeting.pk}/run/"
    data = {
        "text": "Book a BSL interpreter.",
        "owner": f"person-{bob.pk}",
        **_date_fields(_today()),
        "next": run_page,
        **_once(),
    }
    first = dana_client.post(_add_url(meeting), data)
    second = dana_client.post(_add_url(meeting), data)
    assert ActionPoint.objects.count() == 1
    # The second goes where saving would have gone, and says so: never an error page.
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == run_page
    shown = dana_client.post(_add_url(meeting), data, follow=True).content.decode()
    assert "That was already saved." in shown
    assert ActionPoint.objects.count() == 1


def test_two_forms_record_two_action_points(alice_client, meeting, bob):
    data = {"text": "Book a BSL interpreter.", "owner": f"person-{bob.pk}", **_date_fields(_today())}
    alice_client.post(_add_url(meeting), {**data, **_once()})
    alice_client.post(_add_url(meeting), {**data, **_once()})
    assert ActionPoint.objects.count() == 2


def test_a_form_refused_after_checking_can_be_corrected_and_sent_again(alice_client, meeting, bob):
    token = _once()
    data = {"text": "Book a BSL interpreter.", "owner": f"person-{bob.pk}", **token}
    past = _today() - timedelta(days=1)
    refused = alice_client.post(_add_url(meeting), {**data, **_date_fields(past)})
    assert refused.status_code == 200 and DUE_IN_PAST in refused.content.decode()
    assert alice_client.post(_add_url(meeting), {**data, **_date_fields(_today())}).status_code == 302
    assert ActionPoint.objects.count() == 1


# ---------------------------------------------------------------- one rule for changing an action point


def test_one_rule_says_who_moves_an_action_point_along_and_who_changes_it(
    partnership, past_meeting, alice, dana, bob
):
    meeting_chair, observer, group_member, other_member = make_user(), make_user(), make_user(), make_user()
    make_member(partnership, meeting_chair)
    MeetingRole.objects.create(
        partnership=partnership, meeting=past_meeting, person=meeting_chair, role=MeetingRole.Role.CHAIR
    )
    make_member(partnership, observer, role=Role.OBSERVER)
    make_member(partnership, group_member)
    make_member(partnership, other_member)
    group = make_group(partnership)
    _in_group(partnership, group_member, group)
    _in_group(partnership, observer, group)
    owned_by_bob = make_action_point(past_meeting, owner_person=bob)
    owned_by_group = make_action_point(past_meeting, owner_group=group)
    # (may move it along, may change what it says, who owns it and when it is due)
    expected = {
        (alice, owned_by_bob): (True, True),
        (dana, owned_by_bob): (True, True),
        (meeting_chair, owned_by_bob): (True, True),
        (bob, owned_by_bob): (True, False),
        (other_member, owned_by_bob): (False, False),
        (group_member, owned_by_group): (True, False),
        (bob, owned_by_group): (False, False),
        (observer, owned_by_group): (False, False),  # read-only, even in the owning group
    }
    for (person, action_point), (update, details) in expected.items():
        membership = Membership.objects.get(partnership=partnership, person=person)
        assert may_update_action_point(action_point, membership) is update, person
        assert may_update_action_point(action_point, membership, details=True) is details, person
        # The pages follow the same rule.
        client = _client(person)
        page = client.get(_detail_url(action_point)).content.decode()
        assert ("Where has it got to?" in page) is update, person
        assert (_edit_url(action_point) in page) is details, person
        assert client.get(_edit_url(action_point)).status_code == (200 if details else 403), person
