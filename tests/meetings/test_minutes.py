"""Minutes: the page, writing per agenda item (and never overwriting someone else's save), partners' views,
sending for comments, corrections, approval at the next meeting, unlocking, versions and comparing them."""

import re
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import (
    ActionPoint,
    AgendaItem,
    Attendance,
    Correction,
    Decision,
    Meeting,
    MinuteEntry,
    Minutes,
    MinutesVersion,
    PartnerView,
)
from meetings.services import minutes as services
from meetings.services.agenda import item_add
from partners.models import CommunicationPreference, Role
from tests.factories import make_meeting, make_member, make_minutes, make_user

# ---------------------------------------------------------------- helpers


def _url(name, meeting, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, **kwargs})


def _items(meeting):
    return services.minute_items(meeting)


def _text(meeting, item):
    entry = MinuteEntry.objects.filter(minutes__meeting=meeting, agenda_item=item).first()
    return entry.text if entry else ""


def _form_data(meeting, revision, texts):
    """What the minutes form posts: the revision it was loaded at and a text for every item."""
    data = {"revision": str(revision)}
    for item in _items(meeting):
        data[f"item_{item.pk}"] = texts.get(item, "")
    return data


def _words(html: str) -> str:
    """The words of an HTML email as a reader hears them: no tags, entities decoded, single spaces."""
    import html as htmllib

    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _body(response) -> str:
    return response.content.decode()


def _decision(meeting, item, number, text="We agree to meet at the library."):
    return Decision.objects.create(
        partnership=meeting.partnership,
        meeting=meeting,
        agenda_item=item,
        year=2026,
        number=number,
        text=text,
    )


def _action(meeting, item, number, owner, text="Book the library room."):
    return ActionPoint.objects.create(
        partnership=meeting.partnership,
        meeting=meeting,
        agenda_item=item,
        year=2026,
        number=number,
        text=text,
        owner_person=owner,
        due_on=timezone.localdate() + timedelta(days=7),
    )


def _client(client, person):
    client.force_login(person)
    return client


@pytest.fixture
def aileen(partnership):
    """The partnership's minute-taker."""
    person = make_user("aileen@example.org", full_name="Aileen Macleod", known_as="Aileen")
    make_member(partnership, person, role=Role.MINUTE_TAKER)
    return person


@pytest.fixture
def aileen_client(aileen):
    from django.test import Client

    return _client(Client(), aileen)


@pytest.fixture
def sent_minutes(past_meeting, aileen):
    """Last month's minutes, written and sent for comments."""
    minutes = make_minutes(past_meeting, by=aileen)
    services.minutes_send(minutes=minutes, by=aileen, minutes_url="http://testserver/minutes/")
    mail.outbox.clear()
    return minutes


@pytest.fixture
def approved_minutes(sent_minutes, past_meeting, meeting, dana):
    services.minutes_approve(minutes=sent_minutes, at_meeting=meeting, by=dana)
    return sent_minutes


WRITE_URLS = [
    "minutes_edit",
    "partner_view_add",
    "minutes_send",
    "minutes_approve",
    "minutes_unlock",
]


# ---------------------------------------------------------------- the minutes page


def test_minutes_page_shows_each_item_in_agenda_order_with_everything_recorded_against_it(
    alice_client, past_meeting, aileen, bob, partnership
):
    fi = make_user(full_name="Fiona Grant", known_as="Fi")
    make_member(partnership, fi)
    gone = make_user(full_name="Sam Gone")
    make_member(partnership, gone)
    first, second = _items(past_meeting)[0], _items(past_meeting)[1]
    minutes = make_minutes(
        past_meeting, texts={first: "Everyone's access worked.", second: "Apologies from Sam."}
    )
    services.partner_view_add(
        minutes=minutes, agenda_item=first, person=fi, words="The hearing loop was great today.", by=aileen
    )
    services.partner_view_add(minutes=minutes, agenda_item=first, person=gone, words="I liked it.", by=aileen)
    gone.delete()
    _decision(past_meeting, second, 4, text="We meet at the library from now on.")
    _action(past_meeting, second, 12, bob, text="Book the library room.")

    response = alice_client.get(_url("minutes", past_meeting))

    assert response.status_code == 200
    body = _body(response)
    titles = [item.title for item in _items(past_meeting)]
    positions = [body.index(f"{n}. {title}") for n, title in enumerate(titles, start=1)]
    assert positions == sorted(positions)
    assert "Everyone&#x27;s access worked." in body
    assert "Fi said:</strong> “The hearing loop was great today.”" in body
    assert "A former partner said:</strong> “I liked it.”" in body
    assert "D-2026-004" in body and "We meet at the library from now on." in body
    assert "A-2026-012" in body and "Book the library room." in body and "Who: Bob Member" in body
    # The decision sits under its own item, after the first item's heading and after the second's.
    assert body.index("D-2026-004") > body.index(f"2. {second.title}")
    assert "Draft" in body


def test_looking_at_minutes_nobody_wrote_writes_nothing(bob_client, meeting):
    """Reading pages show a blank draft and make no row (so the first look costs no more queries than the
    next); the minutes are made when someone first changes them."""
    assert not Minutes.objects.filter(meeting=meeting).exists()
    for name in ("minutes", "minutes_versions", "correction_add"):
        assert bob_client.get(_url(name, meeting)).status_code == 200
    assert "The minute-taker is still writing these minutes." in _body(
        bob_client.get(_url("minutes", meeting))
    )
    assert not Minutes.objects.filter(meeting=meeting).exists()
    minutes = services.minutes_for(meeting)
    assert (minutes.status, minutes.revision, minutes.partnership) == ("draft", 0, meeting.partnership)
    assert bob_client.get(_url("minutes", meeting)).status_code == 200
    assert Minutes.objects.filter(meeting=meeting).count() == 1


