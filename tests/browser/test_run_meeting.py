"""The demo chair runs the next meeting from the Run meeting page with the keyboard alone.

Only the page itself is opened by address; starting the meeting, starting the next item, adding a note and
marking someone present are all Tab, Enter and Space. At every Tab stop the focus must be visible and in
view. The running page passes axe, has its polite live region, and reflows at 320px.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Attendance, Meeting, MeetingNote, MeetingRole
from partners.models import Partnership, User
from tests.browser.conftest import SLUG, assert_no_axe_violations
from tests.browser.test_keyboard import Keyboard
from tests.factories import make_meeting

CHAIR = "chair@example.org"
NOTE = "Jamie asked for the papers in BSL video next time."


def _next_meeting() -> Meeting:
    """The demo's next meeting, or one made here while the demo has none, chaired by the demo chair."""
    partnership = Partnership.objects.get(slug=SLUG)
    chair = User.objects.get(email=CHAIR)
    meeting = (
        Meeting.objects.filter(partnership=partnership, run_started_at__isnull=True)
        .upcoming()
        .order_by("starts_at")
        .first()
    )
    if meeting is None:
        meeting = make_meeting(partnership, title="Partnership meeting", days_ahead=0, created_by=chair)
    MeetingRole.objects.get_or_create(
        partnership=partnership, meeting=meeting, person=chair, role=MeetingRole.Role.CHAIR
    )
    return meeting


def _focused(page) -> tuple[str, str]:
    return tuple(
        page.evaluate("() => [document.activeElement.tagName, document.activeElement.innerText.trim()]")
    )


def test_chair_runs_the_meeting_with_the_keyboard_only(page, url, signed_in):
    meeting = _next_meeting()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    signed_in(CHAIR)
    run_path = reverse("meetings:run", args=[SLUG, meeting.pk])
    page.goto(url(run_path))
    assert page.locator("h1").inner_text() == f"Run meeting: {meeting.title}"
    keys = Keyboard(page)

    # Start the meeting. More than an hour before its planned start, the chair is asked first.
    keys.tab_to_button("Start the meeting")
    if meeting.starts_at - timezone.now() > timedelta(hours=1):
        keys.follow(reverse("meetings:run_start", args=[SLUG, meeting.pk]))
        assert page.get_by_text("Start it now anyway?").is_visible()
        assert_no_axe_violations(page, "the Start the meeting now? page")
        keys.tab_to_button("Start it now anyway")
    keys.follow(run_path)
    assert page.get_by_role("status").filter(has_text="The meeting has started").is_visible()
    meeting.refresh_from_db()
    assert meeting.run_started_at is not None
    assert meeting.chair_in_control.email == CHAIR
    first = meeting.current_item
    assert page.get_by_role("heading", name=f"Now: {first.title}").is_visible()
    # Focus is back at the controls at once: on the "Now:" heading, the next Tab stops at the page's own
    # controls, not the site's header.
    assert _focused(page) == ("H2", f"Now: {first.title}")

    # The running page: axe clean, the polite live region in place, the clock's words on the page.
    assert_no_axe_violations(page, "the Run meeting page, running")
    live = page.locator("[aria-live]")
    assert live.count() == 1
    assert live.get_attribute("aria-live") == "polite"
    assert page.locator("[data-run-time]").inner_text().endswith("left")
    assert page.locator("tr[aria-current=step]").count() == 1

    # Start the next item by mistake, go back, and start it again.
    keys.tab_to_button("Start next item")
    keys.follow(run_path)
    meeting.refresh_from_db()
    assert meeting.current_item != first
    assert _focused(page) == ("H2", f"Now: {meeting.current_item.title}")
    keys.tab_to_button("Back to the previous item")
    keys.follow(run_path)
    assert page.get_by_role("status").filter(has_text="Back to the previous item").is_visible()
    assert _focused(page) == ("H2", f"Now: {first.title}")
    keys.tab_to_button("Start next item")
    keys.follow(run_path)
    meeting.refresh_from_db()
    assert page.get_by_role("status").filter(has_text=f"Now: {meeting.current_item.title}").is_visible()
    second = meeting.current_item

    # Add a note.
    keys.tab_to_field("text")
    page.keyboard.type(NOTE)
    keys.tab_to_button("Add note")
    keys.follow(run_path)
    assert page.get_by_role("status").filter(has_text="Your note is added").is_visible()
    assert _focused(page) == ("H2", "Notes on this item")
    assert MeetingNote.objects.filter(meeting=meeting, agenda_item=second, text=NOTE).exists()
    assert page.get_by_text(NOTE).is_visible()

    # Mark the first person on the list present: Tab to the first checkbox, Space ticks it.
    keys.tab_to_field("present")
    ticked_value = page.evaluate("() => document.activeElement.value")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked"), "Space did not tick the checkbox"
    keys.tab_to_button("Save who is here")
    keys.follow(run_path)
    assert page.get_by_role("status").filter(has_text="Saved who is here: 1 person").is_visible()
    assert _focused(page) == ("H2", "Who is present")
    assert Attendance.objects.get(meeting=meeting, person_id=int(ticked_value)).present

    assert keys.stops > 10, "The journey should have taken many Tab stops"
    assert not keys.problems, "Focus problems at these Tab stops:\n" + "\n".join(keys.problems)
    assert not errors, f"The page's script failed: {errors}"

    # Reflow: nothing scrolls sideways at 320 CSS px.
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"The Run meeting page is {width}px wide at 320px"


