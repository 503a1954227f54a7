"""Decoding an upload has a budget: a picture claiming more pixels than MAX_IMAGE_PIXELS is refused from its
header, before it is decoded, with its size in words, on every form that takes one; and a file is not opened
at all while anything else on its form needs correcting."""

import struct
import zlib
from uuid import uuid4

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from coproduction import images
from meetings import uploads
from meetings.models import Paper, PaperVersion, VenuePhoto
from partners.models import Picture
from tests.factories import make_image_bytes, make_paper, make_upload, make_venue

TOO_LARGE = "This picture is too large: 49 megapixels. Send one of at most 40 megapixels."


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few bytes whose header claims `width` x `height`: what a decompression bomb looks like."""
    data = bytearray(make_image_bytes("PNG", (1, 1)))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header claims `width` x `height`."""
    data = bytearray(make_image_bytes("JPEG", (8, 8)))
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.fixture(autouse=True)
def _budget(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAX_IMAGE_PIXELS = 40_000_000


def test_a_49_megapixel_header_is_refused_before_decoding_with_its_size_in_words():
    for bomb in (png_claiming(7000, 7000), jpeg_claiming(7000, 7000)):
        assert len(bomb) < 6_000  # a few kilobytes claiming 49 million pixels
        with pytest.raises(images.ImageTooLarge) as refused:
            images.prepare_image(ContentFile(bomb, name="bomb.png"), max_side=800)
        assert str(refused.value) == TOO_LARGE
        with pytest.raises(uploads.ImageTooLarge) as refused:
            uploads.prepare_photo(make_upload("bomb.jpg", bomb))
        assert str(refused.value) == TOO_LARGE


def test_the_budget_follows_the_setting(settings):
    settings.MAX_IMAGE_PIXELS = 1_000_000
    with pytest.raises(uploads.ImageTooLarge, match="2.3 megapixels. Send one of at most 1 megapixels"):
        uploads.check_paper(make_upload("photo.png", make_image_bytes("PNG", (1500, 1500))))
    settings.MAX_IMAGE_PIXELS = 3_000_000
    assert uploads.check_paper(make_upload("photo.png", make_image_bytes("PNG", (1500, 1500)))).size


def test_pillows_own_refusal_gets_the_same_plain_message():
    # 10 gigapixels: past Pillow's own hard limit, so Pillow refuses it while opening.
    with pytest.raises(uploads.ImageTooLarge, match=r"^This picture is too large: 10000 megapixels\."):
        uploads.open_image(make_upload("huge.png", png_claiming(100_000, 100_000)), uploads.PHOTO_TYPES)


def test_pillows_warning_counts_as_a_refusal(settings, monkeypatch):
    # Pillow only warns between its limit and twice it; we refuse, in the same words.
    settings.MAX_IMAGE_PIXELS = 10**12
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(uploads.ImageTooLarge, match="This picture is too large"):
        uploads.open_image(make_upload("small.png", make_image_bytes("PNG", (40, 40))), uploads.PHOTO_TYPES)


# ---------------------------------------------------------------- every form that takes a picture


def _paper_data(**overrides) -> dict:
    data = {
        "title": "Room plan",
        "description": "Where everyone sits.",
        "format": "standard",
        "file": make_upload("plan.png", png_claiming(7000, 7000), "image/png"),
        "once": uuid4().hex,
    }
    data.update(overrides)
    return data


def _errors(response) -> str:
    assert response.status_code == 200  # the form again, never a 500
    return response.content.decode()


def test_meeting_papers_refuse_the_bomb_and_are_not_opened_while_the_form_is_wrong(
    partnership, alice, alice_client, meeting
):
    url = reverse("meetings:paper_add", kwargs={"slug": partnership.slug, "pk": meeting.pk})
    item = meeting.agenda_items.exclude(purpose="break").first()

    page = _errors(alice_client.post(url, _paper_data(agenda_item=str(item.pk))))
    assert TOO_LARGE in page

    # No title: the title is asked for, and the file is not even opened (no word about its size).
    page = _errors(alice_client.post(url, _paper_data(agenda_item=str(item.pk), title="")))
    assert "Enter the paper\u2019s title" in page
    assert "too large" not in page
    assert "Where everyone sits." in page  # what they typed is kept
    assert not Paper.objects.exists()


def test_library_papers_and_new_versions_refuse_the_bomb(partnership, alice, alice_client, meeting):
    library = reverse("meetings:library_add", kwargs={"slug": partnership.slug})
    assert TOO_LARGE in _errors(alice_client.post(library, _paper_data()))
    assert "too large" not in _errors(alice_client.post(library, _paper_data(format="")))

    paper = make_paper(partnership, meeting=meeting, uploaded_by=alice)
    version = reverse(
        "meetings:paper_version_add",
        kwargs={"slug": partnership.slug, "pk": meeting.pk, "paper_pk": paper.pk},
    )
    data = {
        "format": "standard",
        "file": make_upload("plan.jpg", jpeg_claiming(7000, 7000)),
        "once": uuid4().hex,
    }
    assert TOO_LARGE in _errors(alice_client.post(version, data))
    data = {"format": "", "file": make_upload("plan.jpg", jpeg_claiming(7000, 7000)), "once": uuid4().hex}
    page = _errors(alice_client.post(version, data))
    assert "Choose which version of the paper this is" in page and "too large" not in page
    assert PaperVersion.objects.filter(paper=paper).count() == 1


def test_venue_photos_refuse_the_bomb_and_are_not_decoded_while_the_form_is_wrong(
    partnership, alice, alice_client
):
    venue = make_venue(partnership)
    url = reverse("meetings:venue_photo_add", kwargs={"slug": partnership.slug, "pk": venue.pk})

    def post(alt_text: str):
        photo = make_upload("entrance.jpg", jpeg_claiming(7000, 7000), "image/jpeg")
        return _errors(alice_client.post(url, {"photo": photo, "kind": "entrance", "alt_text": alt_text}))

    assert TOO_LARGE in post("The level entrance")
    page = post("")
    assert "Describe the photo for people who cannot see it" in page and "too large" not in page
    assert not VenuePhoto.objects.exists()


def test_easy_read_pictures_refuse_the_bomb(partnership, alice, alice_client):
    url = reverse("partners:picture_add", args=[partnership.slug])
    image = make_upload("room.png", png_claiming(7000, 7000), "image/png")

    page = _errors(alice_client.post(url, {"image": image, "name": "Room", "alt_text": "A room"}))

    assert TOO_LARGE in page
    assert not Picture.objects.exists()


def test_easy_read_pictures_are_not_decoded_while_the_form_is_wrong(partnership, alice, alice_client):
    url = reverse("partners:picture_add", args=[partnership.slug])
    image = make_upload("room.png", png_claiming(7000, 7000), "image/png")

    page = _errors(alice_client.post(url, {"image": image, "name": "Room", "alt_text": ""}))

    assert "Describe the picture for people who cannot see it" in page and "too large" not in page
    assert not Picture.objects.exists()
