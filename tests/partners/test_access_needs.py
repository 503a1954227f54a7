from django.urls import reverse

from partners.access_needs import ARRANGEMENTS, NEEDS, VENUE_FEATURES
from partners.models import AccessNeed
from tests.factories import make_member, make_need, make_user


def test_vocabulary_is_consistent():
    codes = [need.code for need in NEEDS]
    assert len(codes) == len(set(codes))
    for need in NEEDS:
        assert set(need.met_by_features) <= set(VENUE_FEATURES), need.code
        assert need.arrangement is None or need.arrangement in ARRANGEMENTS, need.code
    # Every need is met by the venue or by something booked, except timing needs (met by when meetings are
    # held and papers sent) and needs only the person can describe.
    by_neither = {n.code for n in NEEDS if not n.met_by_features and not n.arrangement}
    assert by_neither == {"other", "longest_meeting", "earliest_start", "extra_reading_time"}


def test_add_change_and_remove_a_need(bob_client, bob):
    response = bob_client.post(
        reverse("partners:access_need_add"),
        {"code": "regular_breaks", "break_minutes": "45", "note": "To stretch"},
    )
    assert response.status_code == 302
    need = AccessNeed.objects.get(person=bob)
    assert need.detail_text == "every 45 minutes"
    page = bob_client.get(reverse("partners:my_access_needs")).content.decode()
    assert "Regular breaks" in page and "Every 45 minutes" in page and "To stretch" in page

    bob_client.post(
        reverse("partners:access_need_edit", args=[need.pk]),
        {"code": "regular_breaks", "break_minutes": "30"},
    )
    need.refresh_from_db()
    assert need.minutes == 30

    assert bob_client.get(reverse("partners:access_need_delete", args=[need.pk])).status_code == 200
    bob_client.post(reverse("partners:access_need_delete", args=[need.pk]))
    assert not AccessNeed.objects.exists()


def test_detail_that_does_not_belong_is_not_kept(bob_client, bob):
    # Boxes of other needs, even filled with nonsense, neither block saving nor are stored.
    response = bob_client.post(
        reverse("partners:access_need_add"),
        {
            "code": "large_print",
            "break_minutes": "45",
            "longest_minutes": "lots",
            "earliest_start": "half ten",
            "days": "3",
        },
    )
    assert response.status_code == 302
    need = AccessNeed.objects.get(person=bob)
    assert (need.minutes, need.earliest_start, need.days) == (None, None, None)


def test_the_form_groups_needs_and_shows_each_need_its_own_detail(bob_client, bob):
    page = bob_client.get(reverse("partners:access_need_add")).content.decode()
    # One group of radios per kind of need, each group under its own heading.
    for group in ("Information formats", "Communication support", "Getting there and around", "Timing"):
        assert f'govuk-fieldset__legend--s">{group}</legend>' in page
    assert page.count('type="radio"') == 30
    # Each detail box sits under its need's radio, revealed when that need is chosen, and says what it is.
    assert 'data-aria-controls="conditional-regular_breaks"' in page
    assert '<div class="govuk-radios__conditional" id="conditional-regular_breaks">' in page
    for label in (
        "Minutes between breaks",
        "Longest meeting, in minutes",
        "Earliest start time",
        "Extra days to read papers",
    ):
        assert f">{label}</label>" in page
    assert ">Minutes (for breaks" not in page
    assert "<select" not in page


def test_each_minutes_box_means_what_its_label_says(bob_client, bob):
    url = reverse("partners:access_need_add")
    bob_client.post(url, {"code": "longest_meeting", "longest_minutes": "90", "break_minutes": "30"})
    need = AccessNeed.objects.get(person=bob)
    assert need.minutes == 90 and need.detail_text == "90 minutes at most"
    # Changing it shows the saved number in the longest-meeting box, with its radio chosen.
    page = bob_client.get(reverse("partners:access_need_edit", args=[need.pk])).content.decode()
    assert 'name="longest_minutes" value="90"' in page
    assert 'value="longest_meeting" checked' in page
    body = bob_client.post(url, {"code": "regular_breaks", "break_minutes": "2"}).content.decode()
    assert "Enter a number of minutes between 5 and 600." in body
    assert 'href="#id_break_minutes"' in body


