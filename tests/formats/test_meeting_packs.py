"""The demo's next meeting pack in each variant, read back and checked against the print rules in
ACCESSIBILITY.md (tests/formats/pdfcheck.py), and what each pack says: the papers appended or listed, the
access arrangements without anyone's name, easy read marked not ready with the points still missing.

Printing takes WeasyPrint about half a second a document, so the demo's packs are printed once for the whole
module (inside one transaction, rolled back at the end) and each test reads them.
"""

import re
from dataclasses import dataclass

import pytest
import weasyprint
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from coproduction.demo import load
from coproduction.printing import EASY_READ_MAX_PAGES, VARIANTS
from meetings.models import ActionPoint, AgendaItem, Meeting, PaperVersion
from meetings.services import documents
from meetings.services.papers import paper_version_add
from meetings.uploads import check_paper
from partners.models import AccessNeed, CommunicationPreference, Partnership
from tests.factories import make_docx_bytes, make_meeting, make_member, make_paper, make_upload, make_user
from tests.formats.pdfcheck import MIN_SIZE, assert_print_rules, page_texts, pictures

# Every test here uses the database: the marker also makes pytest-django set up the test database for the
# module-scoped fixture when only some of these tests are run.
pytestmark = pytest.mark.django_db

PAPER_PAGES = 2


def _two_page_pdf() -> bytes:
    """A real paper of two pages, as a partner would upload it."""
    html = (
        '<html lang="en-GB"><head><title>The questions</title></head><body>'
        "<h1>The questions we will ask</h1><p>Question one: where did you look for work?</p>"
        '<p style="break-before: page">Question two: what got in the way?</p></body></html>'
    )
    return weasyprint.HTML(string=html).write_pdf()


@dataclass
class Packs:
    meeting: Meeting
    printed: dict  # variant -> list[Printed]
    texts: dict  # variant -> the whole text of all its parts
    people_with_needs: list[str]  # every name (and word from a note) that could name someone with a need


