"""Easy read for a meeting: which points of the pack need easy read words, writing them with a picture (a
40-word sentence is refused and kept), the check with people who use easy read, and when the pack is ready."""

import pytest
from django import forms
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduction.easy_read.forms import EasyReadFields, PictureField
from meetings.forms.easy_read import EasyReadPointForm
from meetings.models import ActionPoint, AgendaItem, DecisionChange, EasyReadCheck
from meetings.services.easy_read import (
    easy_read_check_record,
    pack_points,
    point_get,
    readiness,
)
from partners.models import GlossaryTerm, Role
from tests.factories import make_action_point, make_decision, make_meeting, make_member, make_user

FORTY_WORDS = (
    "We will talk about the new bus timetable and the changes the council wants to make to the routes "
    "that go past the community hub on Tuesdays and Thursdays because some people said the buses come "
    "too early for meetings."
)
GOOD = "We talk about the bus.\nThe bus comes at 9.\nWe want it at 10."


@pytest.fixture
def pack(partnership, meeting, past_meeting, alice, bob):
    """The next meeting's pack: its agenda (standing items, one break), a decision and an open action point
    from last month's meeting, and what must not be in it."""
    AgendaItem.objects.create(
        partnership=partnership, meeting=meeting, title="Tea break", purpose="break", position=50
    )
    decision = make_decision(past_meeting, text="We agree to ask for a later bus.")
    action = make_action_point(past_meeting, owner_person=bob, text="Write to the bus company.")
    # Not in the pack: a closed action point, a decision of this meeting, and one from long ago.
    make_action_point(past_meeting, owner_person=bob, status=ActionPoint.Status.DONE)
    make_decision(meeting, text="Decided at the meeting itself.")
    older = make_meeting(partnership, days_ahead=-90, created_by=alice)
    make_decision(older, text="An old decision.")
    return {"decision": decision, "action": action}


def _page(partnership, meeting) -> str:
    return reverse("meetings:easy_read", args=[partnership.slug, meeting.pk])


def _point_url(partnership, meeting, kind, pk) -> str:
    return reverse(
        "meetings:easy_read_point",
        kwargs={"slug": partnership.slug, "pk": meeting.pk, "kind": kind, "point_id": pk},
    )


def _write_all(meeting, text=GOOD) -> None:
    for point in pack_points(meeting):
        point.item.easy_read_text = text
        point.item.save()


# ---------------------------------------------------------------- which points, and readiness


def test_the_pack_points_are_the_agenda_decisions_since_last_time_and_open_actions(meeting, pack):
    points = pack_points(meeting)
    agenda = [p.item for p in points if p.kind == "agenda_item"]
    assert agenda == [i for i in meeting.agenda_items.all() if not i.is_break] and agenda
    assert [p.item for p in points if p.kind == "decision"] == [pack["decision"]]
    assert [p.item for p in points if p.kind == "action_point"] == [pack["action"]]
    assert points[-2].name == f"Decision {pack['decision'].reference}"
    assert points[-1].name == f"Action point {pack['action'].reference}"


def test_readiness_lists_each_point_missing_by_name_then_is_ready_after_a_check(meeting, pack, alice):
    # Standing items come with easy read words from the partnership's list; a new item has none yet.
    first = meeting.agenda_items.exclude(purpose="break").first()
    new = AgendaItem.objects.create(
        partnership=meeting.partnership, meeting=meeting, title="Bus", position=45
    )
    state = readiness(meeting)
    assert not state.ready and state.checked is None
    assert f"Agenda item \u201c{new.title}\u201d" in state.missing
    assert f"Agenda item \u201c{first.title}\u201d" not in state.missing
    assert f"Decision {pack['decision'].reference}" in state.missing
    assert f"Action point {pack['action'].reference}" in state.missing
    assert not any("Tea break" in name for name in state.missing)

    _write_all(meeting)
    pack["action"].easy_read_text = ""
    pack["action"].save()
    state = readiness(meeting)
    assert state.missing == [f"Action point {pack['action'].reference}"]
    # A check does not make a pack ready while a point has no easy read words.
    check = easy_read_check_record(
        meeting=meeting,
        checked_by="Tuesday group",
        checked_on=timezone.localdate(),
        notes="",
        recorded_by=alice,
    )
    assert not readiness(meeting).ready

    pack["action"].easy_read_text = "Sam writes to the bus company."
    pack["action"].save()
    state = readiness(meeting)
    assert state.ready and state.missing == [] and state.checked == check


