"""Every page a signed-in person reaches asks the database at most BUDGET times, and no more when the
partnership has years of history: each page is measured on the demo, then again after the demo has grown
(coproduction.grow: four times the meetings with their minutes, decisions and action points, people who have
left, invitations, glossary words, pictures, background papers, and other partnerships beside it). Four
times stands for 10× and 100×: a page whose count is flat from 1× to 4× does not loop over the data; the
benchmark (`make bench-pages`) prints the same figures at 10× and 100×.

Pages join by themselves (coproduction.pagewalk); one failure lists every page over budget or growing."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduction import demo, grow
from coproduction.pagewalk import tenant_urls
from meetings.models import CalendarFeed, Meeting
from partners.models import Membership, Role
from tests.test_tenant_walk import objects_in

BUDGET = 12
GROWN = 4

# Pages allowed past the budget, and why; they must still not grow with the data.
OVER_BUDGET = {
    # A person's whole data, as a file: one query for each kind of record a person can have, whatever the
    # amount (tests/partners/test_data_download.py checks the file holds everything).
    "partners:data_download": 45,
}

# Pages of one's own, outside any partnership.
PERSONAL_PAGES = [
    "home",
    "partners:profile",
    "partners:profile_edit",
    "partners:display_preferences",
    "partners:communication",
    "partners:my_access_needs",
    "partners:access_need_add",
    "partners:my_data",
    "partners:data_download",
    "partners:partnership_new",
    "meetings:my_calendar",
]


def _count(client: Client, url: str) -> tuple[int, int] | None:
    """(status, queries) for a GET, or None for an address that only takes POST."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:  # a file: its queries run as it is read
            b"".join(response.streaming_content)
    if response.status_code == 405:
        return None
    return response.status_code, len(queries.captured_queries)


def _pages(partnership, objects: dict, person) -> list[tuple[str, str]]:
    """Every page: the tenant walk with one of each thing, the demo's next and last meetings' pages, and the
    person's own pages and calendar feed."""
    pages = tenant_urls(partnership.slug, objects)
    for meeting in (
        Meeting.objects.filter(partnership=partnership, title="Planning the 50 conversations").first(),
        Meeting.objects.filter(partnership=partnership, title="What gets in the way of work").first(),
    ):
        pages += [
            (f"{name} (demo)", url) for name, url in tenant_urls(partnership.slug, {"meeting": meeting})
        ]
    pages += [(name, reverse(name)) for name in PERSONAL_PAGES]
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    pages.append(("meetings:calendar_feed", reverse("meetings:calendar_feed", args=[feed.token])))
    pages += [
        (
            "meetings:meeting_list (past)",
            reverse("meetings:meeting_list", args=[partnership.slug]) + "?show=past",
        ),
    ]
    unique = {}
    for name, url in pages:
        unique.setdefault(url, name)
    return sorted((name, url) for url, name in unique.items())


@pytest.fixture
def demo_partnership(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.load()
    return Membership.objects.get(person__email="coordinator@example.org").partnership


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CHAIR, Role.MEMBER])
def test_every_page_stays_in_budget_as_the_partnership_grows(role, demo_partnership):
    partnership = demo_partnership
    person = Membership.objects.current().filter(partnership=partnership, role=role).first().person
    coordinator = Membership.objects.filter(partnership=partnership, role=Role.COORDINATOR).first().person
    member = Membership.objects.filter(partnership=partnership, role=Role.MEMBER).first().person
    objects = objects_in(partnership, coordinator, member)
    client = Client()
    client.force_login(person)
    pages = _pages(partnership, objects, person)

    before = {(name, url): _count(client, url) for name, url in pages}
    grow.grow(GROWN, partnerships=3)
    after = {(name, url): _count(client, url) for name, url in pages}

    problems = []
    for page, measured in before.items():
        if measured is None:
            continue
        (status, queries), (status_grown, queries_grown) = measured, after[page]
        budget = OVER_BUDGET.get(page[0], BUDGET)
        if queries > budget or queries_grown > budget or queries != queries_grown or status != status_grown:
            problems.append(
                f"{page[0]:45} {page[1]:70} {status} {queries:3} → {status_grown} {queries_grown:3}"
            )
    assert not problems, (
        f"pages over {BUDGET} queries or growing with the data (1× → {GROWN}×):\n" + "\n".join(problems)
    )
    assert len([m for m in before.values() if m]) > 120  # the walk really walked
