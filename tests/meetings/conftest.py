import pytest

from tests.factories import make_meeting


@pytest.fixture
def meeting(partnership, alice):
    """The next partnership meeting, in two weeks, 10:00 to 12:30, with the standing agenda."""
    return make_meeting(partnership, title="Partnership meeting", created_by=alice)


@pytest.fixture
def past_meeting(partnership, alice):
    return make_meeting(partnership, title="Last month's meeting", days_ahead=-28, created_by=alice)