def test_the_page_says_where_the_minutes_are_in_their_life(bob_client, past_meeting, meeting, aileen, dana):
    minutes = make_minutes(past_meeting, by=aileen)
    assert "The minute-taker is still writing these minutes." in _body(
        bob_client.get(_url("minutes", past_meeting))
    )

    services.minutes_send(minutes=minutes, by=aileen, minutes_url="http://testserver/")
    sent_on = timezone.localdate().strftime("%-d %B %Y")
    assert f"Sent for comments on {sent_on}" in _body(bob_client.get(_url("minutes", past_meeting)))

    services.minutes_approve(minutes=minutes, at_meeting=meeting, by=dana)
    body = _body(bob_client.get(_url("minutes", past_meeting)))
    held_on = timezone.localtime(meeting.starts_at).strftime("%-d %B %Y")
    assert f"Approved at the meeting of {held_on} on {sent_on}." in body
    assert "The minutes are locked" in body


def test_members_read_but_do_not_see_the_writing_buttons(bob_client, aileen_client, past_meeting):
    make_minutes(past_meeting)
    edit = _url("minutes_edit", past_meeting)
    assert edit not in _body(bob_client.get(_url("minutes", past_meeting)))
    assert edit in _body(aileen_client.get(_url("minutes", past_meeting)))


# ---------------------------------------------------------------- who may do what


ALL_URLS = ["minutes", "minutes_versions", "minutes_compare", "correction_add", *WRITE_URLS]


@pytest.mark.parametrize("name", ALL_URLS)
def test_outsider_gets_404_everywhere(charlie_client, past_meeting, name):
    url = _url(name, past_meeting)
    assert charlie_client.get(url).status_code == 404
    assert charlie_client.post(url, {"reason": "x", "text": "x"}).status_code == 404


@pytest.mark.parametrize("name", ALL_URLS)
def test_anonymous_visitor_is_sent_to_sign_in(client, past_meeting, name):
    for response in (client.get(_url(name, past_meeting)), client.post(_url(name, past_meeting))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["minutes_edit", "minutes_send", "minutes_approve", "minutes_unlock"])
def test_member_without_the_power_gets_403(bob_client, past_meeting, name):
    minutes = make_minutes(past_meeting)
    before = minutes.revision
    assert bob_client.get(_url(name, past_meeting)).status_code == 403
    data = _form_data(past_meeting, before, {_items(past_meeting)[0]: "Bob was here."})
    assert bob_client.post(_url(name, past_meeting), data).status_code == 403
    minutes.refresh_from_db()
    assert minutes.revision == before and minutes.status == "draft"


def test_correction_urls_belong_to_their_meeting(aileen_client, sent_minutes, past_meeting, meeting, bob):
    correction = services.correction_add(
        minutes=sent_minutes, agenda_item=_items(past_meeting)[0], text="Fix it.", author=bob
    )
    for name in ("correction_accept", "correction_answer"):
        assert aileen_client.get(_url(name, meeting, correction_pk=correction.pk)).status_code == 404
        assert (
            aileen_client.get(_url(name, past_meeting, correction_pk=correction.pk + 999)).status_code == 404
        )


def test_visiting_experts_read_only_the_minutes_of_their_meeting(client, partnership, past_meeting):
    expert = make_user(full_name="Vic Expert")
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    other = make_meeting(partnership, days_ahead=-60)
    Attendance.objects.create(partnership=partnership, meeting=past_meeting, person=expert)
    make_minutes(past_meeting)
    client.force_login(expert)
    assert client.get(_url("minutes", past_meeting)).status_code == 200
    assert client.get(_url("minutes", other)).status_code == 404
    assert client.get(_url("correction_add", past_meeting)).status_code == 403
    assert client.get(_url("partner_view_add", past_meeting)).status_code == 403
    assert client.get(_url("minutes_edit", past_meeting)).status_code == 403


# ---------------------------------------------------------------- writing


def test_the_minute_taker_writes_minutes_per_agenda_item(aileen_client, aileen, past_meeting):
    response = aileen_client.get(_url("minutes_edit", past_meeting))
    assert response.status_code == 200
    body = _body(response)
    items = _items(past_meeting)
    for item in items:
        # Each textarea is labelled with its item's title.
        assert re.search(
            rf'<label[^>]*for="id_item_{item.pk}"[^>]*>\d+\. {re.escape(item.title)}</label>', body
        )
    assert 'name="revision" value="0"' in body

    texts = {items[0]: "Everyone's access worked.\r\nThe loop was on.", items[2]: "Approved."}
    response = aileen_client.post(_url("minutes_edit", past_meeting), _form_data(past_meeting, 0, texts))

    assert response.status_code == 302
    assert response["Location"] == _url("minutes", past_meeting)
    assert _text(past_meeting, items[0]) == "Everyone's access worked.\nThe loop was on."
    assert _text(past_meeting, items[2]) == "Approved."
    minutes = Minutes.objects.get(meeting=past_meeting)
    assert minutes.revision == 1 and minutes.updated_by == aileen
    version = MinutesVersion.objects.get(minutes=minutes)
    assert (version.revision, version.event, version.created_by) == (1, "edited", aileen)
    assert version.snapshot["items"][0]["text"] == "Everyone's access worked.\nThe loop was on."


