"""No words are lost in the minutes: the chair's notes from the Run meeting page reach the minute-taker; a
partner's view quoted in the minutes can be changed or removed (kept in the versions) and corrected, and the
person quoted confirms their own words; partners who use BSL give a view or a correction as a video link."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import Correction, MinuteEntry, MinutesVersion, PartnerView
from meetings.services import minutes as services
from meetings.services import run
from partners.models import Role
from tests.factories import make_member, make_minutes, make_user


def _url(name, meeting, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, **kwargs})


def _body(response) -> str:
    """The page as a reader sees its words: entities decoded."""
    return html.unescape(response.content.decode())


def _items(meeting):
    return services.minute_items(meeting)


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
def noted(past_meeting, dana):
    """Last month's meeting, run by Dana, who noted two things under its first item."""
    first = _items(past_meeting)[0]
    run.meeting_start(meeting=past_meeting, chair=dana)
    run.note_add(meeting=past_meeting, author=dana, item=first, text="Loop working in room 2.")
    run.note_add(meeting=past_meeting, author=dana, item=first, text="Fi to check the ramp.")
    return first


# ---------------------------------------------------------------- the chair's notes


def test_the_chairs_notes_show_under_their_item_for_the_minute_taker_only(
    aileen_client, bob_client, past_meeting, noted
):
    body = _body(aileen_client.get(_url("minutes", past_meeting)))
    heading = body.index(f"1. {noted.title}")
    second = body.index(f"2. {_items(past_meeting)[1].title}")
    assert "The chair's notes from the meeting" in body
    assert heading < body.index("Loop working in room 2.") < body.index("Fi to check the ramp.") < second

    # Partners read the minutes, not the chair's working notes.
    assert "Loop working in room 2." not in _body(bob_client.get(_url("minutes", past_meeting)))


def test_the_chairs_notes_are_the_starting_text_only_where_nothing_is_written(
    aileen_client, aileen, past_meeting, noted
):
    page = _body(aileen_client.get(_url("minutes_edit", past_meeting)))
    assert "Loop working in room 2.\n\nFi to check the ramp.</textarea>" in page
    assert "This starts with the chair's notes from the meeting." in page

    make_minutes(past_meeting, texts={noted: "The loop worked."}, by=aileen)
    page = _body(aileen_client.get(_url("minutes_edit", past_meeting)))
    assert "The loop worked.</textarea>" in page
    assert "Fi to check the ramp.</textarea>" not in page
    # Nothing is written until the minute-taker saves.
    assert (
        MinuteEntry.objects.get(minutes__meeting=past_meeting, agenda_item=noted).text == "The loop worked."
    )


# ---------------------------------------------------------------- a partner's view quoted in the minutes


@pytest.fixture
def fi(partnership):
    person = make_user("fi@example.org", full_name="Fiona Grant", known_as="Fi")
    make_member(partnership, person)
    return person


@pytest.fixture
def fi_client(fi):
    client = Client()
    client.force_login(fi)
    return client


@pytest.fixture
def quoted(past_meeting, aileen, fi):
    """Written minutes quoting Fi under the first item."""
    minutes = make_minutes(past_meeting, by=aileen)
    return services.partner_view_add(
        minutes=minutes,
        agenda_item=_items(past_meeting)[0],
        person=fi,
        words="The loop was great.",
        by=aileen,
    )


def _view_url(meeting, view, **query):
    extra = "".join(f"&{key}={value}" for key, value in query.items())
    return f"{_url('partner_view', meeting, view_pk=view.pk)}?{extra[1:]}"


def test_the_minute_taker_changes_a_quoted_view_and_the_old_words_stay_in_the_versions(
    aileen_client, past_meeting, quoted
):
    page = _body(aileen_client.get(_url("minutes", past_meeting)))
    assert _view_url(past_meeting, quoted) in page

    form = _body(aileen_client.get(_view_url(past_meeting, quoted)))
    assert "Change Fi's view" in form and "The loop was great.</textarea>" in form
    response = aileen_client.post(
        _view_url(past_meeting, quoted), {"words": "The hearing loop was great.", "bsl_video_url": ""}
    )

    assert response.status_code == 302
    quoted.refresh_from_db()
    assert quoted.words == "The hearing loop was great."
    version = MinutesVersion.objects.filter(minutes=quoted.minutes).first()
    assert version.event == "view_changed" and "Fi's view in" in version.reason
    older = MinutesVersion.objects.filter(minutes=quoted.minutes).order_by("revision")[1]
    compare = _body(
        aileen_client.get(
            f"{_url('minutes_compare', past_meeting)}?from={older.revision}&to={version.revision}"
        )
    )
    assert "Fi said: “The loop was great.”</del>" in compare
    assert "Fi said: “The hearing loop was great.”</ins>" in compare


