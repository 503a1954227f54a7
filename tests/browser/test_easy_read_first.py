"""Easy read first, as Chloe (who reads easy read) meets it in Chromium: with the preference on, the next
meeting's agenda, the meeting page and the decisions register show the easy read words with their picture
where the standard words were, the standard words are one click away (closed until asked for), and every
page passes axe."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from partners.models import User
from tests.browser.conftest import SLUG, assert_no_axe_violations, sign_in

CHLOE = "easyread@example.org"
EASY = "We agree the questions for the 50 talks."
STANDARD_SUMMARY = "The standard words"


@pytest.fixture
def chloe_reads_easy_read_first(demo):
    User.objects.filter(email=CHLOE).update(easy_read_first=True)
    upcoming = Meeting.objects.filter(partnership__slug=SLUG, agenda_items__easy_read_text=EASY).first()
    return upcoming


def test_easy_read_first_puts_the_easy_words_first_with_the_standard_words_a_click_away(
    chloe_reads_easy_read_first, page, live_server
):
    meeting = chloe_reads_easy_read_first
    sign_in(page, live_server.url, CHLOE)
    for path in (
        reverse("meetings:agenda", args=[SLUG, meeting.pk]),
        reverse("meetings:meeting_detail", args=[SLUG, meeting.pk]),
    ):
        page.goto(f"{live_server.url}{path}")
        words = page.get_by_text(EASY, exact=False).first
        assert words.is_visible(), f"{path}: the easy read words are not shown"
        picture = page.locator(".cp-easy-words img, .cp-picture").first
        assert picture.is_visible() and picture.get_attribute("alt"), f"{path}: no picture with alt text"
        details = page.locator("details", has_text=STANDARD_SUMMARY).first
        closed = details.count() == 1 and not details.evaluate("d => d.open")
        assert closed, f"{path}: the standard words are not behind a closed 'The standard words'"
        details.locator("summary").click()
        assert details.evaluate("d => d.open")
        assert_no_axe_violations(page, path)