def test_writing_during_the_meeting_works_and_items_added_later_appear(aileen_client, meeting):
    item = item_add(meeting=meeting, title="The new bus timetable", purpose="discussion", duration_minutes=20)
    response = aileen_client.post(
        _url("minutes_edit", meeting), _form_data(meeting, 0, {item: "Buses are late."})
    )
    assert response.status_code == 302
    assert _text(meeting, item) == "Buses are late."
    assert "Buses are late." in _body(aileen_client.get(_url("minutes", meeting)))


def test_breaks_have_no_minutes(aileen_client, meeting):
    item_add(meeting=meeting, title="Comfort break", purpose=AgendaItem.Purpose.BREAK, duration_minutes=10)
    assert "Comfort break" not in _body(aileen_client.get(_url("minutes_edit", meeting)))


def test_too_long_minutes_keep_everything_typed_with_an_error_summary(aileen_client, past_meeting):
    items = _items(past_meeting)
    data = _form_data(past_meeting, 0, {items[0]: "x" * 20001, items[1]: "Kept words."})
    response = aileen_client.post(_url("minutes_edit", past_meeting), data)
    assert response.status_code == 200
    body = _body(response)
    assert "There is a problem" in body and f'href="#id_item_{items[0].pk}"' in body
    assert "Kept words." in body
    assert not MinuteEntry.objects.exists()


def test_a_tampered_revision_is_a_message_not_a_500(aileen_client, past_meeting):
    data = _form_data(past_meeting, 0, {_items(past_meeting)[0]: "Kept words."})
    data["revision"] = "nonsense"
    response = aileen_client.post(_url("minutes_edit", past_meeting), data)
    assert response.status_code == 200
    assert "This page was out of date" in _body(response) and "Kept words." in _body(response)


def test_the_second_of_two_saves_from_the_same_revision_is_refused_with_both_versions_shown(
    aileen_client, alice_client, aileen, past_meeting
):
    item = _items(past_meeting)[0]
    make_minutes(past_meeting, texts={item: "The first draft."}, by=aileen)
    # Both open the page at the same revision.
    loaded = [
        re.search(r'name="revision" value="(\d+)"', _body(c.get(_url("minutes_edit", past_meeting)))).group(1)
        for c in (aileen_client, alice_client)
    ]
    assert loaded[0] == loaded[1] == "1"

    first = aileen_client.post(
        _url("minutes_edit", past_meeting), _form_data(past_meeting, 1, {item: "Aileen's words."})
    )
    assert first.status_code == 302
    second = alice_client.post(
        _url("minutes_edit", past_meeting), _form_data(past_meeting, 1, {item: "Alice's words."})
    )

    assert second.status_code == 200
    body = _body(second)
    assert (
        "Someone else saved these minutes while you were editing. Nothing was overwritten. "
        "Compare the two versions below, then save again." in body
    )
    assert "Your version" in body and "Alice&#x27;s words." in body  # everything typed is kept
    saved_at = timezone.localtime(Minutes.objects.get(meeting=past_meeting).updated_at).strftime("%H:%M")
    assert f"Saved by Aileen at {saved_at}" in body
    assert "Aileen&#x27;s words." in body  # their version, beside it
    assert _text(past_meeting, item) == "Aileen's words."  # nothing overwritten
    assert MinutesVersion.objects.filter(minutes__meeting=past_meeting).count() == 2
    # The form now carries the new revision, so saving again (having compared) goes through.
    new_revision = re.search(r'name="revision" value="(\d+)"', body).group(1)
    assert new_revision == "2"

    again = alice_client.post(
        _url("minutes_edit", past_meeting), _form_data(past_meeting, 2, {item: "Both our words."})
    )
    assert again.status_code == 302
    assert _text(past_meeting, item) == "Both our words."
    assert Minutes.objects.get(meeting=past_meeting).revision == 3


def test_a_partners_view_added_meanwhile_does_not_block_a_save(aileen_client, aileen, bob, past_meeting):
    """Only a change to the text can be overwritten; a view added while the page was open is not a clash."""
    item = _items(past_meeting)[0]
    minutes = make_minutes(past_meeting, texts={item: "The first draft."}, by=aileen)
    services.partner_view_add(minutes=minutes, agenda_item=item, person=bob, words="Good meeting.", by=bob)
    response = aileen_client.post(
        _url("minutes_edit", past_meeting), _form_data(past_meeting, 1, {item: "The second draft."})
    )
    assert response.status_code == 302
    assert _text(past_meeting, item) == "The second draft."
    assert PartnerView.objects.filter(minutes=minutes).count() == 1


def test_locked_minutes_cannot_be_written(aileen_client, approved_minutes, past_meeting):
    item = _items(past_meeting)[0]
    before = _text(past_meeting, item)
    assert "locked" in _body(aileen_client.get(_url("minutes_edit", past_meeting)))
    response = aileen_client.post(
        _url("minutes_edit", past_meeting),
        _form_data(past_meeting, approved_minutes.revision, {item: "Sneaky change."}),
    )
    assert response.status_code == 200
    assert "These minutes are approved and locked" in _body(response)
    assert _text(past_meeting, item) == before


def test_the_save_service_refuses_locked_minutes_even_at_the_right_revision(
    approved_minutes, past_meeting, alice
):
    with pytest.raises(services.MinutesLocked):
        services.minutes_save(
            minutes=approved_minutes,
            revision=approved_minutes.revision,
            texts={_items(past_meeting)[0].pk: "Sneaky"},
            by=alice,
        )


# ---------------------------------------------------------------- partners' views


