from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionPoint, AgendaItem, StandingItem
from meetings.services.agenda import agenda_timing, breaks_propose, item_add
from tests.factories import make_meeting, make_member, make_need, make_user


def _url(name, meeting, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, **kwargs})


def _titles(meeting):
    return list(
        AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("title", flat=True)
    )


def test_new_items_go_before_the_closing_items(meeting):
    item_add(meeting=meeting, title="Budget", duration_minutes=20)
    titles = _titles(meeting)
    assert titles[-3:] == ["Budget", "Any other business", "How did today go?"]


def test_anyone_can_propose_an_item_and_change_it_but_not_others(bob_client, meeting, bob):
    response = bob_client.post(
        _url("item_add", meeting), {"title": "Transport", "purpose": "discussion", "duration_minutes": "10"}
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(title="Transport")
    assert item.proposed_by == bob
    assert bob_client.get(_url("item_edit", meeting, item_pk=item.pk)).status_code == 200
    standing = AgendaItem.objects.get(meeting=meeting, title="Apologies")
    assert bob_client.post(_url("item_edit", meeting, item_pk=standing.pk), {"title": "X"}).status_code == 403
    assert (
        bob_client.post(_url("item_move", meeting, item_pk=item.pk), {"direction": "up"}).status_code == 403
    )


def test_move_up_and_down_with_buttons(dana_client, meeting):
    apologies = AgendaItem.objects.get(meeting=meeting, title="Apologies")
    dana_client.post(_url("item_move", meeting, item_pk=apologies.pk), {"direction": "up"})
    assert _titles(meeting)[:2] == ["Apologies", "Welcome and access check"]
    response = dana_client.post(
        _url("item_move", meeting, item_pk=apologies.pk), {"direction": "up"}, follow=True
    )
    assert "is already at the top" in response.content.decode()
    page = dana_client.get(_url("agenda", meeting)).content.decode()
    assert 'Move up<span class="govuk-visually-hidden">: Apologies</span>' in page


def test_items_show_times_and_the_agenda_says_by_how_much_it_overruns(dana_client, meeting):
    page = dana_client.get(_url("agenda", meeting)).content.decode()
    assert "10:00 to 10:10</span>: Welcome and access check" in page
    assert "leaving 1 hour 30 minutes spare" in page
    item_add(meeting=meeting, title="Long debate", duration_minutes=120)
    page = dana_client.get(_url("agenda", meeting)).content.decode()
    assert "The agenda is 30 minutes longer than the meeting." in page


def test_breaks_come_from_access_needs(dana_client, meeting, partnership):
    person = make_user()
    make_member(partnership, person)
    make_need(person, "regular_breaks", minutes=45)
    item_add(meeting=meeting, title="Long debate", duration_minutes=40)
    item_add(meeting=meeting, title="Budget", duration_minutes=30)
    page = dana_client.get(_url("agenda", meeting)).content.decode()
    assert "Someone coming needs a break at least every 45 minutes." in page
    dana_client.post(_url("breaks_add", meeting))
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    timing = agenda_timing(meeting, items, break_every=45)
    assert timing.break_gaps == []
    assert any(i.is_break for i in items)
    # Removing a break shows the gap again: nothing is squeezed out silently.
    a_break = next(i for i in items if i.is_break)
    confirm = dana_client.get(_url("item_delete", meeting, item_pk=a_break.pk)).content.decode()
    assert "needs regular breaks" in confirm
    dana_client.post(_url("item_delete", meeting, item_pk=a_break.pk))
    assert "there is no break" in dana_client.get(_url("agenda", meeting)).content.decode()


def test_nobody_needing_breaks_adds_none(meeting):
    assert breaks_propose(meeting=meeting) == 0


def test_people_not_coming_do_not_set_the_break_interval(meeting, partnership):
    from meetings.services.meetings import reply_record

    person = make_user()
    make_member(partnership, person)
    make_need(person, "regular_breaks", minutes=30)
    reply_record(meeting=meeting, person=person, reply="not_attending")
    assert breaks_propose(meeting=meeting) == 0


def test_open_action_points_from_earlier_meetings_appear(bob_client, meeting, past_meeting, partnership, bob):
    year = timezone.localdate().year
    ActionPoint.objects.create(
        partnership=partnership,
        meeting=past_meeting,
        year=year,
        number=1,
        text="Book the loop",
        owner_person=bob,
        due_on=timezone.localdate(),
    )
    ActionPoint.objects.create(
        partnership=partnership,
        meeting=past_meeting,
        year=year,
        number=2,
        text="Finished job",
        owner_person=bob,
        due_on=timezone.localdate(),
        status="done",
    )
    page = bob_client.get(_url("agenda", meeting)).content.decode()
    assert "Book the loop" in page and "Finished job" not in page


def test_bad_item_input(dana_client, meeting):
    body = dana_client.post(
        _url("item_add", meeting), {"title": "", "purpose": "", "duration_minutes": "lots"}
    ).content.decode()
    assert "Enter a title for the item." in body
    assert "Enter the minutes as a number" in body
    body = dana_client.post(
        _url("item_add", meeting), {"title": "X", "purpose": "discussion", "duration_minutes": "0"}
    ).content.decode()
    assert "An item takes at least 1 minute." in body


def test_standing_items_are_the_partnerships_own(alice_client, partnership, alice):
    url = reverse("meetings:standing_item_add", args=[partnership.slug])
    alice_client.post(url, {"title": "Easy read check", "purpose": "information", "duration_minutes": "5"})
    meeting = make_meeting(partnership, created_by=alice)
    assert "Easy read check" in _titles(meeting)
    assert StandingItem.objects.filter(partnership=partnership).count() == 7


def test_agenda_query_budget_is_flat(dana_client, meeting, partnership):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert dana_client.get(_url("agenda", meeting)).status_code == 200
        return len(queries)

    person = make_user()
    make_member(partnership, person)
    make_need(person, "regular_breaks", minutes=60)
    for n in range(5):
        item_add(meeting=meeting, title=f"Item {n}", duration_minutes=5)
    small = count()
    for n in range(45):
        item_add(meeting=meeting, title=f"More {n}", duration_minutes=5)
    assert count() == small


def test_an_item_with_minutes_stays_on_the_agenda(dana_client, meeting, partnership, dana):
    from meetings.models import MinuteEntry, Minutes

    item = item_add(meeting=meeting, title="Budget", duration_minutes=20)
    empty = item_add(meeting=meeting, title="Spare", duration_minutes=5)
    minutes = Minutes.objects.create(partnership=partnership, meeting=meeting)
    MinuteEntry.objects.create(
        partnership=partnership, minutes=minutes, agenda_item=item, text="We agreed a budget."
    )
    MinuteEntry.objects.create(partnership=partnership, minutes=minutes, agenda_item=empty, text="")
    response = dana_client.post(_url("item_delete", meeting, item_pk=item.pk), follow=True)
    assert "has minutes written under it" in response.content.decode()
    assert MinuteEntry.objects.filter(text="We agreed a budget.").exists()
    dana_client.post(_url("item_delete", meeting, item_pk=empty.pk))
    assert not AgendaItem.objects.filter(pk=empty.pk).exists()
    Minutes.objects.filter(pk=minutes.pk).update(locked=True)
    other = AgendaItem.objects.filter(meeting=meeting, title="Apologies").get()
    response = dana_client.post(_url("item_delete", meeting, item_pk=other.pk), follow=True)
    assert "approved and locked" in response.content.decode()
    assert AgendaItem.objects.filter(pk=other.pk).exists()


def test_a_whole_meeting_with_minutes_can_still_be_deleted(meeting, partnership):
    from meetings.models import Meeting, MinuteEntry, Minutes

    minutes = Minutes.objects.create(partnership=partnership, meeting=meeting)
    item = meeting.agenda_items.first()
    MinuteEntry.objects.create(
        partnership=partnership, minutes=minutes, agenda_item=item, text="Said things."
    )
    meeting.delete()
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert not MinuteEntry.objects.exists()


def test_easy_read_words_and_picture_on_an_agenda_item(dana_client, meeting):
    form = dana_client.get(_url("item_add", meeting)).content.decode()
    assert "data-easy-read" in form and "Easy read words (optional)" in form
    data = {
        "title": "Jobs",
        "purpose": "discussion",
        "duration_minutes": "20",
        "easy_read_text": "We talk about jobs.",
        "easy_read_picture": "openmoji:1F4BC",
    }
    dana_client.post(_url("item_add", meeting), data)
    item = AgendaItem.objects.get(title="Jobs")
    assert (item.easy_read_text, item.easy_read_picture) == ("We talk about jobs.", "openmoji:1F4BC")


def test_optional_easy_read_words_warn_but_never_stop_an_item_saving(dana_client, meeting):
    long = " ".join(["word"] * 40) + "."
    data = {"title": "Jobs", "purpose": "discussion", "duration_minutes": "20", "easy_read_text": long}
    response = dana_client.post(_url("item_add", meeting), data, follow=True)
    page = response.content.decode()
    item = AgendaItem.objects.get(title="Jobs")
    assert item.easy_read_text == long  # saved as typed, nothing lost
    assert "The easy read words are saved, but need a look before the easy read pack goes out" in page
    assert "has 40 words. Easy read sentences have 15 at most." in page
    # Changing the item keeps warning, and still saves.
    data.update(title="Jobs and pay")
    response = dana_client.post(_url("item_edit", meeting, item_pk=item.pk), data, follow=True)
    item.refresh_from_db()
    assert item.title == "Jobs and pay"
    assert "has 40 words" in response.content.decode()
    # The guidance under the box still shows the long sentence when the item is opened again.
    form = dana_client.get(_url("item_edit", meeting, item_pk=item.pk)).content.decode()
    assert "40 words. <strong>Too long: split it into shorter sentences.</strong>" in form


def test_an_item_too_long_for_a_break_is_named_and_can_be_split(
    dana_client, bob_client, meeting, partnership
):
    person = make_user()
    make_member(partnership, person)
    make_need(person, "regular_breaks", minutes=45)
    AgendaItem.objects.filter(meeting=meeting).delete()
    item_add(meeting=meeting, title="Long debate", duration_minutes=80)
    response = dana_client.post(_url("breaks_add", meeting), follow=True)
    page = response.content.decode()
    assert "\u201cLong debate\u201d takes 80 minutes, but someone coming needs a break" in page
    assert "at least every 45 minutes, so no break fits around it" in page
    assert 'Split this item<span class="govuk-visually-hidden">: Long debate</span>' in page
    item = AgendaItem.objects.get(meeting=meeting, title="Long debate")
    assert _url("item_edit", meeting, item_pk=item.pk) in page  # or change how long it takes

    split_url = _url("item_split", meeting, item_pk=item.pk)
    assert bob_client.post(split_url).status_code == 403
    response = dana_client.post(split_url, follow=True)
    assert "The item is split in two" in response.content.decode()
    parts = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    assert [(p.title, p.duration_minutes) for p in parts] == [
        ("Long debate (part 1)", 40),
        ("Long debate (part 2)", 40),
    ]
    # Now the break fits between the two parts.
    dana_client.post(_url("breaks_add", meeting))
    titles = _titles(meeting)
    assert titles[:3] == ["Long debate (part 1)", "Break", "Long debate (part 2)"]
    page = dana_client.get(_url("agenda", meeting)).content.decode()
    assert "there is no break" not in page and "Split this item" not in page
