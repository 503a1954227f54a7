"""A partnership years in (the demo grown thirtyfold: 90 meetings, people who left, invitations, glossary
words, pictures), walked in Chromium by the coordinator, a co-chair and a partner member with the keyboard
alone: each list they reach shows a bounded amount, says how many there are in words, and pages on with
the GOV.UK pagination links (Tab to "Next", Enter); the older things are on the later pages; nothing
breaks the axe rules."""

import pytest

from coproduction import grow
from tests.browser.conftest import SLUG, assert_no_axe_violations, sign_in

# (the page, words on it, whether it runs to more than one page at this size)
PAST = (f"/p/{SLUG}/meetings/?show=past", "Page 1 of", True)
LISTS = {
    "coordinator@example.org": [
        PAST,
        (f"/p/{SLUG}/invitations/", "Invitations", True),
        (f"/p/{SLUG}/people/?who=left", "left", False),
        (f"/p/{SLUG}/glossary/", "Glossary", False),
    ],
    "cochair@example.org": [PAST],
    "member@example.org": [PAST],
}


@pytest.fixture
def years(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    grow.grow(30)
    return demo


def _keyboard_to(page, name: str) -> None:
    """Tab until the link called `name` has the focus, then press Enter."""
    for _ in range(250):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.innerText || ''")
        if focused.strip().startswith(name):
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError(f"no link called {name!r} reached with Tab")


@pytest.mark.parametrize("email", sorted(LISTS))
def test_each_role_pages_through_years_of_history_with_the_keyboard(email, years, page, live_server):
    sign_in(page, live_server.url, email)
    page.goto(f"{live_server.url}/p/{SLUG}/meetings/")
    body = page.locator("main").inner_text()
    # The meetings list: the next few and the latest few, counted in words, never every meeting.
    assert "upcoming meetings" in body and "See all" in body
    assert page.locator("main a[href*='/meetings/']").count() < 40
    for path, words, paged in LISTS[email]:
        page.goto(f"{live_server.url}{path}")
        first = page.locator("main").inner_text()
        assert words in first, path
        assert (page.locator("nav.govuk-pagination a[rel=next]").count() == 1) is paged, path
        if paged:
            _keyboard_to(page, "Next")
            assert "page=2" in page.url
            second = page.locator("main").inner_text()
            assert second != first
            assert page.locator("nav.govuk-pagination a[rel=prev]").count() == 1
        assert_no_axe_violations(page, path)
    # The workspace home is the same size however long the partnership has run.
    page.goto(f"{live_server.url}/p/{SLUG}/")
    assert len(page.content()) < 30_000
    assert_no_axe_violations(page, "workspace home")
