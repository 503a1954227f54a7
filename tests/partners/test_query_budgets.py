"""Every tenant page costs the same number of queries with 3 people as with 30: nothing runs per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Invitation, Membership
from tests.factories import make_group, make_member, make_need, make_user

PAGES = [
    ("workspace", False),
    ("partners:member_list", False),
    ("partners:member_detail", True),
    ("partners:member_edit", True),
    ("partners:access_needs", False),
    ("partners:group_list", False),
    ("partners:invitation_list", False),
    ("partners:invitation_new", False),
    ("partners:partnership_edit", False),
]


def _grow(partnership, alice, n):
    group = make_group(partnership)
    for _ in range(n):
        person = make_user()
        make_member(partnership, person, group=group)
        make_need(person, "large_print")
        make_need(person, "regular_breaks", minutes=45)
        Invitation.objects.create(
            partnership=partnership, email=f"x{person.pk}@example.org", invited_by=alice
        )


@pytest.mark.parametrize(("name", "needs_pk"), PAGES)
def test_page_queries_stay_flat_as_the_partnership_grows(
    name, needs_pk, partnership, alice, alice_client, bob
):
    kwargs = {"slug": partnership.slug}
    if needs_pk:
        kwargs["pk"] = Membership.objects.get(person=bob).pk
    url = reverse(name, kwargs=kwargs)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(url).status_code == 200
        return len(queries)

    _grow(partnership, alice, 3)
    small = count()
    _grow(partnership, alice, 30)
    assert count() == small
    assert small <= 10


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_own_pages_stay_flat_as_a_person_records_more(alice, alice_client, partnership):
    from tests.factories import make_partnership

    urls = [reverse("home"), reverse("partners:profile"), reverse("partners:my_access_needs")]
    make_need(alice, "large_print")
    small = [_count(alice_client, url) for url in urls]
    for code in ["easy_read", "braille", "audio", "lift", "note_taker", "quiet_room", "lighting"]:
        make_need(alice, code)
    for _ in range(5):
        make_member(make_partnership(), alice)
    assert [_count(alice_client, url) for url in urls] == small


def test_invitation_page_costs_the_same_whoever_sent_it(client, partnership, alice):
    group = make_group(partnership)
    invitation = Invitation.objects.create(
        partnership=partnership, email="kim@example.org", invited_by=alice, group=group
    )
    # the invitation with its partnership, sender and group in one query; whether the address has an account
    with CaptureQueriesContext(connection) as queries:
        assert client.get(invitation.get_accept_url()).status_code == 200
    assert len(queries) <= 3
