"""The agenda and meeting pages show each item's hours from `TimedItem.hours`, not the date filter: the same
words, in the local time, summer or winter."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import engines
from django.utils import timezone

from meetings.services.agenda import TimedItem

FILTER = engines["django"].from_string('{{ entry.starts|date:"H:i" }} to {{ entry.ends|date:"H:i" }}')


@pytest.mark.parametrize("month", [1, 7])
@pytest.mark.parametrize("zone", ["Europe/London", "UTC", "America/New_York"])
def test_the_hours_are_what_the_date_filter_showed(month, zone):
    starts = datetime(2026, month, 14, 23, 5, tzinfo=UTC)
    entry = TimedItem(item=None, starts=starts, ends=starts + timedelta(minutes=70))
    with timezone.override(zone):
        assert entry.hours == FILTER.render({"entry": entry})


def test_the_hours_are_local():
    starts = datetime(2026, 1, 14, 23, 5, tzinfo=UTC)
    entry = TimedItem(item=None, starts=starts, ends=starts + timedelta(minutes=70))
    with timezone.override("America/New_York"):
        assert entry.hours == "18:05 to 19:15"