def test_everything_written_but_not_checked_is_not_ready(meeting, pack):
    _write_all(meeting)
    state = readiness(meeting)
    assert state.missing == [] and state.checked is None and not state.ready


def test_readiness_costs_the_same_however_many_points(partnership, meeting, past_meeting, bob):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            state = readiness(meeting)
            [p.name for p in state.points]
        return len(queries)

    few = count()
    for _ in range(20):
        make_decision(past_meeting)
        make_action_point(past_meeting, owner_person=bob)
    assert count() == few == 4


# ---------------------------------------------------------------- writing a point


def test_a_coordinator_writes_easy_read_words_and_a_picture(partnership, meeting, pack, alice_client):
    item = meeting.agenda_items.exclude(purpose="break").first()
    url = _point_url(partnership, meeting, "agenda_item", item.pk)
    page = alice_client.get(url).content.decode()
    assert "data-easy-read" in page and "js/easy-read-guidance.js" in page
    assert 'aria-live="polite"' in page and 'role="status"' in page
    assert "<legend" in page and 'id="id_easy_read_picture_1"' in page and "No picture" in page
    assert 'class="govuk-details' in page  # the pictures grouped by theme, usable without JavaScript

    response = alice_client.post(url, {"easy_read_text": GOOD, "easy_read_picture": "openmoji:1F68C"})
    assert response.status_code == 302 and response["Location"] == _page(partnership, meeting)
    item.refresh_from_db()
    assert (item.easy_read_text, item.easy_read_picture) == (GOOD, "openmoji:1F68C")

    # The chosen picture's group is open when the page comes back, and the picture is shown on the list.
    assert 'value="openmoji:1F68C" checked' in alice_client.get(url).content.decode()
    listing = alice_client.get(_page(partnership, meeting)).content.decode()
    assert 'alt="A bus"' in listing and "We talk about the bus." in listing


def test_a_forty_word_sentence_is_refused_and_the_words_are_kept(partnership, meeting, pack, alice_client):
    url = _point_url(partnership, meeting, "decision", pack["decision"].pk)
    response = alice_client.post(url, {"easy_read_text": FORTY_WORDS, "easy_read_picture": "openmoji:1F68C"})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "The sentence starting \u201cWe will talk about the new\u2026\u201d has 40 words." in page
    assert '<a href="#id_easy_read_text">' in page
    assert FORTY_WORDS in page and 'value="openmoji:1F68C" checked' in page
    pack["decision"].refresh_from_db()
    assert pack["decision"].easy_read_text == ""


