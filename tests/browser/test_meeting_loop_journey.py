"""Issue 8's "Done when", lived through in Chromium by the demo's people, one page after another.

Morag (coordinator) adds a partner who does not use email and records one access need for them; she makes the
next meeting's easy read pack ready through the Send meeting pack page's own links and sends the packs, and
the access plan says "met" only for what was really done. Sanjay (chair) runs the meeting, undoes a slip,
records a decision, adds a note and ends it. Aileen (minute-taker) writes the minutes from the chair's note,
adds Jamie's view as a BSL video and sends the minutes for comments: Graham gets large print by email, Chloe
easy read by post. Jamie confirms his view. Graham, at the largest text size and higher contrast, reads the
pack and the minutes on the web at 320px wide. Only the clock is set by hand (the meeting far enough ahead
that every papers deadline is still to come). Every page passes axe.
"""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from partners.models import User
from tests.browser.conftest import COORDINATOR, MEMBER, SLUG, assert_no_axe_violations, sign_in

CHAIR = "chair@example.org"
MINUTE_TAKER = "minutes@example.org"
EASY_READ_READER = "easyread@example.org"  # Chloe: easy read, by post
LOW_VISION = "lowvision@example.org"  # Graham: large print, by email and post
NEXT = "Planning the 50 conversations"
UNREADY_ITEM = "The questions we will ask"
OFFLINE_NAME = "Margaret Doyle"
DECISION = "We ask the 50 people the same five questions, in plain words."
NOTE = "Chloe asked that the questions come with pictures."
VIEW_WORDS = "I want the questions in BSL too, so Deaf people can answer them."
BSL_LINK = "https://video.example.org/jamie-view"
EASY_WORDS = "We choose the questions we ask people about work."


def _go(page, url: str, where: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{where} answered {response and response.status}"
    assert_no_axe_violations(page, where)


def _click(page, name: str, *, role: str = "button", where: str = "") -> None:
    """Press a button (or follow a link) that loads a new page, then check that page with axe."""
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=True).first.click()
    assert_no_axe_violations(page, where or f"the page after {name!r}")


def _main(page) -> str:
    return page.locator("main").inner_text()


def _focused(page) -> str:
    return page.evaluate("() => document.activeElement.innerText.trim()")


def _status(page) -> str:
    said = page.get_by_role("status").all_inner_texts() + page.get_by_role("alert").all_inner_texts()
    return " ".join(said)


def _plan_row(page, label: str) -> str:
    """The words of one need's row on the access plan."""
    row = page.locator("main .govuk-summary-list__row", has=page.locator("dt", has_text=label))
    assert row.count() >= 1, f"No {label!r} row on the access plan"
    return row.first.inner_text()


def _switch_to(page, base_url: str, email: str) -> None:
    """The person at the computer signs out with the header's button, and the next one signs in."""
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    sign_in(page, base_url, email)


def _the_meeting() -> Meeting:
    """The demo's next meeting, moved (the one thing nobody can click) so that its papers deadlines, Chloe's
    seven extra days included, are all still to come whatever day the test runs."""
    meeting = Meeting.objects.get(partnership__slug=SLUG, title=NEXT)
    shift = timedelta(days=max(0, 30 - (meeting.starts_at - timezone.now()).days))
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at + shift, ends_at=meeting.ends_at + shift
    )
    meeting.refresh_from_db()
    return meeting