def test_bad_input_gets_plain_messages(bob_client, bob):
    url = reverse("partners:access_need_add")
    body = bob_client.post(url, {"code": "teleporter", "note": "Beam me up"}).content.decode()
    assert "Choose an access need from the list" in body
    assert "Beam me up" in body
    body = bob_client.post(url, {"code": "other", "note": ""}).content.decode()
    assert "Say what you need, in your own words." in body
    body = bob_client.post(url, {"code": "regular_breaks"}).content.decode()
    assert "Say how often you need a break" in body
    body = bob_client.post(url, {"code": "earliest_start", "earliest_start": "half ten"}).content.decode()
    assert "Enter a time such as 10:00." in body
    body = bob_client.post(url, {"code": "note_taker", "note": "x" * 1001}).content.decode()
    assert "Keep the note to 1000 characters." in body
    assert not AccessNeed.objects.exists()


def test_the_same_need_twice_is_refused(bob_client, bob):
    make_need(bob, "large_print")
    body = bob_client.post(reverse("partners:access_need_add"), {"code": "large_print"}).content.decode()
    assert "You have already recorded this need" in body


def test_someone_elses_need_is_not_found(bob_client, alice):
    need = make_need(alice, "large_print")
    assert bob_client.get(reverse("partners:access_need_edit", args=[need.pk])).status_code == 404
    assert bob_client.post(reverse("partners:access_need_delete", args=[need.pk])).status_code == 404
    assert AccessNeed.objects.filter(pk=need.pk).exists()


def test_user_text_is_escaped(bob_client, bob, alice_client, partnership):
    make_need(bob, "other", note="<script>alert(1)</script>")
    bob.share_access_needs = True
    bob.save()
    for client, url in [
        (bob_client, reverse("partners:my_access_needs")),
        (alice_client, reverse("partners:access_needs", kwargs={"slug": partnership.slug})),
    ]:
        body = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_who_sees_needs_by_name(partnership, alice_client, dana_client, bob_client, bob):
    carol = make_user(full_name="Carol Private")
    make_member(partnership, carol)
    make_need(carol, "bsl_interpreter", note="BSL is my first language")
    sharer = make_user(full_name="Sam Sharer", share_access_needs=True)
    make_member(partnership, sharer)
    make_need(sharer, "bsl_interpreter")
    url = reverse("partners:access_needs", kwargs={"slug": partnership.slug})

    for client in (alice_client, dana_client):  # coordinator and chair
        body = client.get(url).content.decode()
        assert "2 people need this." in body
        assert "Carol Private" in body and "BSL is my first language" in body

    body = bob_client.get(url).content.decode()  # a partner member
    assert "2 people need this." in body
    assert "Sam Sharer" in body
    assert "Carol Private" not in body and "BSL is my first language" not in body
    assert "and 1 other" in body

    carol_membership = carol.memberships.get()
    detail = bob_client.get(
        reverse("partners:member_detail", kwargs={"slug": partnership.slug, "pk": carol_membership.pk})
    )
    assert "BSL/English interpreter" not in detail.content.decode()
    assert "has not chosen to share" in detail.content.decode()


def test_sharing_choice_is_saved(bob_client, bob):
    bob_client.post(reverse("partners:my_access_needs"), {"share_access_needs": "on"})
    bob.refresh_from_db()
    assert bob.share_access_needs


def test_access_needs_page_has_a_flat_query_budget(partnership, bob_client, django_assert_max_num_queries):
    url = reverse("partners:access_needs", kwargs={"slug": partnership.slug})

    def add_people(n):
        for _ in range(n):
            person = make_user()
            make_member(partnership, person)
            make_need(person, "large_print")
            make_need(person, "regular_breaks", minutes=45)

    add_people(2)
    # session, user, membership (access helper), members, their needs (prefetch), plus allauth's own
    with django_assert_max_num_queries(8):
        bob_client.get(url)
    add_people(20)
    with django_assert_max_num_queries(8):
        assert bob_client.get(url).status_code == 200
