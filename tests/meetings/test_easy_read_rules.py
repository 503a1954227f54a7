"""Easy read documents follow the easy read rules: no reference codes (A-2026-002, D-2026-004) in the easy
read pack, agenda, minutes or action log, on the web page or in the PDF, while standard and large print keep
them; and the pack's readiness lists easy read words saved with a warning."""

import re

import pytest
from django.utils import timezone

from meetings.services import documents
from tests.factories import make_action_point, make_decision, make_meeting, make_minutes
from tests.formats.pdfcheck import page_texts

CODE = re.compile(r"\b[AD]-\d{4}-\d{3}\b")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def last_meeting(partnership, alice):
    """Last month's meeting, with minutes, a decision in easy read and an action point with no easy read
    words yet."""
    last = make_meeting(partnership, title="Last month's meeting", days_ahead=-28, created_by=alice)
    make_minutes(last)
    make_decision(
        last,
        text="The partnership agrees the travel budget for 2027.",
        easy_read_text="We agreed how to spend money on travel.",
    )
    make_action_point(last, text="Ask the council for the bus timetable in large print.")
    return last


def _html(meeting, document, variant):
    return documents.document_html(documents.document_context(meeting, document, variant), document, variant)


def _log_html(partnership, variant):
    return documents.document_html(documents.action_log_context(partnership, variant), "actions", variant)


def test_easy_read_documents_leave_out_reference_codes_that_standard_and_large_print_keep(
    partnership, meeting, last_meeting, bob_client
):
    pages = {
        variant: {
            "pack": _html(meeting, "pack", variant),
            "agenda": _html(meeting, "agenda", variant),
            "minutes": _html(last_meeting, "minutes", variant),
            "action log": _log_html(partnership, variant),
        }
        for variant in ("standard", "large_print", "easy_read")
    }
    for name, html in pages["easy_read"].items():
        assert not CODE.search(html), (name, CODE.findall(html))
    for variant in ("standard", "large_print"):
        for name in ("pack", "minutes"):
            assert {code[0] for code in CODE.findall(pages[variant][name])} == {"A", "D"}, (variant, name)
        assert CODE.search(pages[variant]["action log"]), variant
    easy_pack = pages["easy_read"]["pack"]
    # Each point is headed in words, and one still waiting for easy read words is named by its first words.
    assert "We decided" in easy_pack and "Something to do" in easy_pack
    assert "The action point \u201cAsk the council for the bus timetable in\u2026\u201d" in easy_pack
    assert "The action point \u201cAsk the council" in pages["easy_read"]["minutes"]
    # The web page the partner opens is the same document.
    web = bob_client.get(
        f"/p/{partnership.slug}/meetings/{meeting.pk}/documents/pack/easy_read/"
    ).content.decode()
    assert "We decided" in web and not CODE.search(web)


def test_the_easy_read_pdf_has_no_reference_codes(partnership, meeting, last_meeting):
    printed = documents.meeting_document_parts(meeting, "pack", "easy_read")
    text = "\n".join(page for part in printed for page in page_texts(part.pdf))
    assert "We decided" in text
    assert not CODE.search(text), CODE.findall(text)
    standard = documents.meeting_document(last_meeting, "minutes", "standard")
    assert CODE.search("\n".join(page_texts(standard.pdf)))


# ---------------------------------------------------------------- words saved with a warning

LONG = (
    "We will talk about the new bus timetable and the changes the council wants to make to the routes "
    "that go past the community hub on Tuesdays."
)


def test_words_saved_with_a_warning_are_listed_by_readiness_without_blocking_it(
    partnership, meeting, alice, alice_client
):
    from django.utils import timezone

    from meetings.services.easy_read import easy_read_check_record, pack_points, readiness

    points = pack_points(meeting)
    for point in points:
        point.item.easy_read_text = "We talk about the bus.\nThe bus comes at 9."
        point.item.save()
    # Optional easy read words on an agenda item save with a long sentence (the form only warns).
    long_item = points[1].item
    long_item.easy_read_text = LONG
    long_item.save()
    state = readiness(meeting)
    assert not state.ready  # not checked yet: today's rule still holds
    assert [w.point.item for w in state.warnings] == [long_item]
    easy_read_check_record(
        meeting=meeting,
        checked_by="The Tuesday group",
        checked_on=timezone.localdate(),
        notes="",
        recorded_by=alice,
    )
    state = readiness(meeting)
    assert state.ready and len(state.warnings) == 1
    assert "has 27 words" in state.warnings[0].problems[0]

    page = alice_client.get(f"/p/{partnership.slug}/meetings/{meeting.pk}/easy-read/").content.decode()
    assert "The easy read pack is ready." in page
    assert "Easy read words to look at again" in page
    assert f"Agenda item \u201c{long_item.title}\u201d</a>: The sentence starting" in page
    assert "has 27 words. Easy read sentences have 15 at most." in page

    long_item.easy_read_text = "We talk about the bus."
    long_item.save()
    assert readiness(meeting).warnings == []
    page = alice_client.get(f"/p/{partnership.slug}/meetings/{meeting.pk}/easy-read/").content.decode()
    assert "Easy read words to look at again" not in page


