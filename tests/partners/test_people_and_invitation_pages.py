"""The people page and the invitations page stay the same size however long the partnership has run: current
partners 50 to a page, the 5 who left most recently with a link to all who left (a page of its own, 50 to a
page), and invitations 25 to a page with the waiting ones first."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.models import Invitation, Membership
from tests.factories import make_group, make_member, make_user


def _people(partnership):
    return reverse("partners:member_list", kwargs={"slug": partnership.slug})


def _invitations(partnership):
    return reverse("partners:invitation_list", kwargs={"slug": partnership.slug})


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _leavers(partnership, count, *, start=0):
    """People who left, the higher the number the more recently."""
    for n in range(start, start + count):
        make_member(
            partnership,
            make_user(full_name=f"Leaver {n:03d}"),
            joined_on=date(2020, 1, 1),
            left_on=date(2021, 1, 1) + timedelta(days=n),
        )


# ---------------------------------------------------------------- people


def test_a_long_list_of_people_comes_50_to_a_page(partnership, alice_client, alice):
    group = make_group(partnership, "Zebra Group")  # sorts after "No group", so these come last
    for n in range(55):
        make_member(partnership, make_user(full_name=f"Partner {n:02d}"), group=group)
    first = alice_client.get(_people(partnership)).content.decode()
    assert "56 people, page 1 of 2" in first
    assert first.count('href="/p/working-together/people/') >= 50
    assert "Partner 48" in first and "Partner 49" not in first
    assert 'aria-label="Pages of people"' in first and "?page=2" in first
    second = alice_client.get(_people(partnership) + "?page=2").content.decode()
    assert "56 people, page 2 of 2" in second
    assert "Partner 49" in second and "Partner 54" in second and "Partner 48" not in second
    assert 'rel="prev"' in second


def test_the_people_page_shows_the_5_who_left_last_and_links_to_all(partnership, alice_client, alice):
    _leavers(partnership, 12)
    page = alice_client.get(_people(partnership)).content.decode()
    assert "People who have left" in page and "The 5 who left most recently" in page
    for n in range(7, 12):
        assert f"Leaver {n:03d}" in page
    assert "Leaver 006" not in page
    assert 'href="?who=left">See all 12 people who have left</a>' in page

    everyone = alice_client.get(_people(partnership) + "?who=left").content.decode()
    assert '<h1 class="govuk-heading-l">People who have left Working Together</h1>' in everyone
    assert "12 people have left, the most recent first." in everyone
    assert everyone.index("Leaver 011") < everyone.index("Leaver 000")
    assert "Alice Coordinator" not in everyone.split("<main", 1)[1].split("</main>")[0]
    assert "Back to people" in everyone


def test_a_few_who_left_are_all_shown_with_no_link(partnership, alice_client, alice):
    _leavers(partnership, 3)
    page = alice_client.get(_people(partnership)).content.decode()
    assert "Leaver 000" in page and "Leaver 002" in page
    assert "See all" not in page and "who left most recently" not in page


def test_everyone_who_left_comes_50_to_a_page(partnership, bob_client, bob):
    _leavers(partnership, 60)
    url = _people(partnership) + "?who=left"
    first = bob_client.get(url).content.decode()
    assert "60 people have left, the most recent first. Page 1 of 2." in first
    assert "Leaver 059" in first and "Leaver 010" in first and "Leaver 009" not in first
    second = bob_client.get(url + "&page=2").content.decode()
    assert "Leaver 009" in second and "Leaver 000" in second and "Leaver 010" not in second
    assert "who=left" in second.split('rel="prev"')[0].rsplit("href=", 1)[1]  # the filter is kept


def test_the_people_pages_cost_the_same_for_a_few_or_many(partnership, alice_client, alice):
    make_member(partnership, make_user(), group=make_group(partnership))
    _leavers(partnership, 2)
    few = _queries(alice_client, _people(partnership))
    few_left = _queries(alice_client, _people(partnership) + "?who=left")
    group = make_group(partnership)
    for _ in range(60):
        make_member(partnership, make_user(), group=group)
    _leavers(partnership, 70, start=2)
    many = _queries(alice_client, _people(partnership))
    assert many == few <= 8
    assert _queries(alice_client, _people(partnership) + "?who=left") == few_left
    assert _queries(alice_client, _people(partnership) + "?page=2") == many


# ---------------------------------------------------------------- invitations


def test_invitations_come_25_to_a_page_waiting_first(partnership, alice_client, alice):
    now = timezone.now()
    for n in range(30):
        invitation = Invitation.objects.create(
            partnership=partnership, email=f"answered{n:02d}@example.org", invited_by=alice
        )
        Invitation.objects.filter(pk=invitation.pk).update(
            created_at=now - timedelta(days=60 - n), accepted_at=now - timedelta(days=50 - n)
        )
    expired = Invitation.objects.create(partnership=partnership, email="expired@example.org")
    Invitation.objects.filter(pk=expired.pk).update(
        created_at=now - timedelta(days=70), expires_at=now - timedelta(days=56)
    )
    old_waiting = Invitation.objects.create(partnership=partnership, email="waiting-old@example.org")
    Invitation.objects.filter(pk=old_waiting.pk).update(created_at=now - timedelta(days=100))
    Invitation.objects.create(partnership=partnership, email="waiting-new@example.org")

    page = alice_client.get(_invitations(partnership)).content.decode()
    assert "33 invitations sent, page 1 of 2" in page
    assert "Invitations still waiting for an answer come first" in page
    order = [page.index(email) for email in ("waiting-new@", "waiting-old@", "answered29@", "answered08@")]
    assert order == sorted(order)
    assert "answered07@" in page and "answered06@" not in page and "expired@" not in page
    assert 'aria-label="Pages of invitations"' in page

    second = alice_client.get(_invitations(partnership) + "?page=2").content.decode()
    assert "answered06@" in second and "waiting-new@" not in second and "answered07@" not in second
    assert second.index("answered06@") < second.index("answered00@") < second.index("expired@")
    assert "Expired" in second


def test_the_invitations_page_costs_the_same_for_a_few_or_many(partnership, alice_client, alice):
    Invitation.objects.create(partnership=partnership, email="one@example.org", invited_by=alice)
    few = _queries(alice_client, _invitations(partnership))
    group = make_group(partnership)
    Invitation.objects.bulk_create(
        Invitation(partnership=partnership, email=f"p{n}@example.org", invited_by=make_user(), group=group)
        for n in range(60)
    )
    assert _queries(alice_client, _invitations(partnership)) == few <= 12
    assert _queries(alice_client, _invitations(partnership) + "?page=3") == few


def test_nobody_has_left_and_no_invitations(partnership, alice_client, alice):
    assert "People who have left" not in alice_client.get(_people(partnership)).content.decode()
    assert (
        "Nobody has left the partnership."
        in alice_client.get(_people(partnership) + "?who=left").content.decode()
    )
    assert "No invitations sent yet." in alice_client.get(_invitations(partnership)).content.decode()
    assert Membership.objects.filter(partnership=partnership).count() == 1


def test_row_addresses_are_the_ones_reverse_gives():
    from coproduction.rows import row_url

    for slug in ("working-together", "987654321", "a-987654321-b"):
        for pk in (1, 42, 987654321):
            for name in ("partners:member_detail", "partners:invitation_revoke", "partners:picture_file"):
                assert row_url(name, slug)(pk) == reverse(name, kwargs={"slug": slug, "pk": pk})