def test_the_minute_taker_records_a_partners_view_in_their_own_words(
    aileen_client, aileen, bob, past_meeting, partnership
):
    item = _items(past_meeting)[1]
    make_minutes(past_meeting, by=aileen)
    form = _body(aileen_client.get(_url("partner_view_add", past_meeting)))
    assert "Whose view is it?" in form and "Bob Member" in form and "Aileen" in form
    response = aileen_client.post(
        _url("partner_view_add", past_meeting),
        {"person": bob.pk, "agenda_item": item.pk, "words": "I could not hear the speaker."},
    )
    assert response.status_code == 302
    view = PartnerView.objects.get()
    assert (view.person, view.agenda_item, view.recorded_by) == (bob, item, aileen)
    version = MinutesVersion.objects.filter(minutes__meeting=past_meeting).first()
    assert version.revision == 2 and "Bob Member's view" in version.reason
    assert version.snapshot["views"] == [
        {
            "agenda_item": item.pk,
            "person": "Bob Member",
            "words": "I could not hear the speaker.",
            "video": "",
        }
    ]


def test_the_minute_taker_can_only_choose_people_invited(aileen_client, past_meeting, charlie):
    response = aileen_client.post(
        _url("partner_view_add", past_meeting),
        {"person": charlie.pk, "agenda_item": _items(past_meeting)[0].pk, "words": "Not mine."},
    )
    assert response.status_code == 200
    assert "Choose someone who was invited to this meeting." in _body(response)
    assert not PartnerView.objects.exists()


def test_a_partner_adds_their_own_view_only_for_themselves(bob_client, bob, aileen, past_meeting):
    make_minutes(past_meeting, by=aileen)
    form = _body(bob_client.get(_url("partner_view_add", past_meeting)))
    assert "Your view, in your own words" in form and "Whose view is it?" not in form
    response = bob_client.post(
        _url("partner_view_add", past_meeting),
        {"person": aileen.pk, "agenda_item": _items(past_meeting)[0].pk, "words": "We need larger print."},
    )
    assert response.status_code == 302
    assert PartnerView.objects.get().person == bob


def test_an_empty_view_is_an_error_with_nothing_lost(bob_client, past_meeting):
    item = _items(past_meeting)[2]
    response = bob_client.post(
        _url("partner_view_add", past_meeting), {"agenda_item": item.pk, "words": "  "}
    )
    assert response.status_code == 200
    body = _body(response)
    assert "Write your view in your own words, or give a link to a BSL video of it." in body
    assert 'href="#id_words"' in body
    assert f'value="{item.pk}" selected' in body


def test_observers_do_not_add_views(client, partnership, past_meeting):
    observer = make_user()
    make_member(partnership, observer, role=Role.OBSERVER)
    client.force_login(observer)
    assert client.post(_url("partner_view_add", past_meeting), {"words": "x"}).status_code == 403


def test_no_views_on_locked_minutes(bob_client, approved_minutes, past_meeting):
    response = bob_client.post(
        _url("partner_view_add", past_meeting), {"agenda_item": _items(past_meeting)[0].pk, "words": "Late."}
    )
    assert response.status_code == 200 and "locked" in _body(response)
    assert not PartnerView.objects.exists()


# ---------------------------------------------------------------- sending for comments


def _present(meeting, *people):
    for person in people:
        Attendance.objects.update_or_create(
            meeting=meeting, person=person, defaults={"partnership": meeting.partnership, "present": True}
        )


def test_sending_emails_everyone_invited_present_or_not_with_a_link(
    aileen_client, alice_client, aileen, alice, bob, dana, past_meeting
):
    minutes = make_minutes(past_meeting, by=aileen)
    _present(past_meeting, aileen, bob)
    assert "Who gets the minutes (4)" in _body(aileen_client.get(_url("minutes_send", past_meeting)))
    page = _body(alice_client.get(_url("minutes_send", past_meeting)))
    assert "Who gets the minutes (4)" in page and "Bob Member" in page
    assert 'Dana Chair<br><span class="govuk-body-s">Not marked present</span>' in page

    response = aileen_client.post(_url("minutes_send", past_meeting))

    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == "out_for_comment" and minutes.sent_for_comment_at is not None
    version = MinutesVersion.objects.filter(minutes=minutes).first()
    assert (version.event, version.created_by, version.revision) == ("sent", aileen, minutes.revision)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "aileen@example.org",
        "alice@example.org",
        "bob@example.org",
        "dana@example.org",
    ]
    link = "http://testserver" + _url("minutes", past_meeting)
    for message in mail.outbox:
        assert message.subject == f"Please check the minutes of {past_meeting.title}"
        html = message.alternatives[0][0]
        assert link in message.body and f'href="{link}"' in html
        # The same words in both: every line of the plain text is in the HTML's words.
        assert f"The minutes of {past_meeting.title} on" in message.body
        html_words = _words(html)
        for line in filter(None, (line.strip() for line in message.body.splitlines())):
            assert " ".join(line.split()) in html_words
    follow = aileen_client.get(response["Location"])
    assert "4 people were emailed." in _body(follow)


def test_without_presence_everyone_invited_is_sent_them(aileen, alice, bob, dana, past_meeting):
    minutes = make_minutes(past_meeting, by=aileen)
    result = services.minutes_send(minutes=minutes, by=aileen, minutes_url="http://testserver/m/")
    people = {p.email for p in result.emailed}
    assert people == {"aileen@example.org", "alice@example.org", "bob@example.org", "dana@example.org"}
    assert len(mail.outbox) == 4


