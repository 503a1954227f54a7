"""Meeting packs, document web versions, easy read, the glossary and pictures, checked in Chromium: every page
answers 200, stays on its address and has 0 axe violations against WCAG 2.2 AA and best practice.

The pages are the demo partnership's, on its next meeting ("Planning the 50 conversations") and a past one
("Getting started"). What the demo lacks is made here (`pack_extras`): a picture the partnership uploaded, two
glossary words, and easy read words with a picture on one agenda item, so the easy read pages and documents
show pictures, bold glossary words and missing points side by side.

As in test_meetings_pages, the pages are visited in journeys: one test per journey signs in once and reports
every page that fails together at the end. The PDFs are fetched through the meeting page's own links (no
axe on PDFs). One more test goes through the easy read point form with the keyboard alone.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from coproduction.easy_read.pictures import upload_code
from coproduction.printing import VARIANTS
from meetings.models import AgendaItem, EasyReadCheck, Meeting, PackDelivery
from meetings.services import packs
from meetings.services.documents import MEETING_DOCUMENTS
from partners.models import GlossaryTerm, Partnership, Picture, User
from tests.browser.conftest import COORDINATOR, MEMBER, SLUG
from tests.browser.journeys import Visit, errors, visit_page
from tests.browser.test_keyboard import Keyboard
from tests.factories import make_image_bytes

NEXT = "Planning the 50 conversations"
PAST = "Getting started"
ITEM = "Where people find out about jobs"  # the agenda item whose easy read words are written here
OTHER_ITEM = "The questions we will ask"  # its easy read words are taken away to show a missing point
PICTURE_NAME = "Riverside Community Hub"
WORD, OTHER_WORD = "Co-production", "Advocate"
BUNDLED_PICTURE = "openmoji:E249"  # "Meeting", in the group "Meetings and time"
EASY_READ_WORDS = "We talk about how people find jobs. Co-production means we work on it together."
CHECKED_BY = "The easy read reading group at the Hub"
# One sentence of 40 words: easy read allows 15 at most.
LONG_SENTENCE = (
    "We will talk about where disabled people in Riverside hear about jobs and what the jobcentre and the "
    "council could do to make the adverts and the interviews much easier for everyone who wants to work and "
    "needs some help."
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """The partnership's uploaded picture goes to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


# ---------------------------------------------------------------- what the demo lacks, made here


@dataclass(frozen=True)
class PackExtras:
    next: int
    past: int
    item: int  # the agenda item of the next meeting with easy read words and the partnership's picture
    other_item: int  # an agenda item whose easy read words `_words_missing` takes away
    picture: int
    term: int  # the glossary word with a bundled picture
    other_term: int


def pack_extras() -> PackExtras:
    """Find the demo's meetings and make the picture, glossary words and easy read words. Once per test."""
    partnership = Partnership.objects.get(slug=SLUG)
    morag = User.objects.get(email=COORDINATOR)
    meetings = {m.title: m for m in Meeting.objects.filter(partnership=partnership)}
    upcoming = meetings[NEXT]
    picture = Picture(
        partnership=partnership,
        name=PICTURE_NAME,
        alt_text="The front of the Riverside Community Hub, a low brick building with a ramp to the door",
        uploaded_by=morag,
    )
    picture.image.save("picture.png", ContentFile(make_image_bytes("PNG", (200, 200))), save=False)
    picture.save()
    term = GlossaryTerm.objects.create(
        partnership=partnership,
        word=WORD,
        explanation="Disabled people and services plan things together. Everyone has a say.",
        picture=BUNDLED_PICTURE,
    )
    other_term = GlossaryTerm.objects.create(
        partnership=partnership,
        word=OTHER_WORD,
        explanation="A person who helps you say what you want. They are on your side.",
    )
    item = AgendaItem.objects.get(meeting=upcoming, title=ITEM)
    AgendaItem.objects.filter(pk=item.pk).update(
        easy_read_text=EASY_READ_WORDS, easy_read_picture=upload_code(picture)
    )
    return PackExtras(
        next=upcoming.pk,
        past=meetings[PAST].pk,
        item=item.pk,
        other_item=AgendaItem.objects.get(meeting=upcoming, title=OTHER_ITEM).pk,
        picture=picture.pk,
        term=term.pk,
        other_term=other_term.pk,
    )


def send_pack(extras: PackExtras) -> None:
    """The coordinator sent the next meeting's pack (as the Send meeting pack form does)."""
    packs.pack_send(
        meeting=Meeting.objects.get(pk=extras.next), by=User.objects.get(email=COORDINATOR), base_url=""
    )


# ---------------------------------------------------------------- addresses


