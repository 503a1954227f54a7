"""Decisions: reference numbers, recording them at a meeting, the decisions register, changing one."""

import re
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Decision, MeetingRole, Minutes
from meetings.services.actions import decision_edit, decision_record
from partners.models import Role
from tests.factories import make_decision, make_meeting, make_member, make_user


def _add_url(meeting, **query):
    url = reverse("meetings:decision_add", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _once() -> dict:
    """A new one-time token, as each recording form shown carries (coproduction.forms.OnceMixin)."""
    return {"once": uuid4().hex}


def _list_url(partnership):
    return reverse("meetings:decision_list", kwargs={"slug": partnership.slug})


def _record(meeting, person, **fields):
    fields.setdefault("agenda_item", None)
    fields.setdefault("text", "We agree to meet at the library from now on.")
    fields.setdefault("how", Decision.How.CONSENSUS)
    return decision_record(meeting=meeting, recorded_by=person, **fields)


# ---------------------------------------------------------------- reference numbers


def test_references_count_up_within_a_partnership(meeting, alice):
    year = timezone.localdate().year
    first, second = _record(meeting, alice), _record(meeting, alice)
    assert (first.reference, second.reference) == (f"D-{year}-001", f"D-{year}-002")


def test_references_restart_each_year(meeting, alice):
    year = timezone.localdate().year
    for number in range(1, 8):
        make_decision(meeting, year=year - 1, number=number)
    assert _record(meeting, alice).reference == f"D-{year}-001"
    make_decision(meeting, year=year, number=41)  # numbers carry on from the highest this year
    assert _record(meeting, alice).reference == f"D-{year}-042"


def test_two_partnerships_do_not_share_numbering(meeting, alice, other_partnership, charlie):
    year = timezone.localdate().year
    _record(meeting, alice)
    _record(meeting, alice)
    theirs = _record(make_meeting(other_partnership, created_by=charlie), charlie)
    assert theirs.reference == f"D-{year}-001"
    assert theirs.partnership == other_partnership


# ---------------------------------------------------------------- the service's rules


def test_vote_counts_belong_to_a_vote(meeting, alice):
    decision = _record(meeting, alice, how=Decision.How.VOTE, votes_for=7, votes_against=2, abstentions=1)
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (7, 2, 1)
    with pytest.raises(ValidationError) as error:
        _record(meeting, alice, how=Decision.How.CONSENSUS, votes_for=3)
    assert "only for a decision made by a vote" in str(error.value)
    assert Decision.objects.count() == 1


def test_an_agenda_item_of_another_meeting_is_refused(meeting, past_meeting, alice):
    other_item = past_meeting.agenda_items.first()
    with pytest.raises(ValidationError) as error:
        _record(meeting, alice, agenda_item=other_item)
    assert error.value.message_dict == {"agenda_item": ["Choose an item from this meeting's agenda."]}
    assert not Decision.objects.exists()


def test_a_cancelled_meeting_records_nothing(meeting, alice):
    meeting.status = meeting.Status.CANCELLED
    meeting.save()
    with pytest.raises(ValidationError):
        _record(meeting, alice)


def test_decisions_of_locked_minutes_cannot_change(past_meeting, alice):
    decision = _record(past_meeting, alice)
    Minutes.objects.create(partnership=past_meeting.partnership, meeting=past_meeting, locked=True)
    with pytest.raises(ValidationError) as error:
        decision_edit(decision=decision, agenda_item=None, text="Something else", how="consensus")
    assert "Unlock the minutes first" in str(error.value)
    decision.refresh_from_db()
    assert decision.text == "We agree to meet at the library from now on."


# ---------------------------------------------------------------- recording from the meeting


def test_chair_records_a_decision_and_returns_to_the_meeting(dana_client, meeting, dana):
    item = meeting.agenda_items.exclude(purpose="break").last()
    page = dana_client.get(_add_url(meeting, item=item.pk)).content.decode()
    assert f'<option value="{item.pk}" selected>' in page
    assert "Record a decision" in page
    response = dana_client.post(
        _add_url(meeting),
        {
            "agenda_item": item.pk,
            "text": "We will meet at the library.",
            "how": "vote",
            "votes_for": "7",
            "votes_against": "2",
            "abstentions": "",
            **_once(),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    decision = Decision.objects.get()
    assert (decision.agenda_item, decision.recorded_by, decision.votes_for, decision.abstentions) == (
        item,
        dana,
        7,
        None,
    )


def test_after_saving_it_goes_back_to_a_safe_next_page_only(alice_client, meeting):
    run_page = f"/p/{meeting.partnership.slug}/meetings/{meeting.pk}/run/"
    data = {"text": "Agreed.", "how": "consensus", "next": run_page}
    assert alice_client.post(_add_url(meeting), {**data, **_once()})["Location"] == run_page
    data["next"] = "https://evil.example.com/steal"
    assert alice_client.post(_add_url(meeting), {**data, **_once()})["Location"] == meeting.get_absolute_url()
    data["next"] = "//evil.example.com/"
    assert alice_client.post(_add_url(meeting), {**data, **_once()})["Location"] == meeting.get_absolute_url()
    assert Decision.objects.count() == 3
    # A next page given in the address is kept in the form, for the post after an error.
    page = alice_client.get(_add_url(meeting, next=run_page)).content.decode()
    assert f'name="next" value="{run_page}"' in page


def test_a_meeting_minute_taker_may_record(partnership, meeting):
    person = make_user()
    make_member(partnership, person)
    MeetingRole.objects.create(
        partnership=partnership, meeting=meeting, person=person, role=MeetingRole.Role.MINUTE_TAKER
    )
    from django.test import Client

    client = Client()
    client.force_login(person)
    assert client.get(_add_url(meeting)).status_code == 200


def test_who_may_record(bob_client, charlie_client, client, meeting, partnership):
    data = {"text": "Agreed.", "how": "consensus"}
    assert bob_client.get(_add_url(meeting)).status_code == 403
    assert bob_client.post(_add_url(meeting), data).status_code == 403
    assert charlie_client.get(_add_url(meeting)).status_code == 404
    assert charlie_client.post(_add_url(meeting), data).status_code == 404
    response = client.get(_add_url(meeting))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    observer = make_user()
    make_member(partnership, observer, role=Role.OBSERVER)
    client.force_login(observer)
    assert client.post(_add_url(meeting), data).status_code == 403
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "", "how": "consensus"}, "Enter the words agreed."),
        ({"text": "   ", "how": "consensus"}, "Enter the words agreed."),
        ({"text": "Agreed.", "how": "shouting"}, "Choose how it was decided"),
        ({"text": "Agreed.", "how": ""}, "Choose how it was decided"),
        ({"text": "Agreed.", "how": "vote", "votes_for": "lots"}, "Enter a number of votes, for example 7."),
        ({"text": "Agreed.", "how": "vote", "votes_for": "-2"}, "Enter a number of votes, 0 or more."),
        ({"text": "Agreed.", "how": "consensus", "votes_for": "4"}, "only for a decision made by a vote"),
        ({"text": "Agreed.", "how": "consensus", "agenda_item": "abc"}, "Choose an item from this meeting"),
    ],
)
def test_bad_input_gets_a_plain_message_and_keeps_what_was_typed(alice_client, meeting, data, message):
    data = {"text": "We agree to meet monthly.", **data} if "text" not in data else data
    response = alice_client.post(_add_url(meeting), {**data, **_once()})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    if data["text"].strip():
        assert data["text"] in body
    assert not Decision.objects.exists()


