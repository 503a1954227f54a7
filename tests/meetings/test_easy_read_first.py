"""Easy read first: a partner who asked for it reads the easy read words and picture of a decision or an
action point in place of the standard words, on the decisions register, the action log ("My action points"
too) and each one's own page, with the standard words one click away. Everyone else reads the standard
words, and a point with no easy read words shows its standard words to everyone."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_action_point, make_decision

STANDARD = "The partnership agrees to commission an independent evaluation of the pilot."
EASY = "We will ask someone to check how the pilot went."
PICTURE = "openmoji:1F4C5"  # a calendar, from the bundled set


@pytest.fixture
def points(partnership, past_meeting, bob):
    decision = make_decision(past_meeting, text=STANDARD)
    decision.easy_read_text, decision.easy_read_picture = EASY, PICTURE
    decision.save()
    action = make_action_point(past_meeting, text=f"Action: {STANDARD}", owner_person=bob)
    action.easy_read_text, action.easy_read_picture = f"Bob: {EASY}", PICTURE
    action.save()
    return decision, action


def _pages(partnership, decision, action) -> list[str]:
    slug = partnership.slug
    return [
        reverse("meetings:decision_list", args=[slug]),
        reverse("meetings:decision_detail", args=[slug, decision.pk]),
        reverse("meetings:action_list", args=[slug]) + "?show=all&owner=mine",
        reverse("meetings:action_detail", args=[slug, action.pk]),
    ]


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_easy_read_first_shows_the_easy_words_and_picture_first(partnership, bob, points):
    decision, action = points
    bob.easy_read_first = True
    bob.save()
    client = _client(bob)
    for url in _pages(partnership, decision, action):
        page = client.get(url).content.decode()
        assert EASY in page, url
        assert 'class="cp-picture cp-picture--left"' in page and "1F4C5" in page, url
        # The standard words are still there, behind "The standard words".
        assert "The standard words" in page, url
        assert page.index(EASY) < page.index("The standard words") < page.index(STANDARD), url


def test_everyone_else_reads_the_standard_words(partnership, bob, points):
    decision, action = points
    client = _client(bob)
    for url in _pages(partnership, decision, action):
        page = client.get(url).content.decode()
        assert STANDARD in page, url
        assert "The standard words" not in page, url


def test_a_point_without_easy_words_shows_its_standard_words(partnership, bob, past_meeting):
    decision = make_decision(past_meeting, text=STANDARD)
    bob.easy_read_first = True
    bob.save()
    page = _client(bob).get(reverse("meetings:decision_detail", args=[partnership.slug, decision.pk]))
    assert STANDARD in page.content.decode()
    assert "The standard words" not in page.content.decode()