def test_the_meeting_loop_as_partners_live_it(page, url, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = _the_meeting()
    m = lambda name: url(f"meetings:{name}", SLUG, meeting.pk)  # noqa: E731
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # ------------------------------------------------ 1. Morag adds a partner who does not use email
    sign_in(page, demo.url, COORDINATOR)
    _go(page, url("partners:member_list", SLUG), "the people page")
    _click(page, "Add someone who does not use email", role="link")
    page.get_by_label("Full name").fill(OFFLINE_NAME)
    page.get_by_label("Phone number (optional)").fill("01234 567890")
    page.get_by_label("Postal address (optional)").fill("7 Quay Street\nRiverside\nRV2 9XY")
    page.get_by_role("checkbox", name="Post", exact=True).check()
    page.get_by_role("radio", name="By phone", exact=True).check()
    _click(page, "Add partner", where="Margaret's page, just added")
    assert page.locator("h1").inner_text() == OFFLINE_NAME
    assert "does not use email" in _main(page)
    _click(page, f"Add an access need for {OFFLINE_NAME}", role="link")
    page.get_by_role("radio", name="By phone", exact=True).check()
    page.locator("input[name=code][value=step_free]").check()
    page.get_by_label("In their own words (optional)").fill("I use a walking frame.")
    _click(page, "Save access need", where="Margaret's page with her access need")
    text = _main(page)
    assert "Step-free access" in text and "I use a walking frame." in text
    assert "Recorded by Morag on" in text and "told by phone" in text, text
    _go(page, url("partners:member_list", SLUG), "the people page with Margaret")
    row = page.locator("main tr", has_text=OFFLINE_NAME)
    assert row.count() == 1 and "By post or phone" in row.inner_text()

    # ------------------------------------------------ 2. The pack: ready, sent, and the plan tells the truth
    # A slip first: one item's easy read words go, through the easy read page, so one pack is not ready.
    item = AgendaItem.objects.get(meeting=meeting, title=UNREADY_ITEM)
    point = url(
        reverse(
            "meetings:easy_read_point",
            kwargs={"slug": SLUG, "pk": meeting.pk, "kind": "agenda_item", "point_id": item.pk},
        )
    )
    _go(page, point, "the easy read words of one item")
    page.locator("textarea[name=easy_read_text]").fill("")
    _click(page, "Save", where="the easy read page after taking words away")

    _go(page, m("pack_send"), "Send the meeting pack, easy read not ready")
    assert page.locator("#not-ready").is_visible(), "The Send page does not say what is not ready"
    text = _main(page)
    assert "The easy read pack (Chloe" in text, text
    assert UNREADY_ITEM in text, "The Send page does not name the item without easy read words"
    assert "The large print pack" not in text, "Large print is ready in the demo"
    # The point names the item, and its link goes to where the words are written.
    fix_href = (
        page.locator("#not-ready ~ ul li", has_text=UNREADY_ITEM).locator("a").first.get_attribute("href")
    )
    assert point.endswith(fix_href.split("?")[0]), (fix_href, point)
    # The default button sends only the packs that are ready; the other one says what it would do.
    assert page.get_by_role("button", name="Send the packs that are ready").is_visible()
    anyway = page.locator("main button", has_text="Send anyway")
    assert anyway.count() == 1 and "Chloe" in anyway.inner_text(), anyway.all_inner_texts()
    _click(page, "Send the packs that are ready", where="the print and post list after sending")
    assert "on its way" in _status(page), _status(page)
    text = _main(page)
    # Margaret, added a minute ago, gets hers by post like Graham; Chloe's waits until it is ready.
    assert "7 Quay Street" in text and "12 Harbour Road" in text and "4 Mill Lane" not in text, text

    _go(page, m("access_plan"), "the access plan after the first send")
    large_print = _plan_row(page, "Large print")
    assert "Arranged" in large_print and "ready and in time" in large_print, large_print
    easy_read = _plan_row(page, "Easy read")
    assert "Not met" in easy_read and "The easy read pack has not been sent yet." in easy_read, easy_read

    # Morag follows the Send page's own link, writes the words back, and sends Chloe her pack.
    _go(page, m("pack_send"), "Send the meeting pack, to fix")
    with page.expect_navigation():
        page.locator(f"main a[href='{fix_href}']").first.click()
    assert_no_axe_violations(page, "the easy read words, from the Send page's link")
    page.locator("textarea[name=easy_read_text]").fill(EASY_WORDS)
    _click(page, "Save", where="the easy read page, words written")
    _go(page, m("pack_send"), "Send the meeting pack, everything ready")
    assert page.locator("#not-ready").count() == 0, _main(page)
    assert page.locator("main button", has_text="Send anyway").count() == 0
    # The pack went already: the default choice sends only to the people who have not had it (Chloe).
    _click(page, "Send meeting pack", where="the print and post list after sending Chloe's pack")
    text = _main(page)
    assert "Chloe Brown (easy read pack)" in text and "4 Mill Lane" in text, text
    # Posted today: Morag ticks it, and only then is the pack on its way to Chloe.
    _click(page, "Mark as posted for Chloe Brown", where="the print and post list, Chloe's pack posted")
    assert "Recorded for Chloe" in _status(page), _status(page)

    _go(page, m("access_plan"), "the access plan, everything sent")
    easy_read = _plan_row(page, "Easy read")
    assert "Arranged" in easy_read and "ready and in time" in easy_read, easy_read
    assert "Arranged" in _plan_row(page, "Extra time to read papers")

    # ------------------------------------------------ 3. Sanjay runs the meeting
    _switch_to(page, demo.url, CHAIR)
    _go(page, m("meeting_detail"), "the meeting page, as the chair")
    _click(page, "Run meeting", where="the Run meeting page, not started")
    assert page.locator("h1").inner_text() == f"Run meeting: {NEXT}"
    with page.expect_navigation():
        page.get_by_role("button", name="Start the meeting", exact=True).click()
    assert "Start it now anyway?" in _main(page)
    assert_no_axe_violations(page, "Start the meeting now?")
    _click(page, "Start it now anyway", where="the Run meeting page, started")
    meeting.refresh_from_db()
    first = meeting.current_item
    assert "The meeting has started" in _status(page)
    assert _focused(page) == f"Now: {first.title}"

    _click(page, "Start next item", where="Run meeting, second item")
    meeting.refresh_from_db()
    second = meeting.current_item
    assert second != first and _focused(page) == f"Now: {second.title}"
    _click(page, "Back to the previous item", where="Run meeting, back to the first item")
    assert "Back to the previous item" in _status(page)
    assert _focused(page) == f"Now: {first.title}"
    # Move on to the item the decision is about.
    questions = AgendaItem.objects.get(meeting=meeting, title=UNREADY_ITEM)
    for _ in range(10):
        meeting.refresh_from_db()
        if meeting.current_item_id == questions.pk:
            break
        _click(page, "Start next item", where="Run meeting, the next item")
    assert page.get_by_role("heading", name=f"Now: {UNREADY_ITEM}").is_visible()
    assert _focused(page) == f"Now: {UNREADY_ITEM}"

    _click(page, "Record a decision", role="link", where="Record a decision")
    page.get_by_label("The words agreed").fill(DECISION)
    page.get_by_role("radio", name="By consensus", exact=False).first.check()
    _click(page, "Record decision", where="Run meeting, decision recorded")
    assert page.url.startswith(m("run")), page.url
    assert "is recorded" in _status(page)
    recorded = page.locator("#recorded ~ h3", has_text=UNREADY_ITEM)
    assert recorded.count() == 1, "The decision is not listed under its item"
    assert DECISION in _main(page)

    page.locator("textarea[name=text]").fill(NOTE)
    _click(page, "Add note", where="Run meeting, note added")
    assert "Your note is added" in _status(page)
    assert _focused(page) == "Notes on this item"

    _click(page, "End the meeting before the last item", role="link", where="End the meeting now?")
    assert "End the meeting now?" in page.locator("h1").inner_text()
    _click(page, "End the meeting", where="Run meeting, ended")
    assert _focused(page) == "The meeting has ended"
    meeting.refresh_from_db()
    assert meeting.run_ended_at is not None

    # ------------------------------------------------ 4. The minutes
    _switch_to(page, demo.url, MINUTE_TAKER)
    _go(page, m("minutes"), "the minutes page, as the minute-taker")
    _click(page, "Write the minutes", role="link", where="Write the minutes")
    note_box = page.locator(f"textarea[name$='{questions.pk}']")
    assert note_box.count() == 1
    assert NOTE in note_box.input_value(), "The chair's note is not the starting text"
    _click(page, "Save the minutes", where="the minutes page, written")
    assert "The minutes are saved" in _status(page)

    _click(page, "Add a partner's view", role="link", where="Add a partner's view")
    page.get_by_label("Which agenda item is it about?").select_option(label=UNREADY_ITEM)
    page.get_by_label("Whose view is it?").select_option(label="Jamie Robertson")
    page.get_by_label("Their words").fill(VIEW_WORDS)
    page.locator("input[name=bsl_video_url]").fill(BSL_LINK)
    _click(page, "Add the view", where="the minutes page with Jamie's view")
    assert "Jamie Robertson's view is added" in _status(page)

    mail.outbox.clear()
    _click(page, "Send for comments", role="link", where="Send the minutes for comments")
    _click(page, "Send for comments", where="the minutes page, sent for comments")
    assert "The minutes are sent for comments" in _status(page)
    to_graham = [message for message in mail.outbox if LOW_VISION in message.to]
    assert to_graham, f"Graham got no email; the outbox has {[m.to for m in mail.outbox]}"
    names = [name for message in to_graham for name, *_ in message.attachments]
    assert any("large-print" in name or "large_print" in name for name in names), names
    assert not [message for message in mail.outbox if EASY_READ_READER in message.to], "Chloe takes post"
    margaret = User.objects.get(full_name=OFFLINE_NAME)
    assert not [message for message in mail.outbox if margaret.email in message.to], "Margaret has no email"
    said = _status(page)
    assert "3 people by post: a coordinator prints and posts them" in said, said
    assert "Print and post the minutes" not in _main(page), "Formats by name are for coordinators and chairs"

    # Morag prints and posts the minutes for the people who take post: Chloe's in easy read.
    _switch_to(page, demo.url, COORDINATOR)
    _go(page, m("minutes"), "the minutes page, as the coordinator, with the print and post list")
    post = page.locator("section[aria-labelledby=print-post] li", has_text="Chloe Brown")
    assert post.count() == 1 and "easy read" in post.inner_text(), _main(page)
    assert "4 Mill Lane" in post.inner_text()
    margaret = page.locator("section[aria-labelledby=print-post] li", has_text=OFFLINE_NAME)
    assert margaret.count() == 1 and "7 Quay Street" in margaret.inner_text()
    assert post.get_by_role("link", name="Print the easy read minutes for Chloe Brown").count() == 1

    # Jamie reads the minutes, watches his view in BSL and confirms it is what he said.
    _switch_to(page, demo.url, MEMBER)
    _go(page, m("minutes"), "the minutes page, as Jamie")
    assert VIEW_WORDS in _main(page)
    watch = page.get_by_role("link", name="Watch in BSL", exact=False).first
    assert watch.get_attribute("href") == BSL_LINK
    _click(page, "Confirm this is what you said", where="the minutes page, Jamie confirmed")
    assert "you confirmed these are your words" in _status(page)
    assert "You confirmed this is what you said" in _main(page)

    # ------------------------------------------------ 5. Display preferences, everywhere
    _switch_to(page, demo.url, LOW_VISION)
    _go(page, url("partners:display_preferences"), "Display preferences")
    page.get_by_role("radio", name="Extra large", exact=True).check()
    page.get_by_role("checkbox", name="Higher contrast").check()
    _click(page, "Save", where="after saving display preferences")
    page.set_viewport_size({"width": 320, "height": 640})
    for document in ("pack", "minutes"):
        for variant in ("standard", "large_print"):
            address = url(
                reverse(
                    "meetings:document_web",
                    kwargs={"slug": SLUG, "pk": meeting.pk, "document": document, "variant": variant},
                )
            )
            _go(page, address, f"the {document} web version ({variant}) at 320px, extra large")
            classes = page.evaluate("() => document.documentElement.className")
            assert "cp-text-xlarge" in classes and "cp-contrast-high" in classes, (document, classes)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 320, f"The {document} web version ({variant}) is {width}px wide at 320px"
    assert not errors, f"A page's script failed: {errors}"