@pytest.fixture(scope="module")
def packs(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the demo's people sign in with a password
    with (
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        assert not Meeting.objects.exists(), "the test database, empty, not another one"
        load()
        partnership = Partnership.objects.get(slug="work-together-riverside")
        meeting = (
            Meeting.objects.filter(partnership=partnership, starts_at__gt=timezone.now())
            .order_by("starts_at")
            .get()
        )
        # The demo's easy read is written and checked; take one agenda item's and one action point's words
        # away, so the pack is not ready and must say what is missing.
        AgendaItem.objects.filter(meeting=meeting, title="Where people find out about jobs").update(
            easy_read_text=""
        )
        ActionPoint.objects.filter(partnership=partnership, text__startswith="Draft the questions").update(
            easy_read_text=""
        )
        questions_item = AgendaItem.objects.get(meeting=meeting, title="The questions we will ask")
        morag = partnership.memberships.get(person__email="coordinator@example.org").person
        questions = make_paper(
            partnership,
            meeting=meeting,
            agenda_item=questions_item,
            title="The questions",
            content=_two_page_pdf(),
            filename="Questions.pdf",
            uploaded_by=morag,
        )
        paper_version_add(
            paper=questions,
            format=PaperVersion.Format.LARGE_PRINT,
            checked=check_paper(make_upload("Questions large print.pdf", _two_page_pdf())),
            uploaded_by=morag,
        )
        # Starts like a PDF, so the upload check lets it in, but no PDF reader can open it.
        make_paper(
            partnership,
            meeting=meeting,
            agenda_item=questions_item,
            title="Budget",
            content=b"%PDF-1.7\nthis is not really a PDF\n",
            filename="Budget.pdf",
            uploaded_by=morag,
        )
        make_paper(
            partnership,
            meeting=meeting,
            title="Terms of reference",
            content=make_docx_bytes(),
            filename="Terms of reference.docx",
            uploaded_by=morag,
        )
        printed = {v: documents.meeting_document_parts(meeting, "pack", v) for v in VARIANTS}
        names = set()
        for need in AccessNeed.objects.select_related("person"):
            names |= {need.person.full_name, need.person.display_name, *need.person.full_name.split()}
        for preference in CommunicationPreference.objects.exclude(support_person_name=""):
            names |= {preference.support_person_name, *preference.support_person_name.split()}
        names |= {"Bess", "Ann"}  # named in people's own notes about their needs
        yield Packs(
            meeting=meeting,
            printed=printed,
            texts={v: "\n".join(t for p in parts for t in page_texts(p.pdf)) for v, parts in printed.items()},
            people_with_needs=sorted(names),
        )
        transaction.set_rollback(True)


def _title(meeting) -> str:
    return documents.document_title(meeting, meeting.partnership, "pack")


def _flat(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- the print rules, variant by variant


def test_the_standard_pack_meets_the_print_rules_with_its_paper_appended(packs):
    (pack,) = packs.printed["standard"]
    own_pages = pack.pages - PAPER_PAGES
    checked = assert_print_rules(pack.pdf, "standard", title=_title(packs.meeting), document_pages=own_pages)
    assert checked.smallest >= MIN_SIZE["standard"] - 0.01  # page numbers included
    texts = page_texts(pack.pdf)
    assert len(texts) == pack.pages
    # The two pages of the paper come last, numbered on from the pack's own pages.
    assert "Question one" in texts[own_pages] and f"Page {own_pages + 1} of {pack.pages}" in texts[own_pages]
    assert "Question two" in texts[-1] and f"Page {pack.pages} of {pack.pages}" in texts[-1]
    assert all(f"of {pack.pages}" in text for text in texts)


def test_the_large_print_pack_meets_the_print_rules(packs):
    (pack,) = packs.printed["large_print"]
    checked = assert_print_rules(pack.pdf, "large_print", title=_title(packs.meeting))
    assert checked.smallest >= 18 - 0.01
    assert checked.pages == pack.pages


def test_the_easy_read_pack_meets_the_print_rules_with_pictures_left_of_the_words(packs):
    parts = packs.printed["easy_read"]
    for part in parts:
        assert part.pages <= EASY_READ_MAX_PAGES
        title = _title(packs.meeting) + (
            f" – Part {parts.index(part) + 1} of {len(parts)}" if len(parts) > 1 else ""
        )
        checked = assert_print_rules(part.pdf, "easy_read", title=title)
        assert checked.smallest >= 16 - 0.01
        assert checked.pictures >= 10
    assert "Pictures: OpenMoji" in packs.texts["easy_read"]  # the credit the licence asks for


# ---------------------------------------------------------------- what the packs say


def test_the_pack_has_its_sections_in_order(packs):
    for variant, headings in {
        "standard": [
            "Agenda",
            "Minutes of the last meeting: What gets in the way of work",
            "Action points from earlier meetings",
            "Decisions since the last meeting",
            "Papers",
        ],
        "easy_read": [
            "Agenda",
            "The last meeting",
            "Things people said they would do",
            "What we decided",
            "Papers",
        ],
    }.items():
        text = _flat(packs.texts[variant])
        position = text.index("About the meeting W")  # the front page, after the list of contents
        for heading in headings:
            position = text.index(heading, position) + len(heading)


def test_the_front_page_says_when_where_who_chairs_and_when_the_breaks_are(packs):
    text = _flat(packs.texts["standard"])
    day = timezone.localtime(packs.meeting.starts_at).strftime("%A %-d %B %Y")
    assert f"{day} 10:00 to 12:30" in text
    assert "Riverside Community Hub 22 Mill Street Riverside RV1 4EF" in text
    assert "By bus or train: Buses 7 and 12 stop outside." in text
    assert "Parking: Two accessible spaces" in text and "Drop-off: At the front door" in text
    assert "You can also join online. The joining link is https://meet.example.org/" in text
    assert "Live captions are available." in text
    assert "Fi and Sanjay Patel (co-chairs)." in text
    breaks = re.search(r"Breaks (.*?) Questions", text).group(1)
    assert breaks == "• 10:40 to 10:50 • 11:35 to 11:45"
    assert "Ask Morag: email coordinator@example.org." in text


def _access_section(packs, variant: str) -> str:
    start, end = (
        ("Help to take part", "Breaks") if variant == "easy_read" else ("Access arrangements", "Breaks")
    )
    text = packs.texts[variant]
    return _flat(text[text.index(start) : text.index(end, text.index(start))])


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_access_arrangements_name_nobody(packs, variant):
    section = _access_section(packs, variant)
    assert "not available" not in section
    if variant == "easy_read":
        # Easy read words, one short sentence each; what is not arranged says who is arranging it.
        assert "There will be a BSL interpreter." in section
        assert "We are still arranging a hearing loop." in section
        assert "There are breaks." in section
        assert "The papers come in big writing." in section
        assert "Morag is arranging it." in section
    else:
        assert "BSL/English interpreter: booked." in section
        assert "Hearing loop: not arranged yet; Morag is arranging it (coordinator@example.org)." in section
        assert "Regular breaks: planned." in section
        assert "Large print: the meeting pack and papers come in large print." in section
    # Morag is named as the coordinator arranging what is not arranged yet, never for a need of her own.
    about_needs = section.replace("Morag is arranging it", "")
    for name in packs.people_with_needs:
        assert not re.search(rf"\b{re.escape(name)}\b", about_needs), name
    # Not even what the coordinator wrote when booking (the taxi booking names who it is for).
    assert "taxi" not in section.lower()


def test_the_standard_pack_lists_every_paper_and_says_which_was_left_out(packs):
    text = _flat(packs.texts["standard"])
    papers = text[text.rindex("Papers The papers that are PDFs follow") :]
    assert "The questions (for “The questions we will ask”). It is at the end of this pack." in papers
    assert "Budget (for “The questions we will ask”). Left out: Budget.pdf could not be read." in papers
    assert "Terms of reference. It is a Word document, so it is not in this pack" in papers


def test_the_large_print_pack_lists_each_paper_in_large_print_or_how_to_ask_for_it(packs):
    text = _flat(packs.texts["large_print"])
    assert "The large print version: Questions large print.pdf" in text
    ask = "Ask Morag for a large print copy: email coordinator@example.org."
    assert f"Budget For “The questions we will ask”. {ask}" in text
    assert "Terms of reference Ask Morag for a large print copy" in text
    assert "Question one" not in text  # papers are never appended to the large print pack


def test_the_easy_read_pack_is_not_ready_and_lists_what_is_missing(packs):
    text = _flat(packs.texts["easy_read"])
    front = text[: text.index("About the meeting")]
    assert "Not ready This easy read document is not ready yet." in front
    assert "Agenda item “Where people find out about jobs”" in front
    # Named by its first words: a reference code such as A-2026-002 means nothing to an easy read reader.
    assert "The action point \u201cDraft the questions for the 50 conversations\u201d" in front
    assert not re.search(r"\b[AD]-\d{4}-\d{3}\b", text)
    assert text.count("Easy read text is not written yet for this point.") >= 2
    assert "Ask Morag for an easy read copy" in text
    # Written by people: what the demo has in easy read is used, word for word.
    assert "We will talk with 50 disabled people about work." in text
    assert "We talked about what stops disabled people getting work." in text


# ---------------------------------------------------------------- a long easy read pack comes in parts


def test_a_long_easy_read_pack_comes_in_parts_of_twenty_pages_at_most():
    partnership = Partnership.objects.create(name="Long Agenda", slug="long-agenda")
    partner = make_user()
    make_member(partnership, partner)
    meeting = make_meeting(partnership, title="A very full meeting", hours=11, created_by=make_user())
    AgendaItem.objects.bulk_create(
        AgendaItem(
            partnership=partnership,
            meeting=meeting,
            position=100 + n,
            title=f"Topic {n}",
            duration_minutes=5,
            easy_read_text=f"We talk about topic {n}.\n\nEveryone can have a say.",
            easy_read_picture="openmoji:1F4AC",
        )
        for n in range(1, 111)
    )
    parts = documents.meeting_document_parts(meeting, "pack", "easy_read")
    assert len(parts) >= 2
    title = _title(meeting)
    for number, part in enumerate(parts, start=1):
        assert part.pages <= 20
        assert part.filename.endswith(f"-part-{number}-of-{len(parts)}.pdf")
        assert_print_rules(part.pdf, "easy_read", title=f"{title} – Part {number} of {len(parts)}")
    assert pictures(parts[0].pdf)
    every = "\n".join(t for part in parts for t in page_texts(part.pdf))
    assert all(f"Topic {n}" in every for n in (1, 55, 110))

    # The download link gives a page listing the parts, and each part by its number (printed already).
    client = Client()
    client.force_login(partner)
    url = reverse(
        "meetings:document_pdf",
        kwargs={"slug": partnership.slug, "pk": meeting.pk, "document": "pack", "variant": "easy_read"},
    )
    listing = client.get(url)
    assert listing["Content-Type"].startswith("text/html")
    assert f"Part 2 of {len(parts)} (PDF, easy read, {parts[1].pages} pages)" in listing.content.decode()
    second = client.get(url + "?part=2")
    assert second["Content-Type"] == "application/pdf" and second.content == parts[1].pdf
    assert f'filename="{parts[1].filename}"' in second["Content-Disposition"]
    assert client.get(url + f"?part={len(parts) + 1}").status_code == 404
