from django.urls import reverse

from partners.models import Membership, PartnerGroup, Partnership, Role
from tests.factories import make_group, make_member, make_user


def _url(name, partnership, **kwargs):
    return reverse(f"partners:{name}", kwargs={"slug": partnership.slug, **kwargs})


def test_everyone_sees_who_is_who(bob_client, partnership, alice, dana):
    body = bob_client.get(_url("member_list", partnership)).content.decode()
    assert "Alice Coordinator" in body and "Dana Chair" in body and "Chair or co-chair" in body
    assert "Invite someone" not in body  # coordinators only


def test_coordinator_changes_a_role_and_group(alice_client, partnership, bob):
    group = make_group(partnership, "Riverside Council", kind=PartnerGroup.Kind.COUNCIL)
    member = Membership.objects.get(person=bob)
    response = alice_client.post(
        _url("member_edit", partnership, pk=member.pk), {"role": Role.CHAIR, "group": group.pk}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.role, member.group) == (Role.CHAIR, group)


def test_the_last_coordinator_cannot_step_down_or_leave(alice_client, partnership, alice):
    member = Membership.objects.get(person=alice)
    response = alice_client.post(_url("member_edit", partnership, pk=member.pk), {"role": Role.MEMBER})
    assert "Every partnership needs a coordinator" in response.content.decode()
    response = alice_client.post(_url("member_leave", partnership, pk=member.pk), follow=True)
    assert "Every partnership needs a coordinator" in response.content.decode()
    member.refresh_from_db()
    assert member.role == Role.COORDINATOR and member.left_on is None


def test_recording_that_someone_left(alice_client, bob_client, partnership, bob):
    member = Membership.objects.get(person=bob)
    assert alice_client.get(_url("member_leave", partnership, pk=member.pk)).status_code == 200
    alice_client.post(_url("member_leave", partnership, pk=member.pk))
    member.refresh_from_db()
    assert member.left_on is not None
    assert bob_client.get(reverse("workspace", kwargs={"slug": partnership.slug})).status_code == 404
    assert "People who have left" in alice_client.get(_url("member_list", partnership)).content.decode()


def test_groups(alice_client, bob_client, partnership):
    response = alice_client.post(
        _url("group_add", partnership), {"name": "Riverside Health Board", "kind": "health_board"}
    )
    assert response.status_code == 302
    group = PartnerGroup.objects.get()
    assert group.partnership == partnership
    body = bob_client.get(_url("group_list", partnership)).content.decode()
    assert "Riverside Health Board" in body and "Health board" in body

    duplicate = alice_client.post(
        _url("group_add", partnership), {"name": "Riverside Health Board", "kind": "other"}
    )
    assert "There is already a group with that name" in duplicate.content.decode()
    empty = alice_client.post(_url("group_add", partnership), {"name": "", "kind": ""}).content.decode()
    assert "Enter the group&#x27;s name." in empty and "Choose what kind of group this is." in empty

    alice_client.post(_url("group_delete", partnership, pk=group.pk))
    assert not PartnerGroup.objects.exists()


def test_another_partnerships_group_is_not_found(alice_client, partnership, other_partnership):
    theirs = make_group(other_partnership)
    assert alice_client.get(_url("group_edit", partnership, pk=theirs.pk)).status_code == 404
    assert alice_client.post(_url("group_delete", partnership, pk=theirs.pk)).status_code == 404


def test_partnership_settings(alice_client, partnership):
    url = _url("partnership_edit", partnership)
    data = {
        "name": "Working Together",
        "slug": "working-together",
        "purpose": "Jobs",
        "status": "active",
        "time_zone": "Europe/London",
        "papers_notice_days": "10",
        "group_size_min": "10",
        "group_size_max": "15",
    }
    assert alice_client.post(url, data).status_code == 302
    partnership.refresh_from_db()
    assert (partnership.papers_notice_days, partnership.status) == (10, "active")

    bad = dict(data, slug="Not A Slug!", time_zone="Mars/Olympus", group_size_min="20", name="x" * 121)
    body = alice_client.post(url, bad).content.decode()
    assert "Use only lower-case letters, numbers and hyphens" in body
    assert "Enter a time zone such as Europe/London." in body
    assert "Ensure this value has at most 120 characters" in body
    # The page's own links still use the partnership's real address.
    assert 'href="/p/working-together/"' in body