def test_an_empty_change_is_an_error_with_nothing_lost(aileen_client, past_meeting, quoted):
    response = aileen_client.post(_view_url(past_meeting, quoted), {"words": "  ", "bsl_video_url": ""})
    assert response.status_code == 200
    assert "or give a link to a BSL video of it" in _body(response)
    quoted.refresh_from_db()
    assert quoted.words == "The loop was great."


def test_the_minute_taker_removes_a_view_after_confirming_and_it_stays_in_the_versions(
    aileen_client, past_meeting, quoted
):
    ask = aileen_client.get(_view_url(past_meeting, quoted, remove=1))
    assert "Remove Fi's view from the minutes?" in _body(ask)
    assert PartnerView.objects.filter(pk=quoted.pk).exists()  # asking removes nothing

    response = aileen_client.post(_view_url(past_meeting, quoted, remove=1), follow=True)

    assert not PartnerView.objects.filter(pk=quoted.pk).exists()
    assert "The loop was great." not in _body(response)
    assert "is taken out of the minutes" in _body(response)
    latest, before = MinutesVersion.objects.filter(minutes=quoted.minutes)[:2]
    assert latest.event == "view_removed"
    assert "The loop was great." in str(before.snapshot) and "The loop was great." not in str(latest.snapshot)


def test_partners_cannot_change_or_remove_views_and_other_meetings_views_are_not_found(
    bob_client, fi_client, aileen_client, past_meeting, meeting, quoted
):
    for client in (bob_client, fi_client):
        assert client.get(_view_url(past_meeting, quoted)).status_code == 403
        assert client.post(_view_url(past_meeting, quoted, remove=1)).status_code == 403
    assert aileen_client.get(_view_url(meeting, quoted)).status_code == 404
    assert aileen_client.get(_url("partner_view", past_meeting, view_pk=999999)).status_code == 404
    assert PartnerView.objects.get(pk=quoted.pk).words == "The loop was great."


def test_views_of_locked_minutes_cannot_be_changed(
    aileen_client, aileen, dana, past_meeting, meeting, quoted
):
    services.minutes_send(minutes=quoted.minutes, by=aileen, minutes_url="http://testserver/m/")
    services.minutes_approve(minutes=quoted.minutes, at_meeting=meeting, by=dana)
    response = aileen_client.post(_view_url(past_meeting, quoted), {"words": "Changed."})
    assert "These minutes are locked" in _body(response)
    assert PartnerView.objects.get(pk=quoted.pk).words == "The loop was great."


def test_the_person_quoted_confirms_their_words_once_the_minutes_are_out(
    fi_client, bob_client, aileen_client, aileen, fi, past_meeting, quoted
):
    assert "Confirm this is what you said" not in _body(fi_client.get(_url("minutes", past_meeting)))
    services.minutes_send(minutes=quoted.minutes, by=aileen, minutes_url="http://testserver/m/")

    page = _body(fi_client.get(_url("minutes", past_meeting)))
    assert "Confirm this is what you said" in page and "Suggest other words" in page
    # Only Fi is asked about Fi's words; the minute-taker sees they are not confirmed yet.
    assert "Confirm this is what you said" not in _body(bob_client.get(_url("minutes", past_meeting)))
    assert "Fi has not confirmed these words yet." in _body(aileen_client.get(_url("minutes", past_meeting)))
    assert bob_client.post(_view_url(past_meeting, quoted), {"confirm": "1"}).status_code == 403

    response = fi_client.post(_view_url(past_meeting, quoted), {"confirm": "1"}, follow=True)

    quoted.refresh_from_db()
    assert quoted.confirmed_at is not None
    assert "You confirmed this is what you said" in _body(response)
    assert "Fi confirmed this is what they said" in _body(aileen_client.get(_url("minutes", past_meeting)))
    # A change to the words needs confirming again.
    services.partner_view_change(view=quoted, words="The loop was fine.", by=aileen)
    quoted.refresh_from_db()
    assert quoted.confirmed_at is None


