"""A partner who did not share their access needs, walked through as the others in the partnership would.

In the demo, Fi uses a powered wheelchair and chose not to share her needs; Morag booked
"Wheelchair-accessible taxi booked for Fi, there and back" (£36) for the next meeting. A plain member, an
observer and a visiting expert invited to that meeting open every page and printed document about it in
Chromium: none of them may read the booking's words, its cost or Fi's note, and the access plan names
nobody. The co-chair, who arranges access with the coordinator, sees the booking as it was written.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from meetings.models import Arrangement, Attendance
from partners.models import Membership, Partnership, Role
from tests.browser.conftest import SLUG, sign_in
from tests.factories import make_user

# Words that would tell a reader what Fi needs, or that something was booked for her.
BOOKING_WORDS = ("taxi", "there and back", "£36", "36.00", "powered wheelchair", "ramp")


@pytest.fixture
def journey(demo):
    partnership = Partnership.objects.get(slug=SLUG)
    taxi = Arrangement.objects.get(partnership=partnership, description__contains="taxi booked for Fi")
    meeting = taxi.meeting
    for email, role in (
        ("observer@example.org", Role.OBSERVER),
        ("expert@example.org", Role.VISITING_EXPERT),
    ):
        person = make_user(email, full_name=email.split("@")[0].title(), password=settings.DEMO_PASSWORD)
        Membership.objects.create(partnership=partnership, person=person, role=role)
        Attendance.objects.create(partnership=partnership, meeting=meeting, person=person)
    return meeting


def _pages(meeting) -> dict[str, str]:
    kwargs = {"slug": SLUG, "pk": meeting.pk}
    pages = {
        "meeting page": reverse("meetings:meeting_detail", kwargs=kwargs),
        "agenda": reverse("meetings:agenda", kwargs=kwargs),
        "access plan": reverse("meetings:access_plan", kwargs=kwargs),
    }
    for variant in ("standard", "large_print", "easy_read"):
        pages[f"meeting pack ({variant})"] = reverse(
            "meetings:document_web", kwargs={**kwargs, "document": "pack", "variant": variant}
        )
    return pages


def _read(page, base: str, path: str) -> tuple[int, str, str]:
    response = page.goto(f"{base}{path}")
    return response.status, page.locator("body").inner_text(), response.headers.get("cache-control", "")


@pytest.mark.parametrize("email", ["member@example.org", "observer@example.org", "expert@example.org"])
def test_nobody_learns_a_need_they_were_not_told(email, journey, page, live_server):
    sign_in(page, live_server.url, email)
    pages = _pages(journey)
    if email != "expert@example.org":
        pages["workspace home"] = reverse("workspace", kwargs={"slug": SLUG})
    problems = []
    for where, path in pages.items():
        status, text, cache_control = _read(page, live_server.url, path)
        if status != 200:
            problems.append(f"{where} answered {status}")
            continue
        problems += [f"{where} shows {word!r}" for word in BOOKING_WORDS if word.lower() in text.lower()]
        if "no-store" not in cache_control:
            problems.append(f"{where} may be kept in a cache (Cache-Control: {cache_control!r})")
        if where == "access plan":
            if re.search(r"\bFi\b", text):
                problems.append("the access plan names Fi")
            # What they may know: the need is met, in words that name nobody.
            if not re.search(r"Accessible transport\s+Arranged", text):
                problems.append("the access plan does not say accessible transport is arranged")
    assert not problems, "\n".join(problems)


def test_the_co_chair_sees_the_booking_as_written(journey, page, live_server):
    sign_in(page, live_server.url, "chair@example.org")
    _status, text, _cache = _read(page, live_server.url, _pages(journey)["access plan"])
    assert "Wheelchair-accessible taxi booked for Fi, there and back" in text
    assert "£36" in text
