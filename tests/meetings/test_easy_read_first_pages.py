"""Easy read first on the meeting page, the agenda and the Follow page: a partner who asked for it reads each
agenda item's easy read words and picture in place of its description (the title stays), with the standard
words one click away; items without easy read words, and everyone else, read the standard words. And the
plain wording on those pages: "Minute-taker: not chosen yet", "Any other business" explained once, no double
full stops, no codes such as "in_person"."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from coproduction.easy_read.pictures import upload_code
from meetings.models import AgendaItem, Meeting
from meetings.services import run as run_services
from meetings.services.agenda import item_add
from partners.models import Picture

STANDARD = "We look at the draft employment strategy and agree the changes we want to see."
EASY = "We talk about jobs for disabled people."
PICTURE = "openmoji:1F4BC"  # a briefcase, from the bundled set


def _url(name, meeting) -> str:
    return reverse(f"meetings:{name}", args=[meeting.partnership.slug, meeting.pk])


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _main(response) -> str:
    """The page's own content, without the header and side navigation."""
    assert response.status_code == 200
    return response.content.decode().split('id="main-content"', 1)[1]


@pytest.fixture
def strategy(meeting):
    """The meeting's first item (so it is the current item once the meeting starts), with easy read words."""
    item = AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk").first()
    item.title, item.description = "Employment strategy", STANDARD
    item.easy_read_text, item.easy_read_picture = EASY, PICTURE
    item.save()
    return item


@pytest.fixture
def started(meeting, strategy, dana):
    run_services.meeting_start(meeting=Meeting.objects.get(pk=meeting.pk), chair=dana)
    return meeting


def _pages(meeting) -> list[str]:
    return [_url("agenda", meeting), _url("meeting_detail", meeting), _url("follow", meeting)]


def test_easy_read_first_reads_the_easy_words_and_picture_in_place_of_the_description(started, bob):
    bob.easy_read_first = True
    bob.save()
    client = _client(bob)
    for url in _pages(started):
        page = _main(client.get(url))
        assert "Employment strategy" in page, url  # the title stays
        assert EASY in page, url
        assert 'class="cp-picture cp-picture--left"' in page and "1F4BC" in page, url
        assert page.index("Employment strategy") < page.index(EASY), url


def test_the_standard_words_are_one_click_away(started, bob):
    bob.easy_read_first = True
    bob.save()
    client = _client(bob)
    for url in _pages(started)[:2]:
        page = _main(client.get(url))
        # Behind a details element, after the easy read words.
        assert page.index(EASY) < page.index("The standard words") < page.index(STANDARD), url
    # The Follow page refreshes itself (which would close a details element): a link to the same page.
    follow = _main(client.get(_url("follow", started)))
    assert STANDARD not in follow
    assert f'href="{_url("follow", started)}?words=standard"' in follow
    standard = _main(client.get(_url("follow", started) + "?words=standard"))
    assert STANDARD in standard and EASY not in standard
    assert "Show the easy read words" in standard
    # Refresh keeps the standard words.
    assert f'href="{_url("follow", started)}?words=standard">Refresh' in standard


def test_everyone_else_reads_the_standard_words(started, bob):
    client = _client(bob)
    for url in _pages(started):
        page = _main(client.get(url))
        assert STANDARD in page, url
        assert EASY not in page, url
        assert "The standard words" not in page and "Show the standard words" not in page, url


def test_an_item_without_easy_words_shows_its_description(started, strategy, bob):
    strategy.easy_read_text = ""
    strategy.save()
    bob.easy_read_first = True
    bob.save()
    client = _client(bob)
    for url in _pages(started):
        page = _main(client.get(url))
        assert STANDARD in page, url
        assert "of Employment strategy" not in page and "Show the standard words" not in page, url
    # Words are shown as typed, escaped once.
    strategy.description = "Budget & plans <b>"
    strategy.save()
    for url in _pages(started):
        assert "Budget &amp; plans &lt;b&gt;" in _main(client.get(url)), url


def _upload(partnership, n: int) -> str:
    picture = Picture.objects.create(
        partnership=partnership,
        name=f"Picture {n}",
        alt_text=f"Picture number {n}",
        image=f"pictures/{n}.png",
    )
    return upload_code(picture)


def _grow(meeting, n: int) -> None:
    """`n` more items, each with easy read words and a picture the partnership uploaded."""
    for i in range(n):
        item = item_add(meeting=meeting, title=f"Topic {i}", duration_minutes=1, description=STANDARD)
        AgendaItem.objects.filter(pk=item.pk).update(
            easy_read_text=f"Easy topic {i}.", easy_read_picture=_upload(meeting.partnership, i)
        )


def _count(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), _main(response)


@pytest.mark.parametrize("name", ["agenda", "meeting_detail", "follow"])
def test_pictures_cost_one_query_for_the_whole_page(name, meeting, bob):
    url = _url(name, meeting)
    client = _client(bob)
    _grow(meeting, 2)
    standard, _ = _count(client, url)
    bob.easy_read_first = True
    bob.save()
    few, _ = _count(client, url)
    _grow(meeting, 8)
    many, page = _count(client, url)
    # At most one query more than the standard words, however many pictures the agenda has.
    assert few <= standard + 1
    assert many == few
    if name != "follow":  # the Follow page shows the words of the current item only
        assert page.count("Picture number") == 10


# ---------------------------------------------------------------- plain words


def test_minute_taker_not_chosen_yet(meeting, bob):
    page = strip_tags(_main(_client(bob).get(_url("meeting_detail", meeting))))
    assert re.search(r"Minute-taker\s+Not chosen yet", page)


def test_any_other_business_is_explained_once_where_it_appears(started, bob):
    client = _client(bob)
    for url in _pages(started):
        page = _main(client.get(url))
        assert page.count("Any other business: anything else people want to raise.") == 1, url


def test_no_double_full_stops_or_codes(started, partnership, alice, bob):
    # Words people type often end in a full stop: the pages must not add a second one.
    Meeting.objects.filter(pk=started.pk).update(
        description="Our spring meeting.", format=Meeting.Format.HYBRID, online_details="Join by phone."
    )
    AgendaItem.objects.filter(meeting=started, title="Apologies").update(title="Who cannot come today?")
    for person in (alice, bob):
        client = _client(person)
        for url in _pages(started):
            text = strip_tags(_main(client.get(url))).replace("...", "\u2026")
            assert ".." not in text, (url, text[text.find("..") - 80 : text.find("..") + 20])
            assert "?." not in text, url
            for code in ("in_person", "bsl_video", "bsl video", "None"):
                assert code not in text, (url, code)