# ---------------------------------------------------------------- plain words in every printed variant

DOUBLE_STOP = re.compile(r"(?<!\.)[.!?]\s*\.(?!\.)")  # "it.." or "go?." but not an ellipsis "..."
LOWER_CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\bbsl\b|\bword document\b")  # "large_print", "bsl video"


def _visible_words(html: str) -> str:
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_demos_next_meeting_documents_have_no_codes_or_double_full_stops(db, settings, tmp_path):
    from coproduction.demo import load
    from meetings.models import AgendaItem, Meeting
    from meetings.services.papers import paper_bsl_video_add
    from partners.models import Partnership
    from tests.factories import make_docx_bytes, make_paper

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load()
    partnership = Partnership.objects.get(slug="work-together-riverside")
    meeting = Meeting.objects.filter(partnership=partnership, starts_at__gt=timezone.now()).earliest(
        "starts_at"
    )
    morag = partnership.memberships.get(person__email="coordinator@example.org").person
    # What partners add as they prepare it: a title that asks a question, a Word paper with a BSL video, and
    # a paper whose title ends in a question mark, on no agenda item.
    meeting.title = "Are we on track?"
    meeting.save(update_fields=["title"])
    item = AgendaItem.objects.filter(meeting=meeting).exclude(purpose="break").order_by("position")[2]
    paper = make_paper(
        partnership,
        meeting=meeting,
        agenda_item=item,
        title="What happens next?",
        content=make_docx_bytes(),
        filename="Next.docx",
        uploaded_by=morag,
    )
    paper_bsl_video_add(paper=paper, video_url="https://www.youtube.com/watch?v=abc123", added_by=morag)
    make_paper(partnership, meeting=meeting, title="Who is missing?", uploaded_by=morag)

    problems = []
    for document in ("pack", "agenda", "minutes"):
        for variant in ("standard", "large_print", "easy_read"):
            context = documents.document_context(meeting, document, variant)
            words = _visible_words(documents.document_html(context, document, variant))
            assert "Are we on track?" in words
            problems += [(document, variant, hit) for hit in LOWER_CODE.findall(words)]
            problems += [
                (document, variant, words[max(m.start() - 30, 0) : m.end() + 10])
                for m in DOUBLE_STOP.finditer(words)
            ]
    assert problems == []
    standard = _visible_words(
        documents.document_html(documents.document_context(meeting, "pack", "standard"), "pack", "standard")
    )
    assert "It is a Word document, so it is not in this pack" in standard


def test_the_easy_read_pack_web_page_links_a_papers_own_version_without_inline_style(
    partnership, meeting, alice, bob_client
):
    from meetings.models import PaperVersion
    from meetings.services.papers import paper_version_add
    from meetings.uploads import check_paper
    from tests.factories import make_paper, make_pdf_bytes, make_upload

    paper = make_paper(partnership, meeting=meeting, title="Transport plan", uploaded_by=alice)
    paper_version_add(
        paper=paper,
        format=PaperVersion.Format.EASY_READ,
        checked=check_paper(make_upload("Transport plan easy read.pdf", make_pdf_bytes())),
        uploaded_by=alice,
    )
    response = bob_client.get(f"/p/{partnership.slug}/meetings/{meeting.pk}/documents/pack/easy_read/")
    page = response.content.decode()
    assert "There is an easy read version of this paper." in page
    assert ">Transport plan easy read.pdf</a>" in page
    # The page's content security policy allows no style="" attribute: the browser would ignore it.
    assert "style-src" in response["Content-Security-Policy"]
    assert " style=" not in page