def _m(name: str, *fields: str) -> Callable[[PackExtras], str]:
    """A meetings page in the demo partnership; `fields` name the PackExtras that fill in the address."""
    return lambda extras: reverse(f"meetings:{name}", args=[SLUG, *(getattr(extras, f) for f in fields)])


def _partners(name: str, *fields: str) -> Callable[[PackExtras], str]:
    return lambda extras: reverse(f"partners:{name}", args=[SLUG, *(getattr(extras, f) for f in fields)])


def _document(meeting: str, document: str, variant: str) -> Callable[[PackExtras], str]:
    """A document's web version; `meeting` names the PackExtras field of the meeting."""
    return lambda extras: reverse(
        "meetings:document_web",
        kwargs={"slug": SLUG, "pk": getattr(extras, meeting), "document": document, "variant": variant},
    )


def _action_log(variant: str) -> Callable[[PackExtras], str]:
    return lambda extras: reverse("meetings:action_log_web", kwargs={"slug": SLUG, "variant": variant})


def _point(item: str) -> Callable[[PackExtras], str]:
    """The easy read form of one agenda item of the next meeting."""
    return lambda extras: reverse(
        "meetings:easy_read_point",
        kwargs={"slug": SLUG, "pk": extras.next, "kind": "agenda_item", "point_id": getattr(extras, item)},
    )


PATHS: dict[str, Callable[[PackExtras], str]] = {
    "meeting-next": _m("meeting_detail", "next"),
    **{
        f"{document}-{variant}-{meeting}": _document(meeting, document, variant)
        for meeting in ("next", "past")
        for document in MEETING_DOCUMENTS
        for variant in VARIANTS
    },
    **{f"action-log-{variant}": _action_log(variant) for variant in VARIANTS},
    "pack-send": _m("pack_send", "next"),
    "print-list": _m("pack_print_list", "next"),
    "easy-read": _m("easy_read", "next"),
    "easy-read-point": _point("item"),
    "easy-read-point-missing": _point("other_item"),
    "easy-read-check": _m("easy_read_check", "next"),
    "glossary": _partners("glossary"),
    "glossary-add": _partners("glossary_add"),
    "glossary-change": _partners("glossary_edit", "other_term"),
    "pictures": _partners("picture_list"),
    "picture-add": _partners("picture_add"),
}
assert set(MEETING_DOCUMENTS) == {"pack", "agenda", "minutes"}, MEETING_DOCUMENTS


# ---------------------------------------------------------------- what to do on a page before axe runs


def _click(page, button: str):
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button, exact=True).click()
    return navigation.value


def _send_pack(page):
    return _click(page, "Send meeting pack")


def _send_again_to_everyone(page):
    page.get_by_role("radio", name="Everyone again", exact=False).check()
    return _click(page, "Send meeting pack")


def _long_sentence(page):
    page.locator("textarea[name=easy_read_text]").fill(LONG_SENTENCE)
    return _click(page, "Save")


def _check_my_words(page):
    page.locator("textarea[name=easy_read_text]").fill(EASY_READ_WORDS)
    return _click(page, "Check my words")


def _open_picture_groups(page):
    """Open every group of the picture chooser, as a person would: by its summary."""
    for group in page.locator("main details").all():
        if group.get_attribute("open") is None:
            group.locator("summary").click()
    return None  # no navigation: the page stays as it is


def _record_check(page):
    page.locator("input[name=checked_by]").fill(CHECKED_BY)
    page.locator("input[name=checked_on_0]").fill("3")
    page.locator("input[name=checked_on_1]").fill("3")
    page.locator("input[name=checked_on_2]").fill("2026")
    page.locator("textarea[name=notes]").fill("Clear. Please use a bigger picture for the venue.")
    return _click(page, "Record the check")


def _duplicate_word(page):
    page.locator("input[name=word]").fill(WORD.lower())
    return _click(page, "Save")


def _words_missing(extras: PackExtras) -> None:
    """The demo's easy read is all written and checked; take one point's words and picture away."""
    AgendaItem.objects.filter(pk=extras.other_item).update(easy_read_text="", easy_read_picture="")


def _easy_read_first(extras: PackExtras) -> None:
    User.objects.filter(email=COORDINATOR).update(easy_read_first=True)


# ---------------------------------------------------------------- checks beyond axe