def test_the_person_quoted_suggests_other_words_and_accepting_changes_the_view(
    fi_client, aileen_client, aileen, fi, past_meeting, quoted
):
    services.minutes_send(minutes=quoted.minutes, by=aileen, minutes_url="http://testserver/m/")
    form = _body(fi_client.get(f"{_url('correction_add', past_meeting)}?view={quoted.pk}"))
    assert "Suggest other words for your view" in form and "The loop was great.</textarea>" in form

    fi_client.post(
        f"{_url('correction_add', past_meeting)}?view={quoted.pk}",
        {"text": "The loop was great, but the room was too hot.", "bsl_video_url": ""},
    )

    correction = Correction.objects.get(author=fi)
    assert correction.partner_view == quoted and correction.agenda_item == quoted.agenda_item
    accept_url = _url("correction_accept", past_meeting, correction_pk=correction.pk)
    page = _body(aileen_client.get(accept_url))
    assert "Fi's words" in page
    minutes = quoted.minutes
    minutes.refresh_from_db()
    response = aileen_client.post(
        accept_url,
        {
            "revision": minutes.revision,
            "text": "We talked about the loop.",
            "view_words": "The loop was great, but the room was too hot.",
            "view_video_url": "",
            "response": "",
        },
    )
    assert response.status_code == 302
    quoted.refresh_from_db()
    assert quoted.words == "The loop was great, but the room was too hot."
    assert MinutesVersion.objects.filter(minutes=minutes).first().event == "correction_accepted"
    # Someone else may not put words in Fi's mouth through her view.
    assert aileen_client.get(f"{_url('correction_add', past_meeting)}?view={quoted.pk}").status_code == 403


# ---------------------------------------------------------------- BSL


VIDEO = "https://video.example.org/fi-view"


def test_a_bsl_user_gives_their_view_as_a_video_link(fi_client, bob_client, fi, past_meeting, aileen):
    make_minutes(past_meeting, by=aileen)
    item = _items(past_meeting)[1]
    form = _body(fi_client.get(_url("partner_view_add", past_meeting)))
    assert "Link to a BSL video (optional)" in form

    response = fi_client.post(
        _url("partner_view_add", past_meeting), {"agenda_item": item.pk, "words": "", "bsl_video_url": VIDEO}
    )

    assert response.status_code == 302
    view = PartnerView.objects.get(person=fi)
    assert (view.words, view.bsl_video_url, view.agenda_item) == ("", VIDEO, item)
    page = _body(bob_client.get(_url("minutes", past_meeting)))
    assert f'<a class="govuk-link" href="{VIDEO}" rel="noopener noreferrer">Watch in BSL' in page
    assert "Fi's view, in BSL" in page
    # The versions keep the link, so a removed video view can be found again.
    assert VIDEO in str(view.minutes.versions.first().snapshot)


@pytest.mark.parametrize(
    "link, message",
    [
        ("http://video.example.org/fi", "Give a link that starts with https://"),
        ("javascript:alert(1)", "Give a link to the video"),
        ("", "or give a link to a BSL video of it"),
    ],
)
def test_a_view_needs_words_or_a_safe_video_link(fi_client, fi, past_meeting, aileen, link, message):
    make_minutes(past_meeting, by=aileen)
    item = _items(past_meeting)[1]
    response = fi_client.post(
        _url("partner_view_add", past_meeting), {"agenda_item": item.pk, "words": "", "bsl_video_url": link}
    )
    assert response.status_code == 200
    assert message in _body(response)
    assert not PartnerView.objects.filter(person=fi).exists()


def test_a_bsl_user_suggests_a_correction_as_a_video_and_the_minute_taker_watches_it(
    fi_client, aileen_client, aileen, fi, past_meeting
):
    minutes = make_minutes(past_meeting, by=aileen)
    services.minutes_send(minutes=minutes, by=aileen, minutes_url="http://testserver/m/")
    item = _items(past_meeting)[0]
    bad = fi_client.post(
        _url("correction_add", past_meeting),
        {"agenda_item": item.pk, "text": "", "bsl_video_url": "http://video.example.org/c"},
    )
    assert "Give a link that starts with https://" in _body(bad)

    fi_client.post(
        _url("correction_add", past_meeting), {"agenda_item": item.pk, "text": "", "bsl_video_url": VIDEO}
    )

    correction = Correction.objects.get(author=fi)
    assert (correction.text, correction.bsl_video_url) == ("", VIDEO)
    page = _body(aileen_client.get(_url("minutes", past_meeting)))
    assert "Fi</strong> suggested on" in page and f'href="{VIDEO}"' in page
    accept = _body(aileen_client.get(_url("correction_accept", past_meeting, correction_pk=correction.pk)))
    assert f'href="{VIDEO}"' in accept and "Watch in BSL" in accept


def test_a_view_given_in_bsl_prints_its_link_in_the_minutes(partnership, alice, bob, past_meeting):
    from meetings.services import documents
    from meetings.services import minutes as minutes_service
    from tests.factories import make_minutes

    video = "https://video.example.org/bob-signs"
    item = minutes_service.minute_items(past_meeting)[0]
    minutes = make_minutes(past_meeting, texts={item: "We talked."}, by=alice)
    minutes_service.partner_view_add(
        minutes=minutes, agenda_item=item, person=bob, words="", bsl_video_url=video, by=alice
    )
    for variant in ("standard", "large_print"):
        context = documents.document_context(past_meeting, "minutes", variant)
        page = documents.document_html(context, "minutes", variant)
        assert f'In BSL: <a href="{video}">{video}</a>' in page