def test_people_who_want_meeting_packs_only_get_the_draft_minutes_on_their_own(
    aileen_client, alice_client, aileen, alice, bob, dana, past_meeting
):
    make_minutes(past_meeting, by=aileen)
    CommunicationPreference.objects.create(
        person=bob, channels=["email"], frequency=CommunicationPreference.Frequency.PACKS_ONLY
    )
    CommunicationPreference.objects.create(
        person=dana, channels=["email"], frequency=CommunicationPreference.Frequency.WEEKLY
    )
    page = _body(alice_client.get(_url("minutes_send", past_meeting)))
    assert "On their own, not with the next meeting pack" in page

    response = aileen_client.post(_url("minutes_send", past_meeting), follow=True)

    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {"aileen@example.org", "alice@example.org", "bob@example.org", "dana@example.org"}
    bobs = next(m for m in mail.outbox if m.to == ["bob@example.org"])
    assert "They come on their own, not with the next meeting pack" in bobs.body
    assert [name for name, _, _ in bobs.attachments] == [
        f"minutes-{timezone.localtime(past_meeting.starts_at).date().isoformat()}-standard.pdf"
    ]
    assert "4 people were emailed." in _body(response)


def test_a_support_person_is_copied_in(aileen, bob, past_meeting):
    minutes = make_minutes(past_meeting, by=aileen)
    _present(past_meeting, bob)
    CommunicationPreference.objects.create(
        person=bob, channels=["email"], support_person_email="helper@example.org"
    )
    services.minutes_send(minutes=minutes, by=aileen, minutes_url="http://testserver/m/")
    assert next(m for m in mail.outbox if m.to == ["bob@example.org"]).cc == ["helper@example.org"]


def test_sending_twice_or_sending_nothing_is_a_message(aileen_client, aileen, past_meeting, meeting):
    assert aileen_client.post(_url("minutes_send", meeting), follow=True).status_code == 200
    assert Minutes.objects.get(meeting=meeting).status == "draft"
    assert "Write the minutes before sending them for comments." in _body(
        aileen_client.post(_url("minutes_send", meeting), follow=True)
    )
    make_minutes(past_meeting, by=aileen)
    aileen_client.post(_url("minutes_send", past_meeting))
    mail.outbox.clear()
    again = aileen_client.post(_url("minutes_send", past_meeting), follow=True)
    assert "These minutes were already sent for comments on" in _body(again)
    assert mail.outbox == []


# ---------------------------------------------------------------- corrections


def test_an_attendee_suggests_a_correction_and_sees_the_answer(
    bob_client, aileen_client, bob, aileen, sent_minutes, past_meeting
):
    item = _items(past_meeting)[1]
    form = _body(bob_client.get(_url("correction_add", past_meeting) + f"?item={item.pk}"))
    assert f'value="{item.pk}" selected' in form
    response = bob_client.post(
        _url("correction_add", past_meeting), {"agenda_item": item.pk, "text": "Dana sent apologies too."}
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.author, correction.agenda_item, correction.status) == (bob, item, "open")

    # The minute-taker sees it, with a way to answer.
    page = _body(aileen_client.get(_url("minutes", past_meeting)))
    assert "1 suggested correction is waiting for you." in page
    assert _url("correction_answer", past_meeting, correction_pk=correction.pk) in page

    response = aileen_client.post(
        _url("correction_answer", past_meeting, correction_pk=correction.pk),
        {"response": "Dana was there, so no apologies."},
    )
    assert response.status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.responded_by) == ("answered", aileen)
    assert "Answered by Aileen" in _body(bob_client.get(_url("minutes", past_meeting)))
    assert "Dana was there, so no apologies." in _body(bob_client.get(_url("minutes", past_meeting)))


def test_others_do_not_see_someone_elses_correction(bob_client, dana_client, bob, sent_minutes, past_meeting):
    services.correction_add(
        minutes=sent_minutes, agenda_item=_items(past_meeting)[0], text="Bob's own words.", author=bob
    )
    assert "Bob&#x27;s own words." in _body(bob_client.get(_url("minutes", past_meeting)))
    assert "Bob&#x27;s own words." not in _body(dana_client.get(_url("minutes", past_meeting)))


def test_accepting_a_correction_changes_the_text_in_the_same_step(
    bob_client, aileen_client, bob, aileen, sent_minutes, past_meeting
):
    item = _items(past_meeting)[1]
    correction = services.correction_add(
        minutes=sent_minutes, agenda_item=item, text="Add Dana's apologies.", author=bob
    )
    url = _url("correction_accept", past_meeting, correction_pk=correction.pk)
    form = _body(aileen_client.get(url))
    assert "Add Dana&#x27;s apologies." in form  # the correction is shown
    assert _text(past_meeting, item) in form  # the item's text, ready to change
    revision = sent_minutes.revision

    response = aileen_client.post(
        url, {"revision": revision, "text": "Apologies from Sam and Dana.", "response": "Thanks, Bob."}
    )

    assert response.status_code == 302
    assert _text(past_meeting, item) == "Apologies from Sam and Dana."
    correction.refresh_from_db()
    assert (correction.status, correction.response, correction.responded_by) == (
        "accepted",
        "Thanks, Bob.",
        aileen,
    )
    minutes = Minutes.objects.get(meeting=past_meeting)
    assert minutes.revision == revision + 1
    version = MinutesVersion.objects.filter(minutes=minutes).first()
    assert (version.event, version.revision) == ("correction_accepted", revision + 1)
    assert "Bob Member" in version.reason
    assert "Accepted by Aileen" in _body(bob_client.get(_url("minutes", past_meeting)))
    # Done once; a second go is a message, not an error.
    again = aileen_client.post(url, {"revision": revision + 1, "text": "Again."})
    assert again.status_code == 200 and "already been dealt with" in _body(again)
    assert _text(past_meeting, item) == "Apologies from Sam and Dana."


