"""Venues: everyone in the partnership sees them, coordinators look after them, photos lose their location
data and are only served to people in the partnership."""

import io
import os

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from meetings.models import Attendance, Meeting, Venue, VenuePhoto
from partners.models import Role
from tests.factories import (
    make_group,
    make_image_bytes,
    make_meeting,
    make_member,
    make_upload,
    make_venue,
    make_venue_photo,
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def venue(partnership):
    return make_venue(
        partnership,
        name="Riverside Community Hub",
        address="12 Quay Street\nRiverside RV1 2AB",
        public_transport="Buses 5 and 22 stop outside.",
        parking="Two blue badge spaces by the door.",
        drop_off="Taxis can stop at the main door.",
        cost_per_meeting="45.00",
        capacity=30,
        features=["step_free", "hearing_loop", "accessible_toilet"],
    )


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def expert_client(partnership):
    return _client(make_member(partnership, role=Role.VISITING_EXPERT).person)


@pytest.fixture
def observer_client(partnership):
    return _client(make_member(partnership, role=Role.OBSERVER).person)


def _url(name, partnership, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"slug": partnership.slug, **kwargs})


def _venue_data(**overrides):
    data = {
        "name": "Town Hall, Committee Room 2",
        "address": "1 Market Square, Riverside",
        "public_transport": "",
        "parking": "",
        "drop_off": "",
        "is_neutral": "on",
        "owner_group": "",
        "cost_per_meeting": "",
        "capacity": "",
        "features": ["lift", "step_free"],
        "access_notes": "",
    }
    data.update(overrides)
    return data


def _signed_in_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


# ---------------------------------------------------------------- seeing venues


def test_everyone_in_the_partnership_sees_the_list(
    partnership, venue, alice_client, bob_client, observer_client
):
    for client in (alice_client, bob_client, observer_client):
        response = client.get(_url("venue_list", partnership))
        assert response.status_code == 200
        assert "Riverside Community Hub" in response.content.decode()
        assert "Hearing loop" in response.content.decode()
    assert "Add a venue" in alice_client.get(_url("venue_list", partnership)).content.decode()
    assert "Add a venue" not in bob_client.get(_url("venue_list", partnership)).content.decode()


def test_outsiders_experts_and_anonymous_visitors_do_not_see_venues(
    partnership, venue, charlie_client, expert_client, client
):
    for name, kwargs in (("venue_list", {}), ("venue_detail", {"pk": venue.pk})):
        url = _url(name, partnership, **kwargs)
        assert charlie_client.get(url).status_code == 404
        assert expert_client.get(url).status_code == 404
        assert _signed_in_redirect(client.get(url))


def test_an_empty_list_says_what_to_do(partnership, alice_client, bob_client):
    assert (
        "Add the places the partnership could meet"
        in alice_client.get(_url("venue_list", partnership)).content.decode()
    )
    assert "A coordinator adds them" in bob_client.get(_url("venue_list", partnership)).content.decode()


def test_the_venue_page_shows_how_to_get_there_and_access_in_words(partnership, venue, bob_client):
    photo = make_venue_photo(venue, alt_text="Level entrance with automatic double doors")
    meeting = make_meeting(partnership, title="June partnership meeting", venue=venue)
    page = bob_client.get(_url("venue_detail", partnership, pk=venue.pk)).content.decode()
    for text in (
        "12 Quay Street<br>Riverside RV1 2AB",
        "Buses 5 and 22 stop outside.",
        "Two blue badge spaces by the door.",
        "Taxis can stop at the main door.",
        "A neutral venue: nobody's workplace",
        "£45.00",
        "30",
        "<li>Step-free entrance</li>",
        "<li>Accessible toilet</li>",
        "<li>Hearing loop</li>",
        'alt="Level entrance with automatic double doors"',
        _url("venue_photo", partnership, pk=venue.pk, photo_pk=photo.pk) + "?size=thumbnail",
        "June partnership meeting",
    ):
        assert text in page
    assert "Change the venue" not in page  # bob may not
    assert meeting.venue_id == venue.pk