def test_check_my_words_shows_the_guidance_and_saves_nothing(partnership, meeting, pack, alice_client):
    url = _point_url(partnership, meeting, "action_point", pack["action"].pk)
    text = "Five people write to the bus company. 10% of buses are late."
    response = alice_client.post(
        url, {"easy_read_text": text, "easy_read_picture": "", "check": "Check my words"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Write 5, not \u201cFive\u201d." in page
    assert "Say \u201c1 in 10\u201d rather than \u201c10%\u201d." in page
    assert "They are not saved yet." in page
    pack["action"].refresh_from_db()
    assert pack["action"].easy_read_text == ""


def test_changing_a_decisions_easy_read_words_keeps_the_earlier_ones(partnership, meeting, pack, dana_client):
    decision = pack["decision"]
    url = _point_url(partnership, meeting, "decision", decision.pk)
    dana_client.post(url, {"easy_read_text": "We ask for a later bus.", "easy_read_picture": ""})
    dana_client.post(url, {"easy_read_text": "We want the bus to come later.", "easy_read_picture": ""})
    decision.refresh_from_db()
    assert decision.easy_read_text == "We want the bus to come later."
    assert list(
        DecisionChange.objects.filter(decision=decision).values_list("easy_read_text", flat=True)
    ) == [
        "We ask for a later bus.",
        "",
    ]


def test_only_points_of_this_meetings_pack_can_be_opened(
    partnership, meeting, past_meeting, pack, alice_client
):
    other = make_meeting(partnership, created_by=None)
    brk = meeting.agenda_items.get(purpose="break")
    this_meetings_decision = meeting.decisions.get()
    done = ActionPoint.objects.get(status=ActionPoint.Status.DONE)
    for kind, pk in [
        ("agenda_item", other.agenda_items.first().pk),
        ("agenda_item", brk.pk),
        ("decision", this_meetings_decision.pk),
        ("action_point", done.pk),
        ("action_point", 99999),
    ]:
        assert alice_client.get(_point_url(partnership, meeting, kind, pk)).status_code == 404
    with pytest.raises(LookupError):
        point_get(meeting, "minutes", 1)


# ---------------------------------------------------------------- the check


def test_recording_a_check_once_even_if_sent_twice(partnership, meeting, pack, alice, alice_client):
    url = reverse("meetings:easy_read_check", args=[partnership.slug, meeting.pk])
    page = alice_client.get(url).content.decode()
    token = page.split('name="once" value="')[1].split('"')[0]
    today = timezone.localdate()
    data = {
        "checked_by": " Tuesday   self-advocacy group ",
        "checked_on_0": today.day,
        "checked_on_1": today.month,
        "checked_on_2": today.year,
        "notes": "Clear, but change the picture for the bus.",
        "once": token,
    }
    assert alice_client.post(url, data).status_code == 302
    assert alice_client.post(url, data).status_code == 302
    check = EasyReadCheck.objects.get(meeting=meeting)
    assert (check.checked_by, check.checked_on, check.recorded_by) == (
        "Tuesday self-advocacy group",
        today,
        alice,
    )
    listing = alice_client.get(_page(partnership, meeting)).content.decode()
    assert "Checked by Tuesday self-advocacy group." in listing
    assert "The easy read pack is not ready." in listing  # points still lack words

    _write_all(meeting)
    assert "The easy read pack is ready." in alice_client.get(_page(partnership, meeting)).content.decode()


def test_a_check_needs_who_and_when(partnership, meeting, alice_client):
    url = reverse("meetings:easy_read_check", args=[partnership.slug, meeting.pk])
    token = alice_client.get(url).content.decode().split('name="once" value="')[1].split('"')[0]
    page = alice_client.post(url, {"checked_by": " ", "notes": "Kept", "once": token}).content.decode()
    assert "Say who checked it, for example the self-advocacy group" in page
    assert "Enter the date it was checked" in page and "Kept" in page
    assert not EasyReadCheck.objects.exists()


# ---------------------------------------------------------------- the page


def test_the_page_names_what_is_missing_and_links_to_it(partnership, meeting, pack, alice_client):
    page = alice_client.get(_page(partnership, meeting)).content.decode()
    assert "Easy read for this meeting" in page and "The easy read pack is not ready." in page
    assert f"Decision {pack['decision'].reference}" in page
    assert _point_url(partnership, meeting, "decision", pack["decision"].pk) in page
    assert _point_url(partnership, meeting, "action_point", pack["action"].pk) in page
    assert "Tea break" not in page
    assert "Nobody has recorded a check with people who use easy read yet." in page


def test_the_page_shows_readability_and_glossary_words(partnership, meeting, pack, alice_client):
    GlossaryTerm.objects.create(partnership=partnership, word="timetable", explanation="When buses come.")
    pack["decision"].easy_read_text = "We want a new timetable. The bus comes later."
    pack["decision"].save()
    page = alice_client.get(_page(partnership, meeting)).content.decode()
    assert "Readability score:" in page
    assert "Glossary words used, shown in bold and explained at the end of the pack: timetable." in page


def test_who_may_use_the_easy_read_pages(
    partnership, meeting, pack, bob_client, charlie_client, client, dana_client
):
    item = meeting.agenda_items.exclude(purpose="break").first()
    words_before = item.easy_read_text
    urls = [
        _page(partnership, meeting),
        _point_url(partnership, meeting, "agenda_item", item.pk),
        reverse("meetings:easy_read_check", args=[partnership.slug, meeting.pk]),
    ]
    data = {"easy_read_text": "Taken over.", "checked_by": "Taken over"}
    for url in urls:
        assert dana_client.get(url).status_code == 200
        assert bob_client.get(url).status_code == 403
        assert bob_client.post(url, data).status_code == 403
        assert charlie_client.get(url).status_code == 404
        assert charlie_client.post(url, data).status_code == 404
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    item.refresh_from_db()
    assert item.easy_read_text == words_before and not EasyReadCheck.objects.exists()


def test_a_meeting_chair_may_write_easy_read_and_a_visiting_expert_may_not(partnership, meeting, pack):
    from meetings.models import MeetingRole

    chair = make_user("chair@example.org")
    make_member(partnership, chair)
    MeetingRole.objects.create(partnership=partnership, meeting=meeting, person=chair, role="chair")
    expert = make_user("expert@example.org")
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    from meetings.models import Attendance

    Attendance.objects.create(partnership=partnership, meeting=meeting, person=expert)
    for person, status in ((chair, 200), (expert, 403)):
        visitor = Client()
        visitor.force_login(person)
        assert visitor.get(_page(partnership, meeting)).status_code == status


def test_the_easy_read_page_costs_the_same_for_5_or_50_points(
    partnership, meeting, past_meeting, alice_client, bob
):
    for _ in range(2):
        make_decision(past_meeting, easy_read_text="We agree.", easy_read_picture="openmoji:1F44D")
        make_action_point(past_meeting, owner_person=bob, easy_read_picture="openmoji:2615")
    url = _page(partnership, meeting)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(url).status_code == 200
        return len(queries)

    few = count()
    for _ in range(25):
        make_decision(
            past_meeting, easy_read_text="We agree. It is good.", easy_read_picture="openmoji:1F44D"
        )
        make_action_point(past_meeting, owner_person=bob)
    assert len(pack_points(meeting)) >= 50
    assert count() == few


# ---------------------------------------------------------------- EasyReadFields in another form


class _AgendaEasyReadForm(EasyReadFields, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["easy_read_text", "easy_read_picture"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout_pieces = self.easy_read_setup(partnership)


def test_easy_read_fields_fit_a_model_form(partnership, meeting):
    item = meeting.agenda_items.first()
    form = _AgendaEasyReadForm(instance=item, partnership=partnership)
    assert isinstance(form.fields["easy_read_picture"], PictureField)
    assert "data-easy-read" in str(form["easy_read_text"])
    assert len(form.layout_pieces) == 2

    refused = _AgendaEasyReadForm({"easy_read_text": FORTY_WORDS}, instance=item, partnership=partnership)
    assert not refused.is_valid()
    assert "has 40 words" in refused.errors["easy_read_text"][0]

    saved = _AgendaEasyReadForm(
        {"easy_read_text": GOOD, "easy_read_picture": "openmoji:2615"}, instance=item, partnership=partnership
    )
    assert saved.is_valid(), saved.errors
    saved.save()
    item.refresh_from_db()
    assert (item.easy_read_text, item.easy_read_picture) == (GOOD, "openmoji:2615")


def test_the_point_form_refuses_an_unknown_picture(partnership):
    form = EasyReadPointForm(
        {"easy_read_text": GOOD, "easy_read_picture": "openmoji:NOPE"}, partnership=partnership
    )
    assert not form.is_valid()
    assert form.errors["easy_read_picture"] == ["Choose a picture from the list, or \u201cNo picture\u201d"]