def test_accepting_from_a_stale_page_shows_both_versions(
    aileen_client, alice, bob, sent_minutes, past_meeting
):
    item = _items(past_meeting)[0]
    correction = services.correction_add(minutes=sent_minutes, agenda_item=item, text="Fix it.", author=bob)
    stale = sent_minutes.revision
    services.minutes_save(minutes=sent_minutes, revision=stale, texts={item.pk: "Alice's fix."}, by=alice)
    response = aileen_client.post(
        _url("correction_accept", past_meeting, correction_pk=correction.pk),
        {"revision": stale, "text": "Aileen's fix."},
    )
    assert response.status_code == 200
    body = _body(response)
    assert "Nothing was overwritten" in body and "Alice&#x27;s fix." in body and "Aileen&#x27;s fix." in body
    assert _text(past_meeting, item) == "Alice's fix."
    correction.refresh_from_db()
    assert correction.status == "open"


def test_corrections_open_only_while_out_for_comment(bob_client, aileen, past_meeting):
    make_minutes(past_meeting, by=aileen)
    response = bob_client.post(
        _url("correction_add", past_meeting), {"agenda_item": _items(past_meeting)[0].pk, "text": "Early."}
    )
    assert response.status_code == 200
    assert "have not been sent for comments yet" in _body(response)
    assert not Correction.objects.exists()


LOCKED_WORDS = (
    "These minutes are approved and locked, so they can no longer be corrected. "
    "Ask the minute-taker if something is wrong."
)


def test_a_correction_to_locked_minutes_gets_a_plain_message(bob_client, approved_minutes, past_meeting):
    assert LOCKED_WORDS in _body(bob_client.get(_url("correction_add", past_meeting)))
    response = bob_client.post(
        _url("correction_add", past_meeting), {"agenda_item": _items(past_meeting)[0].pk, "text": "Too late."}
    )
    assert response.status_code == 200
    assert LOCKED_WORDS in _body(response)
    assert not Correction.objects.exists()


def test_a_correction_posted_as_the_minutes_lock_gets_the_same_message(bob, approved_minutes, past_meeting):
    with pytest.raises(ValidationError, match="can no longer be corrected"):
        services.correction_add(minutes=approved_minutes, agenda_item=None, text="Late", author=bob)


def test_empty_correction_is_an_error_with_the_item_kept(bob_client, sent_minutes, past_meeting):
    item = _items(past_meeting)[2]
    response = bob_client.post(_url("correction_add", past_meeting), {"agenda_item": item.pk, "text": ""})
    assert response.status_code == 200
    assert "Write the correction you suggest, or give a link to a BSL video of it." in _body(response)
    assert f'value="{item.pk}" selected' in _body(response)


def test_members_and_observers_cannot_accept_or_answer(
    bob_client, client, partnership, bob, sent_minutes, past_meeting
):
    correction = services.correction_add(
        minutes=sent_minutes, agenda_item=_items(past_meeting)[0], text="Fix.", author=bob
    )
    for name in ("correction_accept", "correction_answer"):
        url = _url(name, past_meeting, correction_pk=correction.pk)
        assert bob_client.post(url, {"response": "Me", "text": "Me", "revision": 9}).status_code == 403
    observer = make_user()
    make_member(partnership, observer, role=Role.OBSERVER)
    client.force_login(observer)
    assert client.get(_url("correction_add", past_meeting)).status_code == 403
    correction.refresh_from_db()
    assert correction.status == "open"


def test_an_answer_still_works_once_the_minutes_are_locked(
    aileen_client, bob, sent_minutes, past_meeting, meeting, dana
):
    correction = services.correction_add(minutes=sent_minutes, agenda_item=None, text="Hmm.", author=bob)
    services.minutes_approve(minutes=sent_minutes, at_meeting=meeting, by=dana)
    accept = aileen_client.get(_url("correction_accept", past_meeting, correction_pk=correction.pk))
    assert accept.status_code == 200 and "can no longer change them" in _body(accept)
    response = aileen_client.post(
        _url("correction_answer", past_meeting, correction_pk=correction.pk), {"response": "Noted."}
    )
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == "answered"


# ---------------------------------------------------------------- approval


def _held_today(meeting):
    """Move the next meeting to today, 10:00: minutes are approved there, from that day."""
    starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    length = meeting.ends_at - meeting.starts_at
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts, ends_at=starts + length)
    meeting.refresh_from_db()
    return meeting


def test_the_chair_approves_the_minutes_at_the_next_meeting(
    dana_client, dana, sent_minutes, past_meeting, meeting
):
    _held_today(meeting)
    make_meeting(past_meeting.partnership, days_ahead=40, title="The one after")
    form = _body(dana_client.get(_url("minutes_approve", past_meeting)))
    assert re.search(rf'<option value="{meeting.pk}" selected>', form)  # the next meeting is the default

    response = dana_client.post(_url("minutes_approve", past_meeting), {"at_meeting": meeting.pk})

    assert response.status_code == 302
    minutes = Minutes.objects.get(meeting=past_meeting)
    assert minutes.status == "approved" and minutes.locked
    assert minutes.approved_at_meeting == meeting and minutes.approved_at is not None
    version = MinutesVersion.objects.filter(minutes=minutes).first()
    assert (version.event, version.created_by) == ("approved", dana)
    past_meeting.refresh_from_db()
    assert past_meeting.status == Meeting.Status.MINUTES_APPROVED

    # Approving twice is a message, not an error, and changes nothing.
    twice = dana_client.post(_url("minutes_approve", past_meeting), {"at_meeting": meeting.pk}, follow=True)
    assert twice.status_code == 200 and "already approved" in _body(twice)
    assert MinutesVersion.objects.filter(minutes=minutes, event="approved").count() == 1