def test_a_partner_groups_place_says_whose_it_is(partnership, alice_client):
    group = make_group(partnership, "Riverside Council")
    venue = make_venue(partnership, is_neutral=False, owner_group=group, cost_per_meeting=0)
    page = alice_client.get(_url("venue_detail", partnership, pk=venue.pk)).content.decode()
    assert "Riverside Council's place" in page
    assert "Free" in page


def test_another_partnerships_venue_is_not_found(partnership, other_partnership, alice_client):
    theirs = make_venue(other_partnership)
    assert alice_client.get(_url("venue_detail", partnership, pk=theirs.pk)).status_code == 404
    assert alice_client.get(_url("venue_edit", partnership, pk=theirs.pk)).status_code == 404


# ---------------------------------------------------------------- adding and changing


def test_a_coordinator_adds_a_venue_with_its_access_features(partnership, alice_client):
    form = alice_client.get(_url("venue_add", partnership)).content.decode()
    assert "<legend" in form and "Access features" in form
    response = alice_client.post(
        _url("venue_add", partnership),
        _venue_data(cost_per_meeting="60.50", capacity="25", features=["quiet_room", "step_free"]),
    )
    venue = Venue.objects.get(partnership=partnership)
    assert response.status_code == 302
    assert response["Location"] == _url("venue_detail", partnership, pk=venue.pk)
    assert venue.features == ["step_free", "quiet_room"]  # in the vocabulary's order
    assert str(venue.cost_per_meeting) == "60.50"
    assert venue.capacity == 25
    assert venue.is_neutral