def test_slug_already_taken(alice_client, partnership, other_partnership):
    response = alice_client.post(
        reverse("partners:partnership_new"),
        {
            "name": "Another",
            "slug": other_partnership.slug,
            "time_zone": "Europe/London",
            "papers_notice_days": "7",
        },
    )
    assert "That web address name is already taken" in response.content.decode()
    assert Partnership.objects.count() == 2


def test_starting_a_partnership_makes_you_its_coordinator(bob_client, bob):
    response = bob_client.post(
        reverse("partners:partnership_new"),
        {
            "name": "Buses for All",
            "slug": "buses-for-all",
            "time_zone": "Europe/London",
            "papers_notice_days": "7",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get(partnership__slug="buses-for-all").person == bob
    assert Membership.objects.get(partnership__slug="buses-for-all").role == Role.COORDINATOR


def test_people_page_has_a_flat_query_budget(partnership, alice_client, django_assert_max_num_queries):
    url = _url("member_list", partnership)

    def add(n):
        group = make_group(partnership)
        for _ in range(n):
            make_member(partnership, make_user(), group=group)

    add(3)
    # session, user, access helper's membership, members with person and group, former members
    with django_assert_max_num_queries(7):
        alice_client.get(url)
    add(30)
    with django_assert_max_num_queries(7):
        assert alice_client.get(url).status_code == 200


def test_error_summary_links_to_the_first_radio_of_a_group(alice_client, partnership):
    body = alice_client.post(_url("group_add", partnership), {"name": "Council"}).content.decode()
    assert '<a href="#id_kind_1">Choose what kind of group this is.</a>' in body
    assert 'id="id_kind_1"' in body


def test_people_who_left_are_not_shown_in_detail(alice_client, partnership, bob):
    member = Membership.objects.get(person=bob)
    Membership.objects.filter(pk=member.pk).update(left_on="2020-01-01")
    assert alice_client.get(_url("member_detail", partnership, pk=member.pk)).status_code == 404


def test_observers_see_shared_needs_only_as_counts(partnership, client):
    from tests.factories import make_need

    sharer = make_user(full_name="Sam Sharer", share_access_needs=True)
    make_member(partnership, sharer)
    make_need(sharer, "hearing_loop")
    observer = make_user()
    make_member(partnership, observer, role=Role.OBSERVER)
    client.force_login(observer)
    body = client.get(_url("access_needs", partnership)).content.decode()
    assert "1 person needs this." in body
    assert "Sam Sharer" not in body


def test_visiting_experts_see_nothing_of_the_partnership_but_their_meetings(partnership, client):
    expert = make_user()
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    client.force_login(expert)
    for url in [
        reverse("workspace", kwargs={"slug": partnership.slug}),
        _url("member_list", partnership),
        _url("access_needs", partnership),
        _url("group_list", partnership),
    ]:
        assert client.get(url).status_code == 404, url


def test_coordinator_recording_their_own_leaving_goes_home(alice_client, partnership, alice, dana):
    Membership.objects.filter(person=dana).update(role=Role.COORDINATOR)
    member = Membership.objects.get(person=alice)
    response = alice_client.post(_url("member_leave", partnership, pk=member.pk))
    assert response["Location"] == reverse("home")


def test_the_only_coordinator_cannot_delete_their_account(alice_client, alice, partnership):
    response = alice_client.post(reverse("partners:account_delete"), {"confirm": "on"})
    assert "You are the only coordinator of Working Together" in response.content.decode()
    assert Membership.objects.get(person=alice).role == Role.COORDINATOR


def test_settings_form_errors_are_plain(alice_client, partnership):
    body = alice_client.post(_url("partnership_edit", partnership), {}).content.decode()
    assert "This field is required" not in body
    assert "Enter a time zone such as Europe/London." in body
    assert "Say how many days before a meeting papers must go out" in body


def test_a_group_that_owns_action_points_cannot_be_removed(alice_client, partnership, alice):
    from django.utils import timezone

    from meetings.models import ActionPoint

    group = make_group(partnership, "Riverside Council")
    ActionPoint.objects.create(
        partnership=partnership,
        year=2026,
        number=1,
        text="Share figures",
        owner_group=group,
        due_on=timezone.localdate(),
    )
    response = alice_client.post(_url("group_delete", partnership, pk=group.pk), follow=True)
    assert "owns action points" in response.content.decode()
    assert PartnerGroup.objects.filter(pk=group.pk).exists()
