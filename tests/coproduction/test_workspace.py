from django.urls import reverse

from partners.models import Partnership, Role
from tests.factories import make_member, make_user


def test_landing_page_lists_my_partnerships_only(charlie_client, charlie, partnership, other_partnership):
    body = charlie_client.get(reverse("home")).content.decode()
    assert "Another Partnership" in body
    assert "Working Together" not in body


def test_landing_page_empty_state(client, db):
    person = make_user()
    client.force_login(person)
    body = client.get(reverse("home")).content.decode()
    assert "You are not in a partnership yet" in body


def test_workspace_home_says_gently_when_the_group_is_small(bob_client, partnership, alice, bob):
    body = bob_client.get(reverse("workspace", kwargs={"slug": partnership.slug})).content.decode()
    assert "The partnership has 2 partners." in body
    assert "You could invite a few more." in body


def test_workspace_home_is_quiet_when_the_group_size_is_right(bob_client, partnership, alice, bob):
    for _ in range(9):
        make_member(partnership, make_user())
    make_member(partnership, make_user(), role=Role.OBSERVER)  # observers are not counted
    body = bob_client.get(reverse("workspace", kwargs={"slug": partnership.slug})).content.decode()
    assert "The partnership has" not in body
    assert "11 partners" in body


def test_workspace_home_when_the_group_is_big(alice_client, partnership, alice):
    Partnership.objects.filter(pk=partnership.pk).update(group_size_min=2, group_size_max=3)
    for _ in range(3):
        make_member(partnership, make_user())
    body = alice_client.get(reverse("workspace", kwargs={"slug": partnership.slug})).content.decode()
    assert "smaller groups" in body


def test_help_link_is_in_the_same_place_on_every_page(alice_client, client, partnership):
    footer_help = '<a class="govuk-footer__link" href="/help/">Help</a>'
    pages = [
        alice_client.get(reverse("home")),
        alice_client.get(reverse("workspace", kwargs={"slug": partnership.slug})),
        alice_client.get(reverse("partners:profile")),
        client.get(reverse("account_login")),
        client.get(reverse("help")),
    ]
    for page in pages:
        body = page.content.decode()
        assert body.count(footer_help) == 1
        assert body.count("<h1") == 1
        assert '<html lang="en-GB"' in body
        assert '<a href="#main-content" class="govuk-skip-link"' in body


def test_titles_are_unique(alice_client, partnership):
    urls = [
        reverse("home"),
        reverse("workspace", kwargs={"slug": partnership.slug}),
        reverse("partners:member_list", kwargs={"slug": partnership.slug}),
        reverse("partners:access_needs", kwargs={"slug": partnership.slug}),
        reverse("partners:profile"),
        reverse("partners:my_access_needs"),
    ]
    titles = [alice_client.get(url).content.decode().split("<title>")[1].split("</title>")[0] for url in urls]
    assert len(set(titles)) == len(titles)


def test_coordinators_may_be_required_to_use_two_factor(alice_client, bob_client, partnership, alice):
    Partnership.objects.filter(pk=partnership.pk).update(require_mfa_for_coordinators=True)
    url = reverse("workspace", kwargs={"slug": partnership.slug})
    response = alice_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # Other members are not asked.
    assert bob_client.get(url).status_code == 200


def test_workspace_home_queries_stay_flat_as_the_partnership_grows(partnership, alice, alice_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_meeting, make_need

    for days in (7, 14, 21, 28):
        make_meeting(partnership, days_ahead=days, created_by=alice)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert (
                alice_client.get(reverse("workspace", kwargs={"slug": partnership.slug})).status_code == 200
            )
        return len(queries)

    def grow(n):
        for _ in range(n):
            person = make_user()
            make_member(partnership, person)
            make_need(person, "hearing_loop")

    grow(3)
    small = count()
    grow(30)
    assert count() == small