def test_the_follow_page_while_the_meeting_runs(page, url, signed_in):
    meeting = _next_meeting()
    first = meeting.agenda_items.order_by("position", "pk").first()
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        run_started_at=now, current_item=first, chair_in_control=User.objects.get(email=CHAIR)
    )
    first.started_at = now
    first.save(update_fields=["started_at"])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    signed_in("member@example.org")
    page.goto(url("meetings:follow", SLUG, meeting.pk))
    assert page.get_by_role("heading", name=f"Now: {first.title}").is_visible()
    assert page.locator("[aria-live=polite]").count() == 1
    assert page.locator("main form").count() == 0, "The follow page has no controls"
    assert_no_axe_violations(page, "the Follow the meeting page")
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert not errors, f"The page's script failed: {errors}"


# Everything the live region says, in order: a MutationObserver notes each non-empty text it is given.
RECORD_ANNOUNCEMENTS = """() => {
  window.__said = [];
  const region = document.querySelector("[aria-live=polite]");
  new MutationObserver(() => {
    const text = region.textContent.trim();
    if (text) window.__said.push(text);
  }).observe(region, {childList: true, characterData: true, subtree: true});
}"""


def test_the_clock_speaks_only_what_matters_and_only_once(context, demo, url):
    """With the browser's clock under the test's control: the time text keeps up every few seconds, and the
    live region says "1 minute left" and "over time" once each, never the minutes ticking by."""
    from tests.browser.conftest import sign_in

    meeting = _next_meeting()
    chair = User.objects.get(email=CHAIR)
    first = meeting.agenda_items.order_by("position", "pk").first()
    first.duration_minutes = 10
    first.started_at = timezone.now()
    first.save(update_fields=["duration_minutes", "started_at"])
    Meeting.objects.filter(pk=meeting.pk).update(
        run_started_at=first.started_at, current_item=first, chair_in_control=chair
    )
    # A page of its own, so the installed fake clock goes away with it.
    page = context.new_page()
    try:
        context.clear_cookies()
        page.clock.install()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(page, demo.url, CHAIR)
        page.goto(url("meetings:run", SLUG, meeting.pk))
        page.evaluate(RECORD_ANNOUNCEMENTS)
        time_text = page.locator("[data-run-time]")
        assert time_text.inner_text().endswith("10 minutes left")

        page.clock.run_for(8 * 60 * 1000)
        assert time_text.inner_text() == "8 minutes used, 2 minutes left"
        said = page.evaluate("() => window.__said")
        assert not [s for s in said if "item" in s], f"Nothing to say yet, but the page said {said}"

        page.clock.run_for(90 * 1000)
        assert time_text.inner_text().endswith("1 minute left")
        page.clock.run_for(3 * 60 * 1000)
        assert time_text.inner_text().endswith("2 minutes over")
        said = page.evaluate("() => window.__said")
        assert said.count("1 minute left on this item") == 1, said
        assert said.count("This item is over time") == 1, said
        assert said.index("1 minute left on this item") < said.index("This item is over time")
        assert all(
            s in {"1 minute left on this item", "This item is over time", "A break is due now"} for s in said
        )

        # After a reload, 90 seconds before the end of the item by the server's clock, a minute later the
        # page does not say "1 minute left" again: it was said already.
        AgendaItem.objects.filter(pk=first.pk).update(
            started_at=timezone.now() - timedelta(minutes=8, seconds=30)
        )
        page.reload()
        assert time_text.inner_text() == "8 minutes used, 2 minutes left"
        page.evaluate(RECORD_ANNOUNCEMENTS)
        page.clock.run_for(60 * 1000)
        assert page.evaluate("() => window.__said") == []
        assert not errors, f"The page's script failed: {errors}"
    finally:
        page.close()


def test_the_follow_page_says_the_new_item_when_the_chair_moves_on(context, demo, url):
    """Every 30 seconds the follow page fetches itself; it speaks only when the item changes."""
    from tests.browser.conftest import sign_in

    meeting = _next_meeting()
    first, second = meeting.agenda_items.order_by("position", "pk")[:2]
    now = timezone.now()
    AgendaItem.objects.filter(pk=first.pk).update(started_at=now)
    Meeting.objects.filter(pk=meeting.pk).update(run_started_at=now, current_item=first)
    page = context.new_page()
    try:
        context.clear_cookies()
        page.clock.install()
        sign_in(page, demo.url, "member@example.org")
        page.goto(url("meetings:follow", SLUG, meeting.pk))
        page.evaluate(RECORD_ANNOUNCEMENTS)
        page.clock.run_for(31 * 1000)
        page.wait_for_timeout(500)  # the fetch is real network, not the fake clock
        assert page.evaluate("() => window.__said") == [], "Nothing changed, so nothing is said"

        AgendaItem.objects.filter(pk=first.pk).update(ended_at=timezone.now())
        AgendaItem.objects.filter(pk=second.pk).update(started_at=timezone.now())
        Meeting.objects.filter(pk=meeting.pk).update(current_item=second)
        page.clock.run_for(30 * 1000)
        page.get_by_role("heading", name=f"Now: {second.title}").wait_for()
        page.clock.run_for(200)
        assert page.evaluate("() => window.__said") == [f"Now: {second.title}"]
        page.clock.run_for(60 * 1000)
        page.wait_for_timeout(500)
        assert page.evaluate("() => window.__said") == [f"Now: {second.title}"], (
            "Said once, not every refresh"
        )
    finally:
        page.close()