def test_an_item_of_another_meeting_is_a_form_error(alice_client, meeting, past_meeting):
    other_item = past_meeting.agenda_items.first()
    response = alice_client.post(
        _add_url(meeting),
        {"agenda_item": other_item.pk, "text": "The words we agreed.", "how": "consensus", **_once()},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose an item from this meeting&#x27;s agenda." in body and "The words we agreed." in body
    assert not Decision.objects.exists()


def test_the_record_page_carries_a_one_time_token(alice_client, meeting):
    page = alice_client.get(_add_url(meeting)).content.decode()
    assert re.search(r'<input type="hidden" name="once" value="[0-9a-f]{32}"', page)


def test_the_same_form_sent_twice_records_one_decision(alice_client, meeting):
    data = {"text": "We will meet at the library.", "how": "consensus", **_once()}
    first = alice_client.post(_add_url(meeting), data)
    second = alice_client.post(_add_url(meeting), data)
    assert list(Decision.objects.values_list("number", flat=True)) == [1]
    # The second goes where saving would have gone, and says so: never an error page.
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == meeting.get_absolute_url()
    shown = alice_client.post(_add_url(meeting), data, follow=True).content.decode()
    assert "That was already saved." in shown
    assert Decision.objects.count() == 1


def test_two_forms_record_two_decisions(alice_client, meeting):
    data = {"text": "We will meet at the library.", "how": "consensus"}
    alice_client.post(_add_url(meeting), {**data, **_once()})
    alice_client.post(_add_url(meeting), {**data, **_once()})
    assert Decision.objects.count() == 2


def test_a_decision_refused_after_checking_can_be_corrected_and_sent_again(alice_client, meeting):
    token = _once()
    refused = alice_client.post(
        _add_url(meeting), {"text": "Agreed.", "how": "consensus", "votes_for": "4", **token}
    )
    assert refused.status_code == 200 and "only for a decision made by a vote" in refused.content.decode()
    saved = alice_client.post(_add_url(meeting), {"text": "Agreed.", "how": "consensus", **token})
    assert saved.status_code == 302 and Decision.objects.count() == 1


def test_a_form_without_its_token_is_not_saved_and_comes_back_with_a_new_one(alice_client, meeting):
    response = alice_client.post(_add_url(meeting), {"text": "Agreed.", "how": "consensus"})
    body = response.content.decode()
    assert response.status_code == 200 and "The form was not sent properly" in body and "Agreed." in body
    token = re.search(r'name="once" value="([0-9a-f]{32})"', body).group(1)
    resent = alice_client.post(_add_url(meeting), {"text": "Agreed.", "how": "consensus", "once": token})
    assert resent.status_code == 302 and Decision.objects.count() == 1


def test_changing_a_decision_needs_no_token(alice_client, meeting, alice):
    decision = _record(meeting, alice)
    assert 'name="once"' not in alice_client.get(_edit_url(decision)).content.decode()
    response = alice_client.post(_edit_url(decision), {"text": "Changed.", "how": "consensus"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.text == "Changed."


# ---------------------------------------------------------------- the register


def test_register_lists_decisions_newest_first_with_how_and_meeting(
    bob_client, partnership, meeting, past_meeting
):
    old = make_decision(past_meeting, text="Meet at the library.")
    new = make_decision(
        meeting, text="Use plain English.", how="vote", votes_for=8, votes_against=1, abstentions=0
    )
    body = bob_client.get(_list_url(partnership)).content.decode()
    assert body.index(new.reference) < body.index(old.reference)
    assert "By a vote: 8 for, 1 against, 0 abstained" in body
    assert "By consensus" in body
    assert meeting.get_absolute_url() in body and past_meeting.get_absolute_url() in body
    assert "2 decisions" in body


def test_register_filters_by_year_and_ignores_nonsense(bob_client, partnership, meeting):
    year = timezone.localdate().year
    this_year = make_decision(meeting, year=year)
    last_year = make_decision(meeting, year=year - 1)
    body = bob_client.get(_list_url(partnership), {"year": year - 1}).content.decode()
    assert last_year.reference in body and this_year.reference not in body
    assert f"Decisions in {year - 1}" in body
    for nonsense in ["abc", "1999", "99999999999999999999999", "-1", ""]:
        response = bob_client.get(_list_url(partnership), {"year": nonsense})
        body = response.content.decode()
        assert response.status_code == 200
        assert last_year.reference in body and this_year.reference in body


def test_register_pages_25_at_a_time(bob_client, partnership, meeting):
    for _ in range(30):
        make_decision(meeting)
    first = bob_client.get(_list_url(partnership)).content.decode()
    assert first.count('scope="row"') == 25
    assert 'class="govuk-pagination"' in first and 'aria-current="page"' in first
    assert "(page 1 of 2)" in first
    second = bob_client.get(_list_url(partnership), {"page": "2"}).content.decode()
    assert second.count('scope="row"') == 5
    for nonsense in ["x", "0", "999"]:
        assert bob_client.get(_list_url(partnership), {"page": nonsense}).status_code == 200


def test_register_empty_state_says_what_happens(bob_client, partnership):
    body = bob_client.get(_list_url(partnership)).content.decode()
    assert "No decisions yet" in body and "from the meeting's page" in body


def test_register_access(charlie_client, client, partnership, meeting):
    make_decision(meeting)
    assert charlie_client.get(_list_url(partnership)).status_code == 404
    response = client.get(_list_url(partnership))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    expert = make_user()
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    client.force_login(expert)
    assert client.get(_list_url(partnership)).status_code == 404


def test_register_queries_stay_flat(alice_client, partnership, meeting, past_meeting):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(_list_url(partnership)).status_code == 200
        return len(queries)

    for _ in range(5):
        make_decision(meeting, how="vote", votes_for=3)
    small = count()
    for _ in range(45):
        make_decision(past_meeting)
    # session, user, membership, years, count, the page of decisions with their meetings
    assert count() == small <= 6


# ---------------------------------------------------------------- one decision, and changing it


def _detail_url(decision):
    return reverse("meetings:decision_detail", kwargs={"slug": decision.partnership.slug, "pk": decision.pk})


def _edit_url(decision):
    return reverse("meetings:decision_edit", kwargs={"slug": decision.partnership.slug, "pk": decision.pk})


def test_decision_page_shows_everything_and_edit_link_only_to_chairs(
    alice_client, bob_client, meeting, alice
):
    decision = _record(meeting, alice, how="vote", votes_for=5, votes_against=0)
    body = bob_client.get(_detail_url(decision)).content.decode()
    assert decision.reference in body and "By a vote: 5 for, 0 against" in body
    assert "Alice Coordinator" in body and meeting.get_absolute_url() in body
    assert _edit_url(decision) not in body
    assert _edit_url(decision) in alice_client.get(_detail_url(decision)).content.decode()


def test_chair_changes_a_decision_keeping_its_reference(dana_client, meeting, alice):
    decision = _record(meeting, alice)
    reference = decision.reference
    page = dana_client.get(_edit_url(decision)).content.decode()
    assert "We agree to meet at the library from now on." in page
    response = dana_client.post(
        _edit_url(decision),
        {
            "text": "We agree to meet at the library.",
            "how": "deferred",
            "easy_read_text": "We meet at the library.",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.text, decision.how, decision.reference) == (
        "We agree to meet at the library.",
        "deferred",
        reference,
    )
    assert decision.easy_read_text == "We meet at the library."


def test_who_may_change_a_decision(bob_client, charlie_client, client, meeting, alice):
    decision = _record(meeting, alice)
    assert bob_client.get(_edit_url(decision)).status_code == 403
    assert bob_client.post(_edit_url(decision), {"text": "Changed", "how": "consensus"}).status_code == 403
    assert charlie_client.get(_detail_url(decision)).status_code == 404
    assert charlie_client.get(_edit_url(decision)).status_code == 404
    assert client.get(_detail_url(decision)).status_code == 302
    decision.refresh_from_db()
    assert decision.text == "We agree to meet at the library from now on."


def test_locked_minutes_message_shows_on_the_form(alice_client, past_meeting, alice):
    decision = _record(past_meeting, alice)
    Minutes.objects.create(partnership=past_meeting.partnership, meeting=past_meeting, locked=True)
    response = alice_client.post(_edit_url(decision), {"text": "Something else", "how": "consensus"})
    body = response.content.decode()
    assert response.status_code == 200 and "Unlock the minutes first" in body and "Something else" in body


def test_changing_a_decision_keeps_its_earlier_wording(dana_client, partnership, meeting, dana):
    from meetings.models import Decision
    from meetings.services.actions import decision_edit, decision_record

    decision = decision_record(
        meeting=meeting, agenda_item=None, text="Meet monthly", how="consensus", recorded_by=dana
    )
    decision_edit(
        decision=decision, agenda_item=None, text="Meet every 6 weeks", how="vote", votes_for=7, by=dana
    )
    decision_edit(decision=decision, agenda_item=None, text="Meet every 4 weeks", how="consensus", by=dana)
    assert Decision.objects.get(pk=decision.pk).text == "Meet every 4 weeks"
    assert [c.text for c in decision.changes.all()] == ["Meet every 6 weeks", "Meet monthly"]
    url = reverse("meetings:decision_detail", kwargs={"slug": partnership.slug, "pk": decision.pk})
    page = dana_client.get(url).content.decode()
    assert "Earlier wording" in page
    assert "Meet monthly" in page and "By a vote: 7 for" in page


def test_optional_easy_read_words_warn_but_never_stop_a_decision_saving(dana_client, meeting, alice):
    decision = _record(meeting, alice)
    long = " ".join(["word"] * 40) + "."
    data = {"text": "We agree to meet at the library.", "how": "consensus", "easy_read_text": long}
    page = dana_client.post(_edit_url(decision), data, follow=True).content.decode()
    decision.refresh_from_db()
    assert decision.easy_read_text == long  # saved as typed, nothing lost
    assert "The easy read words are saved, but need a look before the easy read pack goes out" in page
    assert "has 40 words. Easy read sentences have 15 at most." in page


def test_a_decision_corrected_from_run_meeting_goes_back_there(dana_client, meeting, alice):
    decision = _record(meeting, alice)
    run = reverse("meetings:run", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})
    data = {"text": "We agree to meet at the library.", "how": "consensus"}
    response = dana_client.post(f"{_edit_url(decision)}?next={run}", data)
    assert response.status_code == 302 and response["Location"] == run
    # An address elsewhere is not followed.
    response = dana_client.post(f"{_edit_url(decision)}?next=https://evil.example/", data)
    assert response["Location"] == _detail_url(decision)
