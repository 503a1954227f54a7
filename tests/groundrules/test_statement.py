"""What co-production means to us: the statement, the groups' commitments, each person's answer, the
coordinators' pages, the welcome page after joining, and what the workspace home says."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groundrules.models import RULE_MAX_LENGTH, GroupCommitment, PersonalCommitment, Proposal, StatementPoint
from groundrules.services.rules import version_agree
from partners.models import Invitation, Membership, Role, User
from tests.factories import make_group, make_meeting, make_member, make_user

SLUG = "working-together"
AGREE = PersonalCommitment.Answer.AGREE
NOT_YET = PersonalCommitment.Answer.NOT_YET


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _url(name, **kwargs):
    return reverse(f"groundrules:{name}", kwargs={"slug": SLUG, **kwargs})


def _member(partnership, person) -> Membership:
    return Membership.objects.get(partnership=partnership, person=person)


def _body(response) -> str:
    return response.content.decode()


def _points(partnership) -> list[str]:
    return list(StatementPoint.objects.filter(partnership=partnership).values_list("text", flat=True))


def _version(partnership, alice, texts=("Always be respectful.",)):
    meeting = make_meeting(partnership, days_ahead=-7, created_by=alice)
    proposals = [
        Proposal.objects.create(
            partnership=partnership, proposed_by=alice, text=t, easy_read_text=f"Easy {t}"
        )
        for t in texts
    ]
    return version_agree(
        meeting=meeting, agreed=proposals, not_agreed=[], recorded_by=alice, expected_number=1
    ).version


# ---------------------------------------------------------------- who may see and do what


def test_outsiders_and_visiting_experts_get_404(charlie_client, partnership, alice, bob):
    expert = make_user()
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    expert_client = _client(expert)
    bob_row = _member(partnership, bob)
    urls = [
        _url("statement"),
        _url("welcome"),
        _url("statement_people"),
        _url("statement_point_add"),
        _url("statement_person", pk=bob_row.pk),
    ]
    for client in (charlie_client, expert_client):
        for url in urls:
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"answer": AGREE, "text": "Taken over"}).status_code == 404, url
    assert not PersonalCommitment.objects.exists()
    assert "Taken over" not in _points(partnership)


def test_an_observer_reads_the_statement_but_cannot_answer(partnership, alice):
    observer = make_user()
    make_member(partnership, observer, role=Role.OBSERVER)
    client = _client(observer)
    page = client.get(_url("statement"))
    assert page.status_code == 200
    body = _body(page)
    assert "We are equal partners" in body
    assert "Observers read the statement. They are not asked for an answer." in body
    assert 'name="answer"' not in body
    assert client.post(_url("statement"), {"answer": AGREE}).status_code == 403
    assert client.post(_url("welcome"), {"answer": AGREE}).status_code == 403
    assert not PersonalCommitment.objects.exists()
    # The area's links: only the current rules and the statement.
    assert _url("current") in body
    assert _url("proposals") not in body and _url("settings") not in body


def test_members_cannot_manage(bob_client, partnership, alice, bob):
    point = StatementPoint.objects.filter(partnership=partnership).first()
    group = make_group(partnership, "Council")
    before = _points(partnership)
    for url in (
        _url("statement_point_add"),
        _url("statement_point_edit", pk=point.pk),
        _url("statement_point_remove", pk=point.pk),
        _url("statement_point_move", pk=point.pk),
        _url("statement_group_commit", pk=group.pk),
        _url("statement_people"),
        _url("statement_person", pk=_member(partnership, alice).pk),
        _url("statement_person_helped", pk=_member(partnership, alice).pk),
    ):
        assert (
            bob_client.post(url, {"text": "Mine now", "committed_by": "Bob", "answer": AGREE}).status_code
            == 403
        )
    assert _points(partnership) == before
    assert not GroupCommitment.objects.exists() and not PersonalCommitment.objects.exists()
    body = _body(bob_client.get(_url("statement")))
    assert "Add a point" not in body and "Who has answered" not in body
    assert _url("settings") not in body and _url("proposals") in body


# ---------------------------------------------------------------- a person's answer


def test_a_member_agrees_and_the_page_says_so(bob_client, partnership, bob):
    page = _body(bob_client.get(_url("statement")))
    assert "You have not given your answer yet." in page
    assert "I understand this and I agree to work this way" in page
    response = bob_client.post(_url("statement"), {"answer": AGREE})
    assert response.status_code == 302
    commitment = PersonalCommitment.objects.get(person=bob)
    assert (commitment.partnership, commitment.answer, commitment.recorded_by) == (partnership, AGREE, None)
    page = _body(bob_client.get(response["Location"]))
    assert "Your answer is saved" in page
    assert "You said: <strong>I understand this and I agree to work this way</strong>" in page
    assert timezone.localdate().strftime("%-d %B %Y") in page


def test_not_understanding_yet_tells_the_coordinator(bob_client, alice_client, partnership, bob):
    response = bob_client.post(_url("statement"), {"answer": NOT_YET}, follow=True)
    body = _body(response)
    assert "You said: <strong>I do not understand this yet</strong>" in body
    assert "We will let the coordinator know, so they can go through it with you." in body
    assert PersonalCommitment.objects.get(person=bob).answer == NOT_YET
    # The coordinator sees it on the home page and the people page.
    home = _body(alice_client.get(reverse("workspace", args=[SLUG])))
    assert "1 person does not understand them yet" in home
    people = _body(alice_client.get(_url("statement_people")))
    assert "Needs someone to go through it with them" in people


def test_an_answer_with_no_choice_gets_a_message(bob_client, partnership):
    response = bob_client.post(_url("statement"), {})
    assert response.status_code == 200
    body = _body(response)
    assert "govuk-error-summary" in body
    assert "Choose whether you understand this and agree to work this way" in body
    assert bob_client.post(_url("statement"), {"answer": "maybe"}).status_code == 200
    assert not PersonalCommitment.objects.exists()


# ---------------------------------------------------------------- the coordinator's people page


def test_the_coordinator_sees_who_has_not_answered_and_records_for_them(
    alice_client, partnership, alice, bob, dana
):
    offline = make_user(full_name="Olive Offline")
    make_member(partnership, offline)
    observer = make_user(full_name="Oscar Observer")
    make_member(partnership, observer, role=Role.OBSERVER)
    PersonalCommitment.objects.create(partnership=partnership, person=dana, answer=AGREE)

    body = _body(alice_client.get(_url("statement_people")))
    assert "Olive Offline" in body and "Bob Member" in body and "Dana Chair" in body
    assert "Oscar Observer" not in body  # observers are not asked
    assert "3 people have not seen them yet." in body  # alice, bob, olive

    row = _member(partnership, offline)
    assert alice_client.get(_url("statement_person", pk=row.pk)).status_code == 200
    response = alice_client.post(_url("statement_person", pk=row.pk), {"answer": NOT_YET})
    assert response["Location"] == _url("statement_people")
    commitment = PersonalCommitment.objects.get(person=offline)
    assert (commitment.answer, commitment.recorded_by) == (NOT_YET, alice)
    body = _body(alice_client.get(_url("statement_people")))
    assert "recorded by the coordinator" in body
    assert "2 people have not seen them yet." in body
    assert "1 person does not understand them yet." in body

    # The coordinator went through it with Olive.
    alice_client.post(_url("statement_person_helped", pk=row.pk))
    commitment.refresh_from_db()
    assert commitment.helped_at is not None
    body = _body(alice_client.get(_url("statement_people")))
    assert "Went through it with them on" in body
    assert "0 people do not understand them yet." in body

    # An observer's answer is not recorded.
    assert (
        alice_client.post(
            _url("statement_person", pk=_member(partnership, observer).pk), {"answer": AGREE}
        ).status_code
        == 403
    )
    assert not PersonalCommitment.objects.filter(person=observer).exists()


def test_marking_help_for_someone_who_has_not_answered_says_so(alice_client, partnership, bob):
    response = alice_client.post(
        _url("statement_person_helped", pk=_member(partnership, bob).pk), follow=True
    )
    assert "They have not given an answer yet." in _body(response)
    assert not PersonalCommitment.objects.exists()


def test_the_people_page_is_paginated_and_bounded(
    alice_client, partnership, alice, django_assert_max_num_queries
):
    for n in range(55):
        person = make_user(full_name=f"Zed {n:02d}")
        make_member(partnership, person)
        if n % 2:
            PersonalCommitment.objects.create(partnership=partnership, person=person, answer=AGREE)
    with django_assert_max_num_queries(12):
        first = _body(alice_client.get(_url("statement_people")))
    assert "Zed 00" in first and "Zed 54" not in first
    assert "Pages of people" in first
    second = _body(alice_client.get(_url("statement_people") + "?page=2"))
    assert "Zed 54" in second


# ---------------------------------------------------------------- the statement's points


def test_the_coordinator_adds_changes_moves_and_removes_points(dana_client, partnership):
    before = _points(partnership)
    response = dana_client.post(
        _url("statement_point_add"),
        {"text": "We share the money.", "easy_read_text": "We share the money.", "easy_read_picture": ""},
    )
    assert response.status_code == 302
    assert _points(partnership) == [*before, "We share the money."]
    new = StatementPoint.objects.get(text="We share the money.")

    dana_client.post(
        _url("statement_point_edit", pk=new.pk),
        {"text": "We share the budget.", "easy_read_text": "We share the money.", "easy_read_picture": ""},
    )
    new.refresh_from_db()
    assert new.text == "We share the budget."

    dana_client.post(_url("statement_point_move", pk=new.pk), {"direction": "up"})
    assert _points(partnership)[-2] == "We share the budget."
    dana_client.post(_url("statement_point_move", pk=new.pk), {"direction": "down"})
    assert _points(partnership)[-1] == "We share the budget."
    # Already last: nothing moves, and the page says so.
    page = _body(
        dana_client.post(_url("statement_point_move", pk=new.pk), {"direction": "down"}, follow=True)
    )
    assert "already last" in page

    confirm = _body(dana_client.get(_url("statement_point_remove", pk=new.pk)))
    assert "Remove this point from the statement?" in confirm and "We share the budget." in confirm
    assert StatementPoint.objects.filter(pk=new.pk).exists()  # asking is not removing
    dana_client.post(_url("statement_point_remove", pk=new.pk))
    assert _points(partnership) == before


def test_an_empty_point_gets_a_message(alice_client, partnership):
    before = _points(partnership)
    response = alice_client.post(
        _url("statement_point_add"),
        {"text": "   ", "easy_read_text": "We are a team.", "easy_read_picture": ""},
    )
    assert response.status_code == 200
    body = _body(response)
    assert "govuk-error-summary" in body and "Enter the point in plain words" in body
    assert "We are a team." in body  # nothing typed is lost
    assert _points(partnership) == before


def test_a_point_too_long_gets_a_message_and_keeps_the_words(alice_client, partnership):
    point = StatementPoint.objects.filter(partnership=partnership).first()
    long_words = "We listen. " * (RULE_MAX_LENGTH // 10)
    response = alice_client.post(
        _url("statement_point_edit", pk=point.pk),
        {"text": long_words, "easy_read_text": "", "easy_read_picture": ""},
    )
    assert response.status_code == 200
    body = _body(response)
    assert "govuk-error-summary" in body
    assert f"The point must be {RULE_MAX_LENGTH:,} characters or fewer" in body
    assert long_words.strip() in body
    point.refresh_from_db()
    assert "We listen." not in point.text


def test_another_partnerships_point_is_404(alice_client, other_partnership):
    theirs = StatementPoint.objects.filter(partnership=other_partnership).first()
    assert alice_client.get(_url("statement_point_edit", pk=theirs.pk)).status_code == 404
    assert alice_client.post(_url("statement_point_remove", pk=theirs.pk)).status_code == 404
    assert StatementPoint.objects.filter(pk=theirs.pk).exists()


# ---------------------------------------------------------------- the groups' commitments


def test_a_group_commitment_is_recorded_and_shown(alice_client, bob_client, partnership, alice):
    council = make_group(partnership, "Riverside Council")
    make_group(partnership, "Disabled People Together")
    body = _body(bob_client.get(_url("statement")))
    assert "Riverside Council" in body and body.count("Has not committed yet") == 2

    url = _url("statement_group_commit", pk=council.pk)
    empty = alice_client.post(
        url, {"committed_by": "", "committed_on_0": "1", "committed_on_1": "12", "committed_on_2": "2026"}
    )
    assert empty.status_code == 200 and "Enter who committed on the group" in _body(empty)
    future = alice_client.post(
        url,
        {
            "committed_by": "Aileen Ross, Director",
            "committed_on_0": "1",
            "committed_on_1": "1",
            "committed_on_2": "2099",
        },
    )
    assert "must be today or in the past" in _body(future) and "Aileen Ross, Director" in _body(future)
    assert not GroupCommitment.objects.exists()

    response = alice_client.post(
        url,
        {
            "committed_by": "Aileen Ross, Director",
            "committed_on_0": "1",
            "committed_on_1": "12",
            "committed_on_2": "2026",
        },
    )
    assert response.status_code == 302
    commitment = GroupCommitment.objects.get(group=council)
    assert (commitment.committed_by, commitment.recorded_by, str(commitment.committed_on)) == (
        "Aileen Ross, Director",
        alice,
        "2026-12-01",
    )
    body = _body(bob_client.get(_url("statement")))
    assert "Committed on 1 December 2026, by Aileen Ross, Director" in body
    assert body.count("Has not committed yet") == 1


# ---------------------------------------------------------------- joining


def test_a_new_member_goes_from_access_needs_to_the_welcome_page_then_home(client, partnership, alice):
    invitation = Invitation.objects.create(partnership=partnership, email="kim@example.org", invited_by=alice)
    response = client.post(
        invitation.get_accept_url(),
        {"full_name": "Kim New", "known_as": "Kim", "password": "a-long-enough-passphrase"},
    )
    assert response["Location"] == reverse("partners:my_access_needs")
    needs = _body(client.get(response["Location"]))
    assert "Continue to Working Together" in needs
    assert _url("welcome") in needs

    welcome = _body(client.get(_url("welcome")))
    assert "Welcome to Working Together" in welcome
    assert "We are equal partners" in welcome
    assert "The ground rules are not agreed yet." in welcome
    assert "I understand this and I agree to work this way" in welcome
    # Once seen, the access needs page no longer offers to continue.
    assert "Continue to Working Together" not in _body(client.get(reverse("partners:my_access_needs")))

    response = client.post(_url("welcome"), {"answer": AGREE})
    assert response["Location"] == reverse("workspace", args=[SLUG])
    kim = User.objects.get(email="kim@example.org")
    assert PersonalCommitment.objects.get(person=kim).answer == AGREE


def test_someone_with_an_account_goes_to_the_welcome_page_with_the_current_rules(partnership, alice, charlie):
    _version(partnership, alice, ["Always be respectful.", "Say if you do not understand."])
    invitation = Invitation.objects.create(partnership=partnership, email=charlie.email, invited_by=alice)
    client = _client(charlie)
    response = client.post(invitation.get_accept_url())
    assert response["Location"] == _url("welcome")
    body = _body(client.get(_url("welcome")))
    assert "Version 1, agreed on" in body
    assert "Always be respectful." in body and "Say if you do not understand." in body
    assert "not agreed yet" not in body


def test_a_visiting_expert_who_joins_is_not_sent_to_the_welcome_page(partnership, alice, charlie):
    invitation = Invitation.objects.create(
        partnership=partnership, email=charlie.email, invited_by=alice, role=Role.VISITING_EXPERT
    )
    response = _client(charlie).post(invitation.get_accept_url())
    assert response.status_code == 302 and "welcome" not in response["Location"]


# ---------------------------------------------------------------- the workspace home


def _home(client) -> str:
    return _body(client.get(reverse("workspace", args=[SLUG])))


def test_the_home_tells_coordinators_who_has_not_seen_them(
    alice_client, bob_client, dana_client, partnership, alice, bob, dana
):
    home = _home(alice_client)
    assert "3 people have not seen the statement and ground rules yet" in home
    assert _url("statement_people") in home
    assert "not seen the statement" not in _home(bob_client)
    assert "not seen the statement" not in _home(dana_client)  # coordinators only

    for person in (alice, bob, dana):
        PersonalCommitment.objects.create(partnership=partnership, person=person, answer=AGREE)
    assert "not seen the statement" not in _home(alice_client)
    PersonalCommitment.objects.filter(person=bob).update(answer=NOT_YET)
    home = _home(alice_client)
    assert "1 person does not understand them yet" in home
    assert "do not understand" not in _home(bob_client) and "does not understand" not in _home(bob_client)


def test_the_home_says_when_the_ground_rules_are_due_for_review(alice_client, bob_client, partnership, alice):
    assert "due for review" not in _home(bob_client)  # no version yet
    version = _version(partnership, alice)
    assert "due for review" not in _home(bob_client)
    type(version).objects.filter(pk=version.pk).update(review_on=timezone.localdate())
    home = _home(bob_client)
    assert "The ground rules are due for review" in home
    assert _url("current") in home
    type(version).objects.filter(pk=version.pk).update(review_on=timezone.localdate() + timedelta(days=1))
    assert "due for review" not in _home(alice_client)


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_the_statement_page_is_bounded(who, request, partnership, django_assert_max_num_queries):
    client = request.getfixturevalue(f"{who}_client")
    for n in range(20):
        make_group(partnership, f"Group {n}")
        StatementPoint.objects.create(partnership=partnership, text=f"Point {n}", position=10 + n)
    with django_assert_max_num_queries(12):
        assert client.get(_url("statement")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(_url("welcome")).status_code == 200


def test_an_anonymous_visitor_is_sent_to_sign_in(client, partnership):
    for url in (_url("statement"), _url("welcome"), _url("statement_people")):
        response = client.post(url, {"answer": AGREE})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not PersonalCommitment.objects.exists()


def test_coordinators_see_the_settings_link_and_the_current_page_is_marked(alice_client, partnership):
    body = _body(alice_client.get(_url("statement")))
    assert _url("settings") in body
    assert f'href="{_url("statement")}" aria-current="page"' in body
    assert 'aria-current="page"><strong>What co-production means to us</strong>' in body
