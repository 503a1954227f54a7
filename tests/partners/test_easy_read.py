"""Easy read in a partnership: the guidance people see while they write (sentence length, hard words, numbers,
percentages, reading ease), the bundled OpenMoji pictures and the partnership's own, and the glossary."""

import io
import json
import struct
import zlib
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from coproduction.easy_read import pictures as easy_read
from coproduction.easy_read.guidance import (
    check_easy_read,
    flesch_reading_ease,
    glossary_in,
    guidance,
    split_sentences,
    syllables,
)
from coproduction.easy_read.pictures import (
    CREDIT,
    credit_for,
    picture_alt,
    picture_file,
    picture_url,
    pictures,
)
from coproduction.templatetags.print_tags import print_words
from partners import services
from partners.forms_easy_read import GlossaryTermForm
from partners.models import GlossaryTerm, Picture, Role
from tests.factories import make_image_bytes, make_member, make_upload, make_user

FORTY_WORDS = (
    "We will talk about the new bus timetable and the changes the council wants to make to the routes "
    "that go past the community hub on Tuesdays and Thursdays because some people said the buses come "
    "too early for meetings."
)
READABLE = (
    "We meet once a month. We talk about the bus. We say what is good. We say what is bad. "
    "The council listens to us. Then we make a plan together."
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# ---------------------------------------------------------------- guidance


def test_a_forty_word_sentence_is_too_long_and_named_by_how_it_starts():
    assert len(FORTY_WORDS.split()) == 40
    advice = guidance(FORTY_WORDS)
    assert [s.words for s in advice.sentences] == [40]
    assert advice.long_sentences == advice.sentences
    problems = check_easy_read(FORTY_WORDS)
    assert problems == [
        "The sentence starting \u201cWe will talk about the new\u2026\u201d has 40 words. "
        "Easy read sentences have 15 at most."
    ]
    assert problems[0] in advice.messages
    assert advice.summary.startswith("1 sentence: 1 too long (over 15 words).")


def test_fifteen_words_are_allowed_and_sixteen_are_not():
    fifteen = " ".join(["word"] * 15) + "."
    sixteen = " ".join(["word"] * 16) + "."
    assert check_easy_read(fifteen) == []
    assert len(check_easy_read(sixteen)) == 1
    assert "has 16 words" in check_easy_read(f"{fifteen}\n{sixteen}")[0]


def test_sentences_end_at_stops_questions_exclamations_and_line_breaks():
    text = (
        "Are you coming? Yes!\nBring £2.50 for tea.\n\n- Lunch is at 12.30\n"
        "2. We finish at 3pm. \u201cGood,\u201d she said."
    )
    assert split_sentences(text) == [
        "Are you coming?",
        "Yes!",
        "Bring £2.50 for tea.",
        "Lunch is at 12.30",
        "We finish at 3pm.",
        "\u201cGood,\u201d she said.",
    ]
    assert [s.words for s in guidance(text).sentences] == [3, 1, 4, 4, 4, 3]


def test_numbers_written_as_words_get_digits():
    advice = guidance("Five people came. Twenty-five said yes. We need a hundred chairs. No one said no.")
    assert [(s.found, s.better) for s in advice.numbers] == [
        ("Five", "5"),
        ("Twenty-five", "25"),
        ("a hundred", "100"),
    ]
    assert "Write 5, not \u201cFive\u201d." in advice.messages
    # "no one" is a person, not a number; "someone" and "often" hold no number words.
    assert guidance("Someone often helps. No one is left out.").numbers == ()


def test_percentages_become_one_in_something():
    advice = guidance("About 10% of people use easy read. 25 per cent came by bus. 90% liked it.")
    assert [(s.found, s.better) for s in advice.percentages] == [
        ("10%", "1 in 10"),
        ("25 per cent", "1 in 4"),
        ("90%", "9 in 10"),
    ]
    assert "Say \u201c1 in 10\u201d rather than \u201c10%\u201d." in advice.messages


def test_hard_words_are_long_or_have_four_syllables_and_the_glossary_explains_some():
    assert syllables("information") == 4
    assert syllables("bus") == 1
    advice = guidance(
        "We talk about accessibility. The communications team helps. Bring information.",
        glossary=["Information"],
    )
    assert advice.hard_words == ("accessibility", "communications")
    assert advice.glossary_words == ("information",)
    assert "Hard words: accessibility, communications. Explain them, or add them to the glossary." in (
        advice.messages
    )


def test_a_readable_paragraph_scores_80_or_more_and_a_hard_one_does_not():
    readable = guidance(READABLE)
    assert readable.reading_ease >= 80
    assert readable.all_good
    assert readable.messages == ()
    hard = guidance(
        "The partnership's implementation committee recommended comprehensive consultation regarding "
        "accessibility considerations."
    )
    assert hard.reading_ease < 30
    assert hard.reading_ease_words == "hard"
    assert any("readability score" in m for m in hard.messages)


def test_flesch_reading_ease_is_the_published_formula():
    assert flesch_reading_ease(10, 2, 15) == pytest.approx(206.835 - 1.015 * 5 - 84.6 * 1.5)
    assert flesch_reading_ease(0, 0, 0) is None
    advice = guidance("We have a meeting.")  # 4 words, 1 sentence; meet-ing is 2 syllables
    assert advice.syllables == 5
    assert advice.reading_ease == pytest.approx(206.835 - 1.015 * 4 - 84.6 * 5 / 4)


def test_no_words_no_guidance():
    advice = guidance("  \n - \n")
    assert advice.is_empty and advice.reading_ease is None
    assert advice.summary == "" and check_easy_read("") == []


# ---------------------------------------------------------------- pictures


def _manifest() -> list[dict]:
    return json.loads((Path(django_settings.BASE_DIR) / "static/easyread/manifest.json").read_text())


def test_the_bundled_set_is_curated_named_described_and_on_disk():
    manifest = _manifest()
    assert 60 <= len(manifest) <= 100
    assert len({entry["code"] for entry in manifest}) == len(manifest)
    for entry in manifest:
        assert entry["code"] == "openmoji:" + Path(entry["file"]).stem
        assert entry["name"] and entry["alt"] and entry["theme"]
        assert (Path(django_settings.BASE_DIR) / "static/easyread" / entry["file"]).is_file()
    assert (Path(django_settings.BASE_DIR) / "static/easyread/openmoji/LICENSE.txt").is_file()


def test_a_bundled_picture_for_print_and_the_web(partnership):
    uri = picture_file("openmoji:1F4C5")
    assert uri.startswith("file://")
    path = Path(url2pathname(urlparse(uri).path))
    assert path.is_file() and path.read_text().lstrip().startswith("<svg")
    assert picture_alt("openmoji:1F4C5") == "A calendar"
    assert picture_url("openmoji:1F4C5") == "/static/easyread/openmoji/1F4C5.svg"
    for unknown in ("", "openmoji:NOPE", "upload:999", "upload:x", "anything"):
        assert picture_file(unknown) is None
        assert picture_alt(unknown) == "" and picture_url(unknown) == ""


def _picture(partnership, name="Our room", **fields) -> Picture:
    prepared = easy_read_image(make_image_bytes("PNG", (300, 200)))
    return services.picture_add(
        partnership=partnership,
        name=name,
        alt_text=fields.pop("alt_text", "A room with a round table"),
        prepared=prepared,
        uploaded_by=None,
    )


def easy_read_image(data: bytes):
    from coproduction.images import prepare_image

    return prepare_image(make_upload("p.png", data, "image/png"), max_side=800)


def test_uploaded_pictures_come_first_and_resolve_for_print(partnership, other_partnership):
    ours = _picture(partnership)
    theirs = _picture(other_partnership, name="Theirs")
    choices = pictures(partnership)
    assert choices[0].code == f"upload:{ours.pk}" and choices[0].name == "Our room"
    assert f"upload:{theirs.pk}" not in {c.code for c in choices}
    assert len(choices) == 1 + len(_manifest())
    code = f"upload:{ours.pk}"
    assert picture_alt(code) == "A room with a round table"
    assert picture_url(code) == reverse("partners:picture_file", args=[partnership.slug, ours.pk])
    assert picture_url(f"upload:{theirs.pk}", partnership) == ""
    assert Path(url2pathname(urlparse(picture_file(code)).path)).is_file()
    assert easy_read.picture_choices(
        [code, f"upload:{theirs.pk}", "openmoji:2615", ""], partnership
    ).keys() == {
        code,
        "openmoji:2615",
    }


def test_openmoji_is_credited_only_where_used(partnership):
    ours = _picture(partnership)
    assert credit_for(["openmoji:2615", ""]) == CREDIT == "Pictures: OpenMoji (openmoji.org), CC BY-SA 4.0"
    assert credit_for([f"upload:{ours.pk}", ""]) == ""
    assert credit_for([]) == ""


# ---------------------------------------------------------------- the glossary, as documents use it


def test_glossary_words_found_in_texts_and_put_in_bold(partnership, other_partnership):
    advocate = GlossaryTerm.objects.create(partnership=partnership, word="Advocate", explanation="A helper.")
    GlossaryTerm.objects.create(partnership=partnership, word="minutes", explanation="Notes.")
    GlossaryTerm.objects.create(partnership=other_partnership, word="bus", explanation="A bus.")
    texts = ["Two advocates came by bus.", "", "We agreed the advocacy plan."]
    with CaptureQueriesContext(connection) as queries:
        assert glossary_in(partnership, texts) == [advocate]
    assert len(queries) == 1
    assert glossary_in(partnership, ["", "  "]) == []
    # The print templates bold them by the same rule, plurals included, escaping everything else.
    assert print_words("An advocate <helps> advocates.", [advocate]) == (
        '<p>An <strong class="cp-hard-word">advocate</strong> &lt;helps&gt; '
        '<strong class="cp-hard-word">advocates</strong>.</p>'
    )


# ---------------------------------------------------------------- pages: the partnership's pictures


def _gps_jpeg(size=(2000, 1200)) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone on its side
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (55.0, 57.0, 12.5), 3: "W", 4: (3.0, 11.0, 20.0)})
    data = make_image_bytes("JPEG", size, exif=exif)
    with Image.open(io.BytesIO(data)) as image:
        assert image.getexif().get_ifd(0x8825)
    return data


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge image: refused before anything is decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def test_a_coordinator_adds_a_picture_without_its_location(partnership, alice, alice_client):
    response = alice_client.post(
        reverse("partners:picture_add", args=[partnership.slug]),
        {
            "image": make_upload("IMG_7.jpg", _gps_jpeg(), "image/jpeg"),
            "name": " Our   meeting room ",
            "alt_text": "A room with a round table and 8 chairs",
        },
    )
    assert response.status_code == 302
    picture = Picture.objects.get(partnership=partnership)
    assert (picture.name, picture.uploaded_by) == ("Our meeting room", alice)
    assert "IMG_7" not in picture.image.name
    with Image.open(picture.image.path) as image:
        assert image.size == (480, 800)  # turned upright and made no larger than needed
        assert not image.getexif().get_ifd(0x8825)
        assert not image.getexif()
    served = alice_client.get(reverse("partners:picture_file", args=[partnership.slug, picture.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    listing = alice_client.get(reverse("partners:picture_list", args=[partnership.slug])).content.decode()
    assert 'alt="A room with a round table and 8 chairs"' in listing


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (("notes.png", b"This is a text file, renamed."), "The picture must be a PNG, JPEG or WebP image"),
        (("huge.png", _png_claiming(100_000, 100_000)), "This picture is too large: 10000 megapixels"),
        (("gif.gif", make_image_bytes("GIF", (20, 20))), "The picture must be a PNG, JPEG or WebP image"),
        (("empty.png", b""), "The file you chose is empty"),
    ],
)
def test_a_picture_that_is_not_an_image_or_is_huge_is_refused(partnership, alice_client, upload, message):
    response = alice_client.post(
        reverse("partners:picture_add", args=[partnership.slug]),
        {"image": make_upload(*upload), "name": "Room", "alt_text": "A room"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "There is a problem" in page
    assert 'value="Room"' in page  # what was typed is kept
    assert not Picture.objects.exists()


def test_a_picture_over_the_size_limit_is_refused(partnership, alice_client, settings):
    settings.MAX_UPLOAD_MB = 1
    big = make_image_bytes("PNG", (10, 10)) + b"\x00" * (1024 * 1024)
    response = alice_client.post(
        reverse("partners:picture_add", args=[partnership.slug]),
        {"image": make_upload("big.png", big, "image/png"), "name": "Room", "alt_text": "A room"},
    )
    assert "The picture must be smaller than 1 MB" in response.content.decode()
    assert not Picture.objects.exists()


def test_a_picture_needs_a_description(partnership, alice_client):
    response = alice_client.post(
        reverse("partners:picture_add", args=[partnership.slug]),
        {"image": make_upload("a.png", make_image_bytes("PNG")), "name": "Room", "alt_text": "  "},
    )
    assert "Describe the picture for people who cannot see it" in response.content.decode()
    assert not Picture.objects.exists()


def test_removing_a_picture_clears_it_from_the_glossary(partnership, alice_client):
    picture = _picture(partnership)
    stored = Path(picture.image.path)
    term = GlossaryTerm.objects.create(
        partnership=partnership, word="Hub", explanation="A place.", picture=f"upload:{picture.pk}"
    )
    url = reverse("partners:picture_delete", args=[partnership.slug, picture.pk])
    assert "Remove the picture" in alice_client.get(url).content.decode()
    assert alice_client.post(url).status_code == 302
    assert not Picture.objects.exists() and not stored.exists()
    term.refresh_from_db()
    assert term.picture == ""


def test_members_see_pictures_and_only_coordinators_change_them(
    partnership, bob_client, dana_client, charlie_client, client
):
    picture = _picture(partnership)
    list_url = reverse("partners:picture_list", args=[partnership.slug])
    file_url = reverse("partners:picture_file", args=[partnership.slug, picture.pk])
    add_url = reverse("partners:picture_add", args=[partnership.slug])
    delete_url = reverse("partners:picture_delete", args=[partnership.slug, picture.pk])
    page = bob_client.get(list_url)
    assert page.status_code == 200 and "Our room" in page.content.decode()
    assert add_url not in page.content.decode()
    assert bob_client.get(file_url).status_code == 200
    for writer in (bob_client, dana_client):
        assert writer.get(add_url).status_code == 403
        assert writer.post(delete_url).status_code == 403
    for url in (list_url, file_url, add_url, delete_url):
        assert charlie_client.get(url).status_code == 404
        assert charlie_client.post(url).status_code == 404
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert Picture.objects.filter(pk=picture.pk).exists()


def test_a_visiting_expert_sees_only_their_meetings_pictures_and_not_the_list(partnership):
    from django.test import Client

    from meetings.models import Attendance
    from tests.factories import make_meeting

    expert = make_user("expert@example.org")
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    visitor = Client()
    visitor.force_login(expert)
    picture = _picture(partnership)
    file_url = reverse("partners:picture_file", args=[partnership.slug, picture.pk])
    assert visitor.get(file_url).status_code == 404
    meeting = make_meeting(partnership)
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=expert)
    meeting.agenda_items.update(easy_read_picture=easy_read.upload_code(picture))
    assert visitor.get(file_url).status_code == 200
    assert visitor.get(reverse("partners:picture_list", args=[partnership.slug])).status_code == 404


# ---------------------------------------------------------------- pages: the glossary


def _glossary_post(word="Advocate", explanation="A person who helps you speak up.", picture=""):
    return {"word": word, "explanation": explanation, "picture": picture}


def test_a_chair_adds_changes_and_removes_a_glossary_word(partnership, dana_client):
    add = reverse("partners:glossary_add", args=[partnership.slug])
    form_page = dana_client.get(add).content.decode()
    assert "data-easy-read" in form_page and 'id="id_picture_1"' in form_page
    assert "<legend" in form_page and "Picture (optional)" in form_page
    response = dana_client.post(add, _glossary_post(picture="openmoji:1F5E3"))
    assert response.status_code == 302
    term = GlossaryTerm.objects.get(partnership=partnership)
    assert (term.word, term.picture) == ("Advocate", "openmoji:1F5E3")
    listing = dana_client.get(reverse("partners:glossary", args=[partnership.slug])).content.decode()
    assert "A person who helps you speak up." in listing
    assert 'alt="The side of a head speaking"' in listing and CREDIT in listing

    edit = reverse("partners:glossary_edit", args=[partnership.slug, term.pk])
    assert 'value="openmoji:1F5E3" checked' in dana_client.get(edit).content.decode()
    dana_client.post(edit, _glossary_post(explanation="Someone who helps you say what you want."))
    term.refresh_from_db()
    assert term.explanation == "Someone who helps you say what you want." and term.picture == ""

    delete = reverse("partners:glossary_delete", args=[partnership.slug, term.pk])
    assert dana_client.post(delete).status_code == 302
    assert not GlossaryTerm.objects.exists()


def test_the_same_word_twice_gets_a_plain_message(partnership, alice_client):
    GlossaryTerm.objects.create(partnership=partnership, word="Advocate", explanation="A helper.")
    response = alice_client.post(
        reverse("partners:glossary_add", args=[partnership.slug]), _glossary_post(word="  advocate ")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "\u201cadvocate\u201d is already in the glossary. Change that entry instead of adding it again."
        in page
    )
    assert "A person who helps you speak up." in page
    assert GlossaryTerm.objects.count() == 1
    # Changing an entry keeps its own word.
    term = GlossaryTerm.objects.get()
    response = alice_client.post(
        reverse("partners:glossary_edit", args=[partnership.slug, term.pk]), _glossary_post(word="Advocate")
    )
    assert response.status_code == 302


def test_an_explanation_with_a_forty_word_sentence_is_refused_and_kept(partnership, alice_client):
    response = alice_client.post(
        reverse("partners:glossary_add", args=[partnership.slug]), _glossary_post(explanation=FORTY_WORDS)
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "has 40 words. Easy read sentences have 15 at most." in page
    assert FORTY_WORDS in page  # the words stay in the box
    assert 'role="status"' in page and "1 too long (over 15 words)" in page  # the guidance, without script
    assert not GlossaryTerm.objects.exists()


def test_a_picture_that_is_not_one_of_ours_is_refused(partnership, other_partnership):
    theirs = _picture(other_partnership)
    form = GlossaryTermForm(_glossary_post(picture=f"upload:{theirs.pk}"), partnership=partnership)
    assert not form.is_valid()
    assert form.errors["picture"] == ["Choose a picture from the list, or \u201cNo picture\u201d"]


def test_everyone_sees_the_glossary_and_chairs_and_coordinators_change_it(
    partnership, bob_client, charlie_client, client
):
    term = GlossaryTerm.objects.create(partnership=partnership, word="Advocate", explanation="A helper.")
    listing = reverse("partners:glossary", args=[partnership.slug])
    page = bob_client.get(listing).content.decode()
    assert "Advocate" in page and reverse("partners:glossary_add", args=[partnership.slug]) not in page
    writes = [
        reverse("partners:glossary_add", args=[partnership.slug]),
        reverse("partners:glossary_edit", args=[partnership.slug, term.pk]),
        reverse("partners:glossary_delete", args=[partnership.slug, term.pk]),
    ]
    for url in writes:
        assert bob_client.get(url).status_code == 403
        assert bob_client.post(url, _glossary_post(word="Taken")).status_code == 403
    for url in [listing, *writes]:
        assert charlie_client.get(url).status_code == 404
        assert charlie_client.post(url, _glossary_post(word="Taken")).status_code == 404
        response = client.post(url, _glossary_post(word="Taken"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert list(GlossaryTerm.objects.values_list("word", flat=True)) == ["Advocate"]


# ---------------------------------------------------------------- query budgets


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_glossary_page_costs_the_same_for_5_or_50_words(partnership, alice_client):
    pictures_made = [_picture(partnership, name=f"P{n}") for n in range(3)]

    def add(start, stop):
        for n in range(start, stop):
            code = f"upload:{pictures_made[n % 3].pk}" if n % 2 else "openmoji:2615"
            GlossaryTerm.objects.create(
                partnership=partnership, word=f"Word {n:02d}", explanation="Easy.", picture=code
            )

    url = reverse("partners:glossary", args=[partnership.slug])
    add(0, 5)
    few = _queries(alice_client, url)
    add(5, 50)
    assert _queries(alice_client, url) == few


def test_the_pictures_page_costs_the_same_for_5_or_50_pictures(partnership, alice_client):
    url = reverse("partners:picture_list", args=[partnership.slug])
    for n in range(5):
        _picture(partnership, name=f"P{n}")
    few = _queries(alice_client, url)
    for n in range(5, 50):
        _picture(partnership, name=f"P{n}")
    assert _queries(alice_client, url) == few
