"""The partnership's "require two-factor authentication" setting covers everyone who sees access needs by
name: coordinators, chairs, and whoever chairs one of its meetings. Other partners are not asked."""

import html

from django.urls import reverse

from meetings.models import MeetingRole
from partners.models import Partnership
from tests.accounts.test_mfa import turn_on_two_factor
from tests.factories import make_meeting


def _require_two_factor(partnership) -> None:
    Partnership.objects.filter(pk=partnership.pk).update(require_mfa_for_coordinators=True)


def test_chairs_are_asked_to_set_up_two_factor(partnership, alice, dana, dana_client, bob_client):
    workspace = reverse("workspace", kwargs={"slug": partnership.slug})
    needs = reverse("partners:access_needs", kwargs={"slug": partnership.slug})
    # Not asked until the partnership asks.
    assert dana_client.get(needs).status_code == 200

    _require_two_factor(partnership)
    for url in (workspace, needs):
        response = dana_client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    # A partner member who sees no needs by name carries on.
    assert bob_client.get(workspace).status_code == 200

    turn_on_two_factor(dana)
    assert dana_client.get(needs).status_code == 200


def test_whoever_chairs_a_meeting_is_asked_too(partnership, alice, bob, bob_client):
    _require_two_factor(partnership)
    meeting = make_meeting(partnership, created_by=alice)
    workspace = reverse("workspace", kwargs={"slug": partnership.slug})
    assert bob_client.get(workspace).status_code == 200
    # Chairing a meeting shows its access plan with every name.
    MeetingRole.objects.create(
        partnership=partnership, meeting=meeting, person=bob, role=MeetingRole.Role.CHAIR
    )
    response = bob_client.get(workspace)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    # Taking the minutes of a meeting names nobody's needs.
    MeetingRole.objects.filter(person=bob).update(role=MeetingRole.Role.MINUTE_TAKER)
    assert bob_client.get(workspace).status_code == 200


def test_the_setting_says_whom_it_covers(partnership, alice, alice_client):
    page = alice_client.get(reverse("partners:partnership_edit", kwargs={"slug": partnership.slug}))
    body = page.content.decode()
    assert "Require two-factor authentication for coordinators and chairs" in body
    assert "Coordinators must use two-factor authentication" not in body
    assert "Coordinators and chairs see everyone's access needs by name" in html.unescape(body)


def test_an_observer_given_a_chair_role_sees_no_names_and_is_not_asked(partnership, alice, bob, bob_client):
    """Two-factor is asked of exactly those the access plan shows names to (may_see_bookings): a meeting role
    never shows an observer other people's needs, so it asks nothing more of them either."""
    from meetings.services.access_plan import may_see_bookings
    from partners.models import Membership, Role

    Membership.objects.filter(person=bob).update(role=Role.OBSERVER)
    _require_two_factor(partnership)
    meeting = make_meeting(partnership, created_by=alice)
    MeetingRole.objects.create(
        partnership=partnership, meeting=meeting, person=bob, role=MeetingRole.Role.CHAIR
    )
    assert not may_see_bookings(Membership.objects.get(person=bob), meeting)
    assert bob_client.get(reverse("workspace", kwargs={"slug": partnership.slug})).status_code == 200