def _pdf_links(page, extras: PackExtras) -> list[str]:
    """Every PDF of the meeting's documents, fetched through the meeting page's own link: a PDF, not empty."""
    problems = []
    expected = {
        reverse(
            "meetings:document_pdf",
            kwargs={"slug": SLUG, "pk": extras.next, "document": document, "variant": variant},
        )
        for document in MEETING_DOCUMENTS
        for variant in VARIANTS
    }
    hrefs = page.locator("main a[href$='.pdf']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    missing = expected - set(hrefs)
    if missing:
        problems.append(f"meeting page: no link to {sorted(missing)}")
    for href in sorted(expected & set(hrefs)):
        response = page.request.get(page.url.split("/p/")[0] + href)
        kind = response.headers.get("content-type", "")
        body = response.body()
        if response.status != 200 or not kind.startswith("application/pdf") or not body.startswith(b"%PDF"):
            problems.append(f"{href} answered {response.status} {kind!r} with {len(body)} bytes, not a PDF")
    return problems


def _links_in(page, document: str) -> list[str]:
    label = {"pack": "Meeting pack", "agenda": "Agenda", "minutes": "Minutes"}[document]
    return [
        text.strip()
        for text in page.locator("main li > a").all_inner_texts()
        if text.strip().startswith(f"{label} (")
    ]


def _document_links(page, extras: PackExtras) -> list[str]:
    problems = []
    for document in MEETING_DOCUMENTS:
        links = _links_in(page, document)
        if len(links) != 5:
            problems.append(f"meeting page: {len(links)} links to the {document}, not 5: {links}")
    return problems


def _deadline_shown(page, extras: PackExtras) -> list[str]:
    """The papers deadline, in whichever words fit the day the test runs."""
    papers = page.locator("main .govuk-summary-list__row", has=page.locator("dt", has_text="Papers"))
    text = papers.inner_text() if papers.count() == 1 else ""
    if not any(words in text for words in ("Papers go out by", "papers deadline")):
        return [f"meeting page: no papers deadline in the summary (Papers row: {text!r})"]
    return []


def _easy_read_links_first(page, extras: PackExtras) -> list[str]:
    problems = []
    for document in MEETING_DOCUMENTS:
        links = _links_in(page, document)
        if len(links) != 5 or not all("easy read" in link for link in links[:2]):
            problems.append(
                f"meeting page with easy read first: the {document} links are in this order: {links}"
            )
    return problems


def _all_groups_open(page, extras: PackExtras) -> list[str]:
    closed = page.locator("main details:not([open])").count()
    groups = page.locator("main details").count()
    return (
        [f"easy read point: {closed} of {groups} picture groups still closed"] if closed or not groups else []
    )


def _check_recorded(page, extras: PackExtras) -> list[str]:
    if not EasyReadCheck.objects.filter(meeting_id=extras.next, checked_by=CHECKED_BY).exists():
        return ["the check with people who use easy read was not recorded"]
    return []


def _sent(page, extras: PackExtras) -> list[str]:
    if not PackDelivery.objects.filter(meeting_id=extras.next).exists():
        return ["no deliveries recorded after sending the pack"]
    return []


# ---------------------------------------------------------------- the journeys


def _documents(meeting: str, *, expect_title: str) -> list[Visit]:
    return [
        Visit(f"{document}-{variant}-{meeting}", expect=(expect_title,))
        for document in MEETING_DOCUMENTS
        for variant in VARIANTS
    ]


JOURNEYS: dict[str, tuple[str, list[Visit]]] = {
    "coordinator-reads-the-documents": (
        COORDINATOR,
        [
            Visit(
                "meeting-next",
                expect=("Meeting pack and papers", "Meeting pack (web page, easy read)"),
                check=lambda page, extras: (
                    _deadline_shown(page, extras) + _document_links(page, extras) + _pdf_links(page, extras)
                ),
            ),
            *_documents("next", expect_title=NEXT),
            *_documents("past", expect_title=PAST),
            *(Visit(f"action-log-{variant}", expect=("Action log",)) for variant in VARIANTS),
            Visit("meeting-next", before=_easy_read_first, check=_easy_read_links_first),
        ],
    ),
    "coordinator-sends-the-pack": (
        COORDINATOR,
        [
            Visit("print-list", expect=("The meeting pack has not been sent yet",)),
            Visit("pack-send", expect=("Send the meeting pack", "Who gets what")),
            Visit(
                "pack-send",
                act=_send_pack,
                lands_on="print-list",
                expect=("The meeting pack is on its way", "Post to", "12 Harbour Road"),
                check=_sent,
            ),
            Visit(
                "meeting-next",
                expect=("The meeting pack has gone to", "See who has had it", "The meeting pack was sent on"),
            ),
            Visit(
                "pack-send",
                expect=(
                    "The pack was already sent on",
                    "Everyone again",
                    "Who was sent the meeting pack",
                    "Graham Ross",
                ),
                expect_selector="main input[name=who][type=radio]",
            ),
            Visit(
                "pack-send",
                act=_send_again_to_everyone,
                lands_on="print-list",
                expect=("It was also sent on", "Print"),
            ),
        ],
    ),
    "coordinator-writes-easy-read": (
        COORDINATOR,
        [
            Visit("easy-read", expect=("The easy read pack is ready", EASY_READ_WORDS, "Chloe and the")),
            Visit("easy-read", before=_words_missing, expect=("The easy read pack is not ready", "Missing")),
            Visit("easy-read-point", expect=("Easy read words for", ITEM), expect_selector="main textarea"),
            Visit("easy-read-point", act=_long_sentence, shows_errors=True),
            Visit("easy-read-point", act=_check_my_words, expect=("Your words are checked below",)),
            Visit("easy-read-point", act=_open_picture_groups, check=_all_groups_open),
            Visit(
                "easy-read-point-missing",
                expect=(OTHER_ITEM,),
                expect_selector="main #id_easy_read_picture_1:checked",
            ),
            Visit("easy-read-check", expect=("Record a check with people who use easy read",)),
            errors("easy-read-check"),
            Visit(
                "easy-read-check",
                act=_record_check,
                lands_on="easy-read",
                expect=(CHECKED_BY,),
                check=_check_recorded,
            ),
        ],
    ),
    "coordinator-glossary-and-pictures": (
        COORDINATOR,
        [
            Visit("glossary", expect=(WORD, OTHER_WORD, "Disabled people and services plan things together")),
            Visit("glossary-add"),
            errors("glossary-add"),
            Visit("glossary-change", expect_selector=f"main input[name=word][value='{OTHER_WORD}']"),
            Visit(
                "glossary-change", act=_duplicate_word, shows_errors=True, expect=("already in the glossary",)
            ),
            Visit("pictures", expect=(PICTURE_NAME,), expect_selector="main img[alt^='The front of']"),
            Visit("picture-add"),
            errors("picture-add"),
        ],
    ),
    "member-reads-the-pack": (
        MEMBER,
        [
            Visit("meeting-next", expect=("Meeting pack and papers",), check=_document_links),
            Visit("pack-easy_read-next", expect=(NEXT,)),
            Visit("glossary", expect=(WORD, OTHER_WORD)),
        ],
    ),
}


@pytest.mark.parametrize("journey", JOURNEYS)
def test_pack_pages_have_no_axe_violations(journey, page, url, signed_in):
    who, visits = JOURNEYS[journey]
    extras = pack_extras()
    signed_in(who)
    problems = []
    for visit in visits:
        problems += visit_page(page, url, PATHS, visit, extras)
    assert not problems, f"{len(problems)} problem(s) on the {journey} journey:\n\n" + "\n\n".join(problems)


# ---------------------------------------------------------------- the keyboard alone


def test_easy_read_picture_chosen_with_the_keyboard(page, url, signed_in):
    """Tab to the picture chooser, open a group with Enter, choose a picture with the arrow keys and Space,
    save with Enter: visible focus at every stop."""
    extras = pack_extras()
    signed_in(COORDINATOR)
    _words_missing(extras)  # so "No picture" is the chosen radio and every group is closed
    keys = Keyboard(page)
    point = url(PATHS["easy-read-point-missing"](extras))
    page.goto(point)

    keys.tab_to_field("easy_read_text")
    page.keyboard.type("We ask people 5 questions about work.")
    # "No picture" is the chosen radio, so it is the group's Tab stop; next come the groups' summaries.
    keys.tab_to_field("easy_read_picture")
    keys.tab_to(
        "the summary of the group 'Meetings and time'",
        "el => el.tagName === 'SUMMARY' && el.innerText.startsWith('Meetings and time')",
    )
    page.keyboard.press("Enter")
    group = page.locator("details", has=page.locator("summary", has_text="Meetings and time"))
    assert group.get_attribute("open") is not None, "Enter did not open the group"
    keys.check_focus()

    # Back to the radio group, then down into the opened group with the arrow keys and choose with Space.
    page.keyboard.press("Shift+Tab")
    keys.check_focus()
    for _ in range(len(page.locator("details summary").all()) + 2):
        if page.evaluate("() => document.activeElement.name === 'easy_read_picture'"):
            break
        page.keyboard.press("Shift+Tab")
        keys.check_focus()
    keys.choose(
        "ArrowDown",
        "the picture chooser",
        "() => document.activeElement.value",
        "openmoji:1F4C5",  # "Calendar", the second picture of "Meetings and time"
        presses=10,
    )
    page.keyboard.press("Space")
    keys.check_focus()
    chosen = page.evaluate("() => document.querySelector('input[name=easy_read_picture]:checked').value")
    assert chosen == "openmoji:1F4C5", f"The chosen picture is {chosen!r}"

    keys.tab_to_button("Save")
    keys.follow(PATHS["easy-read"](extras))
    item = AgendaItem.objects.get(pk=extras.other_item)
    assert item.easy_read_picture == "openmoji:1F4C5"
    assert item.easy_read_text == "We ask people 5 questions about work."
    assert not keys.problems, "Focus problems at these stops:\n" + "\n".join(keys.problems)