def test_unknown_access_features_are_refused_in_plain_words(partnership, alice_client):
    response = alice_client.post(
        _url("venue_add", partnership), _venue_data(features=["step_free", "teleporter"])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "“teleporter” is not an access feature on the list" in page
    assert "There is a problem" in page
    assert 'value="Town Hall, Committee Room 2"' in page  # what was typed stays
    assert not Venue.objects.exists()


def test_missing_and_wrong_details_get_plain_messages(partnership, other_partnership, alice_client):
    theirs = make_group(other_partnership)
    response = alice_client.post(
        _url("venue_add", partnership),
        _venue_data(name="", cost_per_meeting="forty", capacity="-3", owner_group=str(theirs.pk)),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the venue’s name" in page
    assert "Enter the cost in pounds, for example 45 or 45.50" in page
    assert "Enter how many people it holds as a number" in page
    assert "Choose a partner group from the list" in page
    assert 'href="#id_name"' in page  # the error summary links to the field
    assert not Venue.objects.exists()


def test_a_neutral_venue_cannot_belong_to_a_partner_group(partnership, alice_client):
    group = make_group(partnership)
    response = alice_client.post(_url("venue_add", partnership), _venue_data(owner_group=str(group.pk)))
    assert "A neutral venue is nobody’s workplace" in response.content.decode()
    response = alice_client.post(
        _url("venue_add", partnership), _venue_data(is_neutral="", owner_group=str(group.pk))
    )
    assert response.status_code == 302
    assert Venue.objects.get().owner_group == group


def test_a_coordinator_changes_a_venue(partnership, venue, alice_client):
    response = alice_client.post(
        _url("venue_edit", partnership, pk=venue.pk),
        _venue_data(name="Riverside Hub (new name)", features=[]),
    )
    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.name == "Riverside Hub (new name)"
    assert venue.features == []


def test_only_coordinators_add_change_and_remove(
    partnership, venue, bob_client, dana_client, observer_client
):
    photo = make_venue_photo(venue)
    urls = [
        _url("venue_add", partnership),
        _url("venue_edit", partnership, pk=venue.pk),
        _url("venue_delete", partnership, pk=venue.pk),
        _url("venue_photo_add", partnership, pk=venue.pk),
        _url("venue_photo_delete", partnership, pk=venue.pk, photo_pk=photo.pk),
    ]
    for client in (bob_client, dana_client, observer_client):
        for url in urls:
            assert client.get(url).status_code == 403
            assert client.post(url, _venue_data()).status_code == 403
    assert Venue.objects.filter(pk=venue.pk, name="Riverside Community Hub").exists()
    assert VenuePhoto.objects.filter(pk=photo.pk).exists()


def test_outsiders_get_404_and_anonymous_visitors_sign_in_on_every_write(
    partnership, venue, charlie_client, expert_client, client
):
    photo = make_venue_photo(venue)
    urls = [
        _url("venue_add", partnership),
        _url("venue_edit", partnership, pk=venue.pk),
        _url("venue_delete", partnership, pk=venue.pk),
        _url("venue_photo_add", partnership, pk=venue.pk),
        _url("venue_photo_delete", partnership, pk=venue.pk, photo_pk=photo.pk),
    ]
    for url in urls:
        assert charlie_client.get(url).status_code == 404
        assert charlie_client.post(url, _venue_data()).status_code == 404
        assert expert_client.post(url, _venue_data()).status_code == 404
        assert _signed_in_redirect(client.post(url, _venue_data()))
    assert Venue.objects.filter(pk=venue.pk).exists()


# ---------------------------------------------------------------- removing


def test_removing_a_venue_asks_first_then_removes_it_and_its_photo_files(
    partnership, venue, alice_client, django_capture_on_commit_callbacks
):
    photo = make_venue_photo(venue)
    paths = [photo.image.path, photo.thumbnail.path]
    assert all(os.path.exists(p) for p in paths)
    page = alice_client.get(_url("venue_delete", partnership, pk=venue.pk)).content.decode()
    assert "Remove the venue “Riverside Community Hub”?" in page
    assert Venue.objects.filter(pk=venue.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(_url("venue_delete", partnership, pk=venue.pk))
    assert response["Location"] == _url("venue_list", partnership)
    assert not Venue.objects.filter(pk=venue.pk).exists()
    assert not VenuePhoto.objects.exists()
    assert not any(os.path.exists(p) for p in paths)


def test_a_venue_with_meetings_planned_is_not_removed(partnership, venue, alice_client):
    meeting = make_meeting(partnership, title="September meeting", venue=venue)
    page = alice_client.get(_url("venue_delete", partnership, pk=venue.pk)).content.decode()
    assert "cannot be removed yet" in page
    assert "1 meeting is planned here" in page
    assert "September meeting" in page
    response = alice_client.post(_url("venue_delete", partnership, pk=venue.pk))
    assert response.status_code == 200
    assert "cannot be removed yet" in response.content.decode()
    assert Venue.objects.filter(pk=venue.pk).exists()
    meeting.refresh_from_db()
    assert meeting.venue_id == venue.pk


def test_a_venue_used_only_in_the_past_can_go_and_says_what_happens(partnership, venue, alice_client):
    past = make_meeting(partnership, days_ahead=-30, venue=venue)
    page = alice_client.get(_url("venue_delete", partnership, pk=venue.pk)).content.decode()
    assert "1 earlier meeting was held here" in page
    alice_client.post(_url("venue_delete", partnership, pk=venue.pk))
    past.refresh_from_db()
    assert past.venue_id is None


# ---------------------------------------------------------------- photos


def _gps_jpeg(size=(2400, 1800)) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone on its side
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (55.0, 57.0, 12.5), 3: "W", 4: (3.0, 11.0, 20.0)})
    data = make_image_bytes("JPEG", size, exif=exif)
    with Image.open(io.BytesIO(data)) as image:
        assert image.getexif().get_ifd(0x8825)  # the test photo really carries a location
    return data


def test_a_coordinator_uploads_a_photo_and_its_location_is_gone(partnership, venue, alice, alice_client):
    response = alice_client.post(
        _url("venue_photo_add", partnership, pk=venue.pk),
        {
            "photo": make_upload("IMG_2041.jpg", _gps_jpeg(), "image/jpeg"),
            "kind": "room",
            "alt_text": "  Room with a large table   and 12 chairs with arms ",
        },
    )
    assert response.status_code == 302
    photo = VenuePhoto.objects.get(venue=venue)
    assert photo.partnership == partnership
    assert photo.kind == "room"
    assert photo.alt_text == "Room with a large table and 12 chairs with arms"
    assert photo.uploaded_by == alice
    assert (photo.width, photo.height) == (1200, 1600)  # turned upright, longest side 1600
    assert "IMG_2041" not in photo.image.name
    for stored, longest in ((photo.image, 1600), (photo.thumbnail, 400)):
        with Image.open(stored.path) as image:
            assert max(image.size) == longest
            assert not image.getexif()
            assert not image.getexif().get_ifd(0x8825)


def test_a_photo_needs_a_description_and_a_real_image(partnership, venue, alice_client):
    url = _url("venue_photo_add", partnership, pk=venue.pk)
    response = alice_client.post(
        url, {"photo": make_upload("door.jpg", make_image_bytes()), "kind": "entrance", "alt_text": " "}
    )
    assert "Describe the photo for people who cannot see it" in response.content.decode()
    response = alice_client.post(
        url,
        {
            "photo": make_upload("door.jpg", b"This is a text file, renamed.", "image/jpeg"),
            "kind": "entrance",
            "alt_text": "The door",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The photo must be a JPEG, PNG or WebP image" in page
    assert "The door" in page  # the description typed stays
    assert "choose the file again" in page
    response = alice_client.post(url, {"kind": "entrance", "alt_text": "The door"})
    assert "Choose a photo to upload" in response.content.decode()
    response = alice_client.post(
        url, {"photo": make_upload("door.jpg", b""), "kind": "entrance", "alt_text": "The door"}
    )
    assert "empty" in response.content.decode()
    assert not VenuePhoto.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(partnership, venue, alice_client, settings):
    settings.MAX_UPLOAD_MB = 1
    noisy = Image.frombytes("RGB", (800, 800), os.urandom(800 * 800 * 3))
    out = io.BytesIO()
    noisy.save(out, "PNG")
    assert len(out.getvalue()) > 1024 * 1024
    response = alice_client.post(
        _url("venue_photo_add", partnership, pk=venue.pk),
        {"photo": make_upload("room.png", out.getvalue()), "kind": "room", "alt_text": "The room"},
    )
    assert response.status_code == 200
    assert "The file must be smaller than 1 MB" in response.content.decode()
    assert not VenuePhoto.objects.exists()


def test_photos_are_served_only_to_the_partnership(
    partnership, venue, alice_client, bob_client, charlie_client, expert_client, client
):
    photo = make_venue_photo(venue)
    url = _url("venue_photo", partnership, pk=venue.pk, photo_pk=photo.pk)
    response = bob_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.size == (640, 480)
    thumbnail = alice_client.get(url + "?size=thumbnail")
    with Image.open(io.BytesIO(b"".join(thumbnail.streaming_content))) as image:
        assert image.size == (400, 300)
    assert charlie_client.get(url).status_code == 404
    assert charlie_client.get(url + "?size=thumbnail").status_code == 404
    assert expert_client.get(url).status_code == 404
    assert _signed_in_redirect(client.get(url))
    assert _signed_in_redirect(client.get(url + "?size=thumbnail"))


# ---------------------------------------------------------------- visiting experts and their meeting's venue


@pytest.fixture
def expert(partnership):
    return make_member(partnership, role=Role.VISITING_EXPERT).person


def _meeting_at(venue, **fields):
    meeting = make_meeting(venue.partnership, **fields)
    Meeting.objects.filter(pk=meeting.pk).update(venue=venue)
    meeting.refresh_from_db()
    return meeting


def _invite(meeting, person, **fields):
    Attendance.objects.create(partnership=meeting.partnership, meeting=meeting, person=person, **fields)


def test_a_visiting_expert_sees_the_venue_of_their_meeting_from_its_page(partnership, venue, expert):
    theirs = _meeting_at(venue, title="Employment workshop")
    _meeting_at(venue, title="Budget meeting", days_ahead=30)  # at the same venue, without them
    _invite(theirs, expert)
    photo = make_venue_photo(venue)
    client = _client(expert)
    meeting_page = client.get(theirs.get_absolute_url()).content.decode()
    venue_url = _url("venue_detail", partnership, pk=venue.pk)
    assert f'href="{venue_url}"' in meeting_page
    page = client.get(venue_url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Riverside Community Hub" in body and "Hearing loop" in body
    # Only their own meeting is listed, and the way back is to their meetings, not the venues they cannot see.
    assert "Employment workshop" in body and "Budget meeting" not in body
    assert f'href="{_url("venue_list", partnership)}"' not in body
    assert "Back to your meetings" in body
    assert "Change the venue" not in body and "Add a photo" not in body
    photo_url = _url("venue_photo", partnership, pk=venue.pk, photo_pk=photo.pk)
    assert photo_url in body
    assert client.get(photo_url).status_code == 200
    assert client.get(photo_url + "?size=thumbnail").status_code == 200


def test_a_visiting_expert_gets_404_for_any_other_venue(partnership, venue, expert):
    elsewhere = make_venue(partnership, name="Town Hall")
    theirs = _meeting_at(elsewhere)
    _invite(theirs, expert)
    _meeting_at(venue)  # held here, but they are not invited
    left_out = _meeting_at(make_venue(partnership), days_ahead=20)
    _invite(left_out, expert, excluded=True)
    photo = make_venue_photo(venue)
    client = _client(expert)
    assert client.get(_url("venue_detail", partnership, pk=elsewhere.pk)).status_code == 200
    for place in (venue, left_out.venue):
        assert client.get(_url("venue_detail", partnership, pk=place.pk)).status_code == 404
    photo_url = _url("venue_photo", partnership, pk=venue.pk, photo_pk=photo.pk)
    assert client.get(photo_url).status_code == 404
    assert client.get(photo_url + "?size=thumbnail").status_code == 404
    # Still no venues list, and nothing a coordinator does.
    assert client.get(_url("venue_list", partnership)).status_code == 404
    assert client.get(_url("venue_edit", partnership, pk=elsewhere.pk)).status_code == 404


def test_partners_still_see_every_venue_and_every_meeting_planned_there(partnership, venue, bob_client):
    _meeting_at(venue, title="Employment workshop")
    _meeting_at(venue, title="Budget meeting", days_ahead=30)
    body = bob_client.get(_url("venue_detail", partnership, pk=venue.pk)).content.decode()
    assert "Employment workshop" in body and "Budget meeting" in body
    assert "Back to venues" in body and f'href="{_url("venue_list", partnership)}"' in body


def test_a_photo_is_found_only_under_its_own_venue(partnership, other_partnership, venue, alice_client):
    photo = make_venue_photo(venue)
    other_venue = make_venue(partnership)
    assert (
        alice_client.get(_url("venue_photo", partnership, pk=other_venue.pk, photo_pk=photo.pk)).status_code
        == 404
    )
    theirs = make_venue_photo(make_venue(other_partnership))
    assert (
        alice_client.get(_url("venue_photo", partnership, pk=theirs.venue_id, photo_pk=theirs.pk)).status_code
        == 404
    )


def test_a_coordinator_removes_a_photo(partnership, venue, alice_client, django_capture_on_commit_callbacks):
    photo = make_venue_photo(venue, alt_text="Side door with a ramp")
    path = photo.image.path
    page = alice_client.get(_url("venue_photo_delete", partnership, pk=venue.pk, photo_pk=photo.pk))
    assert "Side door with a ramp" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(_url("venue_photo_delete", partnership, pk=venue.pk, photo_pk=photo.pk))
    assert response["Location"] == _url("venue_detail", partnership, pk=venue.pk)
    assert not VenuePhoto.objects.exists()
    assert not os.path.exists(path)


# ---------------------------------------------------------------- query budget


def test_the_venue_list_costs_the_same_with_5_or_50_venues(partnership, alice_client):
    group = make_group(partnership)

    def grow(n):
        for i in range(n):
            make_venue(partnership, is_neutral=False, owner_group=group, features=["lift"], capacity=i + 1)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(_url("venue_list", partnership)).status_code == 200
        return len(queries)

    grow(5)
    small = count()
    grow(45)
    assert count() == small
    # session, user, membership (with partnership and group), venues with their owner group
    assert small <= 6


def test_a_venue_with_years_of_meetings_ahead_lists_the_next_10_and_counts_the_rest(
    partnership, venue, alice_client
):
    for n in range(12):
        make_meeting(partnership, days_ahead=10 + 7 * n, title=f"Meeting {n:02d}", venue=venue)
    for name in ("venue_detail", "venue_delete"):
        page = alice_client.get(_url(name, partnership, pk=venue.pk)).content.decode()
        assert "Meeting 09" in page and "Meeting 10" not in page  # the next 10, soonest first
        assert "These are the next 10 of 12." in page
        assert "?show=upcoming" in page
    assert "12 meetings are planned here" in page