def test_approval_needs_minutes_and_a_later_meeting(dana_client, dana, aileen, past_meeting, meeting):
    _held_today(meeting)
    response = dana_client.post(
        _url("minutes_approve", past_meeting), {"at_meeting": meeting.pk}, follow=True
    )
    assert "There are no minutes to approve yet." in _body(response)
    make_minutes(past_meeting, by=aileen)
    earlier = make_meeting(past_meeting.partnership, days_ahead=-50)
    response = dana_client.post(_url("minutes_approve", past_meeting), {"at_meeting": earlier.pk})
    assert response.status_code == 200 and "Choose a meeting held after this one." in _body(response)
    latest = make_meeting(past_meeting.partnership, days_ahead=100)
    response = dana_client.get(_url("minutes_approve", latest))
    assert response.status_code == 200 and "There is no later meeting yet" in _body(response)
    assert Minutes.objects.get(meeting=past_meeting).status == "draft"


def test_the_approve_page_warns_of_corrections_still_open(
    dana_client, bob, sent_minutes, past_meeting, meeting
):
    _held_today(meeting)
    services.correction_add(minutes=sent_minutes, agenda_item=None, text="One thing.", author=bob)
    assert "1 suggested correction is still waiting" in _body(
        dana_client.get(_url("minutes_approve", past_meeting))
    )


# ---------------------------------------------------------------- unlocking


def test_a_coordinator_unlocks_approved_minutes_with_a_reason(
    alice_client, alice, approved_minutes, past_meeting
):
    response = alice_client.post(_url("minutes_unlock", past_meeting), {"reason": "  "})
    assert response.status_code == 200
    assert "Say why the minutes need to change" in _body(response) and 'href="#id_reason"' in _body(response)
    assert Minutes.objects.get(meeting=past_meeting).locked

    response = alice_client.post(
        _url("minutes_unlock", past_meeting), {"reason": "A decision was misquoted."}
    )

    assert response.status_code == 302
    minutes = Minutes.objects.get(meeting=past_meeting)
    assert (minutes.status, minutes.locked, minutes.approved_at_meeting) == ("draft", False, None)
    version = MinutesVersion.objects.filter(minutes=minutes).first()
    assert (version.event, version.reason, version.created_by) == (
        "unlocked",
        "A decision was misquoted.",
        alice,
    )
    past_meeting.refresh_from_db()
    assert past_meeting.status == Meeting.Status.HELD
    # Open again for writing.
    item = _items(past_meeting)[0]
    alice_client.post(
        _url("minutes_edit", past_meeting), _form_data(past_meeting, minutes.revision, {item: "Fixed."})
    )
    assert _text(past_meeting, item) == "Fixed."


def test_only_coordinators_unlock(dana_client, approved_minutes, past_meeting):
    assert dana_client.post(_url("minutes_unlock", past_meeting), {"reason": "I want to"}).status_code == 403
    assert Minutes.objects.get(meeting=past_meeting).locked


# ---------------------------------------------------------------- versions


def test_every_version_is_listed_with_who_when_and_why(bob_client, approved_minutes, past_meeting, alice):
    services.minutes_unlock(minutes=approved_minutes, reason="Wrong date.", by=alice)
    body = _body(bob_client.get(_url("minutes_versions", past_meeting)))
    for event in ("Edited", "Sent for comments", "Approved", "Unlocked"):
        assert f'<td class="govuk-table__cell">{event}</td>' in body
    assert "Wrong date." in body and "Alice Coordinator" in body and "Aileen" in body
    assert "4 versions, newest first" in body


def test_comparing_two_versions_shows_removed_and_added_lines_in_words(
    bob_client, aileen, alice, past_meeting
):
    item = _items(past_meeting)[0]
    minutes = make_minutes(past_meeting, texts={item: "Access worked.\nThe loop was on."}, by=aileen)
    services.minutes_save(
        minutes=minutes, revision=1, texts={item.pk: "Access worked.\nThe loop was off."}, by=alice
    )

    response = bob_client.get(_url("minutes_compare", past_meeting) + "?from=1&to=2")

    assert response.status_code == 200
    body = _body(response)
    assert '<del><span class="govuk-visually-hidden">Removed: </span>The loop was on.</del>' in body
    assert '<ins><span class="govuk-visually-hidden">Added: </span>The loop was off.</ins>' in body
    assert "<li>Access worked.</li>" in body
    assert "No changes." in body  # the items nobody touched
    # Either order gives the same comparison, older first.
    assert _body(bob_client.get(_url("minutes_compare", past_meeting) + "?from=2&to=1")).count("<del>") == 1


def test_versions_kept_without_titles_compare_under_the_items_title_today(aileen, past_meeting):
    item = _items(past_meeting)[0]
    minutes = services.minutes_for(past_meeting)
    old = MinutesVersion.objects.create(
        partnership=minutes.partnership,
        minutes=minutes,
        revision=1,
        snapshot={"items": [{"agenda_item": item.pk, "text": "Old words."}, {"text": "no item"}]},
    )
    new = MinutesVersion.objects.create(
        partnership=minutes.partnership,
        minutes=minutes,
        revision=2,
        snapshot={"items": [{"agenda_item": item.pk, "text": "New words."}]},
    )
    [diff] = services.versions_compare(old, new, titles={item.pk: item.title})
    assert diff.title == item.title
    assert [(line.kind, line.text) for line in diff.lines] == [
        ("removed", "Old words."),
        ("added", "New words."),
    ]


