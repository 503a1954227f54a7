"""The minutes pages stay the same size and cost as a partnership's history grows: versions come 20 to a page,
"Approve the minutes" offers a few meetings however many have passed, and the minutes page and Send for
comments ask the database a fixed number of times, whether or not minutes are written yet."""

import re

import pytest
from django.urls import reverse

from meetings.models import Meeting, Minutes
from meetings.services import minutes as services
from tests.factories import make_meeting, make_minutes


def _url(name, meeting):
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})


def _body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _save_many_times(meeting, by, times: int) -> Minutes:
    minutes = make_minutes(meeting, by=by)  # version 1
    item = services.minute_items(meeting)[0]
    for n in range(times - 1):
        minutes.refresh_from_db()
        services.minutes_save(
            minutes=minutes, revision=minutes.revision, texts={item.pk: f"Take {n}."}, by=by
        )
    return minutes


def test_versions_come_20_to_a_page_newest_first(bob_client, past_meeting, alice):
    _save_many_times(past_meeting, alice, 25)
    first = _body(bob_client.get(_url("minutes_versions", past_meeting)))
    assert "25 versions, newest first (page 1 of 2)" in first
    assert 'aria-label="Pages of versions of the minutes"' in first
    assert "?page=2" in first
    rows = re.findall(r'<th scope="row" class="govuk-table__header">(\d+)</th>', first)
    assert rows == [str(n) for n in range(25, 5, -1)]
    # The last row on page 1 compares with the version before it, which is on page 2.
    assert "?from=5&amp;to=6" in first

    second = _body(bob_client.get(_url("minutes_versions", past_meeting) + "?page=2"))
    rows = re.findall(r'<th scope="row" class="govuk-table__header">(\d+)</th>', second)
    assert rows == ["5", "4", "3", "2", "1"]
    assert "?from=1&amp;to=2" in second
    # A page past the end shows the last real page, not an error.
    assert "(page 2 of 2)" in _body(bob_client.get(_url("minutes_versions", past_meeting) + "?page=9"))


def test_the_versions_page_costs_the_same_with_many_versions(
    bob_client, past_meeting, meeting, alice, django_assert_max_num_queries
):
    make_minutes(meeting, by=alice)
    _save_many_times(past_meeting, alice, 30)
    with django_assert_max_num_queries(8):
        bob_client.get(_url("minutes_versions", meeting))
    with django_assert_max_num_queries(8):
        bob_client.get(_url("minutes_versions", past_meeting))


def test_approve_offers_the_next_meeting_and_the_latest_few(dana_client, partnership, alice):
    """Minutes never approved from a meeting long ago: the page offers the next meeting after it and the
    latest meetings since, five in all, not every meeting in between."""
    old = make_meeting(partnership, title="Long ago", days_ahead=-400, created_by=alice)
    make_minutes(old, by=alice)
    for n in range(12):
        make_meeting(partnership, title=f"Meeting {n:02}", days_ahead=-380 + n * 30, created_by=alice)
    page = _body(dana_client.get(_url("minutes_approve", old)))
    offered = re.findall(r"<option[^>]*>(Meeting \d\d)", page)
    assert offered == ["Meeting 00", "Meeting 08", "Meeting 09", "Meeting 10", "Meeting 11"]
    assert re.search(r'<option value="\d+" selected>Meeting 11', page)
    # A meeting in between, not offered, is not taken either.
    between = Meeting.objects.get(partnership=partnership, title="Meeting 04")
    dana_client.post(_url("minutes_approve", old), {"at_meeting": between.pk})
    assert Minutes.objects.get(meeting=old).status != Minutes.Status.APPROVED


@pytest.mark.parametrize("written", [False, True])
def test_the_minutes_page_asks_the_same_whether_or_not_minutes_are_written(
    written, dana_client, past_meeting, meeting, alice, django_assert_num_queries
):
    """For a chair (who sees the chair's notes, the next meeting and "Approve"): one fixed count, within the
    budget of 12, whether the minutes are written or not, and looking writes nothing."""
    if written:
        make_minutes(past_meeting, by=alice)
    with django_assert_num_queries(12):
        dana_client.get(_url("minutes", past_meeting))
    assert Minutes.objects.filter(meeting=past_meeting).exists() == written


def test_send_for_comments_page_in_budget(client, past_meeting, alice, django_assert_max_num_queries):
    make_minutes(past_meeting, by=alice)
    client.force_login(alice)
    with django_assert_max_num_queries(11):
        page = client.get(_url("minutes_send", past_meeting))
    assert page.status_code == 200
