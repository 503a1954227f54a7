"""A person who deletes their account is really gone: no page, kept version, comparison or printed file of
their partnerships still names them. Their words stay in the record as "a former partner"'s."""

import html
import io
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from meetings.models import ActionPoint, MinutesVersion
from meetings.services import minutes as minutes_service
from meetings.services.documents import meeting_document
from partners.models import User
from tests.factories import make_action_point, make_meeting, make_member, make_minutes, make_user

# Every way Fi's name was written: her full name, the name she uses, her surname alone in a sentence.
NAME = re.compile(r"\b(Fiona|Brownlee|Fi)\b|fi@example\.org")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def fi(partnership):
    person = make_user("fi@example.org", full_name="Fiona Brownlee", known_as="Fi")
    make_member(partnership, person)
    return person


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _printed_files(settings) -> set[str]:
    folder = Path(settings.MEDIA_ROOT) / settings.PRINT_CACHE_DIR
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def test_deleting_an_account_takes_the_name_out_of_every_kept_version(
    settings, partnership, alice, alice_client, fi, django_capture_on_commit_callbacks
):
    meeting = make_meeting(partnership, days_ahead=-7, created_by=alice, title="Spring meeting")
    item = minutes_service.minute_items(meeting)[0]
    minutes = make_minutes(meeting, texts={item: "Fi opened the meeting."}, by=alice)
    minutes_service.partner_view_add(
        minutes=minutes, agenda_item=item, person=fi, words="We need step-free access.", by=alice
    )
    minutes_service.minutes_send(minutes=minutes, by=alice, minutes_url="http://testserver/")
    correction = minutes_service.correction_add(
        minutes=minutes, agenda_item=item, text="Add that Ms Brownlee left early.", author=fi
    )
    minutes_service.correction_accept(
        correction=correction,
        text="Fi opened the meeting. Fiona Brownlee left early.",
        revision=minutes.revision,
        by=alice,
    )
    action = make_action_point(meeting, owner_person=fi, text="Fi to email the venue.", created_by=fi)
    assert MinutesVersion.objects.filter(minutes=minutes).count() == 4

    kw = {"slug": partnership.slug, "pk": meeting.pk}
    minutes_url = reverse("meetings:minutes", kwargs=kw)
    versions_url = reverse("meetings:minutes_versions", kwargs=kw)
    compare_url = reverse("meetings:minutes_compare", kwargs=kw) + f"?from=1&to={minutes.revision}"
    web_url = reverse("meetings:document_web", kwargs={**kw, "document": "minutes", "variant": "standard"})
    pages = (minutes_url, versions_url, compare_url, web_url)
    # Before: every page and the printed minutes name her (so the checks below can fail).
    for url in pages:
        assert NAME.search(_text(alice_client.get(url))), url
    before = meeting_document(meeting, "minutes", "standard")
    assert NAME.search(_pdf_text(before.pdf))
    kept_before = _printed_files(settings)
    assert any(name.endswith(".pdf") for name in kept_before)

    fi_client = Client()
    fi_client.force_login(fi)
    with django_capture_on_commit_callbacks(execute=True):
        response = fi_client.post(reverse("partners:account_delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(email="fi@example.org").exists()

    # The printed files from before are gone, not merely unused.
    assert not kept_before & _printed_files(settings)

    for url in pages:
        page = _text(alice_client.get(url))
        assert not NAME.search(page), (url, NAME.search(page))
        assert "former partner" in page, url
    minutes_page = _text(alice_client.get(minutes_url))
    assert "A former partner said:" in minutes_page
    assert "We need step-free access." in minutes_page  # her words stay in the record
    assert "A former partner opened the meeting. A former partner left early." in minutes_page
    compare = _text(alice_client.get(compare_url))
    assert "A former partner said: \u201cWe need step-free access.\u201d" in compare

    # Every kept version, read as stored, and the reasons given for each.
    for version in MinutesVersion.objects.filter(minutes=minutes):
        assert not NAME.search(str(version.snapshot) + version.reason), version.revision
    reasons = set(MinutesVersion.objects.filter(minutes=minutes).values_list("reason", flat=True))
    assert f"A former partner's view added to \u201c{item.title}\u201d" in reasons
    assert "Correction suggested by a former partner" in reasons

    # The action point and a freshly printed copy of the minutes name nobody.
    action.refresh_from_db()
    assert action.owner_person is None and action.text == "A former partner to email the venue."
    assert ActionPoint.objects.get(pk=action.pk).owner_name == "A former partner"
    after = meeting_document(meeting, "minutes", "standard")
    text = _pdf_text(after.pdf)
    assert not NAME.search(text)
    assert "former partner" in text


def test_a_name_is_only_taken_out_as_a_whole_word_and_only_in_their_partnerships(
    partnership, other_partnership, alice, charlie
):
    al = make_user("al@example.org", full_name="Al Smith", known_as="Al")
    make_member(partnership, al)
    ours = make_meeting(partnership, days_ahead=-3, created_by=alice)
    theirs = make_meeting(other_partnership, days_ahead=-3, created_by=charlie)
    make_minutes(ours, texts={minutes_service.minute_items(ours)[0]: "Al said all of it. Alan agreed."})
    make_minutes(theirs, texts={minutes_service.minute_items(theirs)[0]: "Al from the council came."})

    from partners.services import account_delete

    account_delete(person=al)
    [ours_text] = minutes_service.saved_texts(minutes_service.minutes_for(ours)).values()
    [theirs_text] = minutes_service.saved_texts(minutes_service.minutes_for(theirs)).values()
    assert ours_text == "A former partner said all of it. Alan agreed."
    # Another partnership's "Al" is somebody else.
    assert theirs_text == "Al from the council came."


def test_the_delete_page_says_names_are_taken_out(bob_client):
    page = _text(bob_client.get(reverse("partners:account_delete")))
    assert "We also take your name out of the minutes, their earlier versions" in page


def test_a_name_that_is_also_a_month_leaves_dates_alone(partnership, alice):
    april = make_user("april@example.org", full_name="April May")
    make_member(partnership, april)
    ours = make_meeting(partnership, days_ahead=-3, created_by=alice)
    words = "April May will report in May. April May agreed."
    make_minutes(ours, texts={minutes_service.minute_items(ours)[0]: words})

    from partners.services import account_delete

    account_delete(person=april)
    [text] = minutes_service.saved_texts(minutes_service.minutes_for(ours)).values()
    assert text == "A former partner will report in May. A former partner agreed."


def test_a_deleted_persons_bsl_videos_go_with_their_name(partnership, alice, fi):
    from meetings.models import Correction, MinutesVersion, PartnerView
    from partners.services import account_delete

    video = "https://video.example.org/fi-signs-her-view"
    meeting = make_meeting(partnership, days_ahead=-7, created_by=alice)
    item = minutes_service.minute_items(meeting)[0]
    minutes = make_minutes(meeting, texts={item: "We talked."}, by=alice)
    minutes_service.partner_view_add(
        minutes=minutes, agenda_item=item, person=fi, words="", bsl_video_url=video, by=alice
    )
    minutes_service.minutes_send(minutes=minutes, by=alice, minutes_url="http://testserver/")
    minutes_service.correction_add(minutes=minutes, agenda_item=item, text="", bsl_video_url=video, author=fi)
    assert any(video in str(v.snapshot) for v in MinutesVersion.objects.filter(minutes=minutes))

    account_delete(person=fi)

    assert not PartnerView.objects.filter(bsl_video_url=video).exists()
    assert not Correction.objects.filter(bsl_video_url=video).exists()
    assert not any(video in str(v.snapshot) for v in MinutesVersion.objects.filter(minutes=minutes))