@pytest.mark.parametrize(
    "query", ["", "?from=1", "?from=abc&to=2", "?from=1&to=99", "?from=-1&to=1", "?to=1e5"]
)
def test_bad_version_numbers_are_a_plain_message(bob_client, aileen, past_meeting, query):
    make_minutes(past_meeting, by=aileen)
    response = bob_client.get(_url("minutes_compare", past_meeting) + query)
    assert response.status_code == 404
    assert "Choose two versions of these minutes to compare" in _body(response)


def test_versions_of_other_minutes_cannot_be_compared(bob_client, aileen, past_meeting, meeting):
    item = _items(past_meeting)[0]
    theirs = make_minutes(past_meeting, texts={item: "Secret first."}, by=aileen)
    services.minutes_save(minutes=theirs, revision=1, texts={item.pk: "Secret second."}, by=aileen)
    make_minutes(meeting, by=aileen)
    response = bob_client.get(_url("minutes_compare", meeting) + "?from=1&to=2")
    assert response.status_code == 404 and "Secret" not in _body(response)
    assert bob_client.get(_url("minutes_compare", past_meeting) + "?from=1&to=2").status_code == 200


# ---------------------------------------------------------------- query budgets


def _fill(meeting, count, minute_taker, people, first_number=1):
    """`count` agenda items, each with text, a view, a decision, an action point and a correction."""
    existing = _items(meeting)
    for item in existing[count:]:
        item.delete()
    for n in range(count - len(existing)):
        item_add(meeting=meeting, title=f"Topic {n}", purpose="discussion", duration_minutes=1)
    items = _items(meeting)
    minutes = make_minutes(
        meeting, texts={item: f"Minutes of {item.title}." for item in items}, by=minute_taker
    )
    Minutes.objects.filter(pk=minutes.pk).update(status="out_for_comment", sent_for_comment_at=timezone.now())
    for n, item in enumerate(items):
        person = people[n % len(people)]
        PartnerView.objects.create(
            partnership=meeting.partnership, minutes=minutes, agenda_item=item, person=person, words="Yes."
        )
        _decision(meeting, item, first_number + n)
        _action(meeting, item, first_number + n, person)
        Correction.objects.create(
            partnership=meeting.partnership, minutes=minutes, agenda_item=item, text="Fix.", author=person
        )
    return minutes


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_minutes_page_queries_stay_flat_from_5_to_50_items(aileen_client, aileen, partnership):
    people = [make_member(partnership).person for _ in range(5)]
    small = make_meeting(partnership, days_ahead=-10)
    large = make_meeting(partnership, days_ahead=-5)
    _fill(small, 5, aileen, people)
    _fill(large, 50, aileen, people, first_number=100)
    url_small, url_large = _url("minutes", small), _url("minutes", large)
    _count_queries(aileen_client, url_small)  # warm the session
    assert _count_queries(aileen_client, url_large) == _count_queries(aileen_client, url_small)
    # session, user, membership, meeting, meeting roles, minutes, agenda items, entries, views, decisions,
    # action points, corrections, the chair's notes
    assert _count_queries(aileen_client, url_large) <= 13


def test_versions_page_queries_stay_flat(bob_client, aileen, past_meeting, meeting):
    item = _items(past_meeting)[0]
    few = make_minutes(past_meeting, texts={item: "v1"}, by=aileen)
    many = make_minutes(meeting, texts={item: "v1"}, by=aileen)
    item_large = _items(meeting)[0]
    for n in range(2, 6):
        services.minutes_save(minutes=few, revision=few.revision, texts={item.pk: f"v{n}"}, by=aileen)
    for n in range(2, 51):
        services.minutes_save(minutes=many, revision=many.revision, texts={item_large.pk: f"v{n}"}, by=aileen)
    _count_queries(bob_client, _url("minutes_versions", past_meeting))
    assert _count_queries(bob_client, _url("minutes_versions", meeting)) == _count_queries(
        bob_client, _url("minutes_versions", past_meeting)
    )


def test_versions_page_before_anything_is_saved(partnership, meeting, bob_client):
    url = reverse("meetings:minutes_versions", kwargs={"slug": partnership.slug, "pk": meeting.pk})
    assert bob_client.get(url).status_code == 200


class RefusingBackend(locmem.EmailBackend):
    """A mail server that refuses bob's address, as a real relay does for a mistyped one."""

    def send_messages(self, messages):
        if any("bob@example.org" in m.to for m in messages):
            raise smtplib.SMTPRecipientsRefused({"bob@example.org": (550, b"No such user")})
        return super().send_messages(messages)


def test_a_refused_address_does_not_stop_the_others(partnership, meeting, alice, bob, settings):
    from meetings.services.minutes import minutes_for, minutes_save, minutes_send

    settings.EMAIL_BACKEND = "tests.meetings.test_minutes.RefusingBackend"
    minutes = minutes_for(meeting)
    item = meeting.agenda_items.first()
    minutes_save(minutes=minutes, revision=minutes.revision, texts={item.pk: "We met."}, by=alice)
    result = minutes_send(minutes=minutes_for(meeting), by=alice, minutes_url="https://w.example.org/m")
    assert bob in result.not_reached
    assert alice in result.emailed
    assert [m.to for m in mail.outbox] == [[p.email] for p in result.emailed]
