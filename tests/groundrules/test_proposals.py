"""Proposals for the ground rules: the list, the starter suggestions, proposing (from a suggestion, a change,
taking a rule out), responding Yes / Not sure / No, comments, anonymous responses, a coordinator recording a
response given by phone, withdrawing and changing a proposal, and who may see what."""

from uuid import uuid4

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groundrules.defaults import STARTER_SUGGESTIONS
from groundrules.models import Comment, Proposal, Response, RulesSettings, VersionRule
from groundrules.services.rules import version_agree
from partners.models import Partnership, Role
from tests.factories import make_meeting, make_member, make_user

SLUG = "working-together"


def _once() -> dict:
    """The one-time token a proposal, comment or concern form carries (coproduction.forms.OnceMixin)."""
    return {"once": uuid4().hex}


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _url(name, **kwargs):
    return reverse(f"groundrules:{name}", kwargs={"slug": SLUG, **kwargs})


def _proposal(partnership, person, text="Phones on silent during the meeting.", **fields):
    fields.setdefault("easy_read_text", "Phones quiet.")
    return Proposal.objects.create(partnership=partnership, proposed_by=person, text=text, **fields)


@pytest.fixture
def bob_client(bob):
    return _client(bob)


@pytest.fixture
def chloe(partnership):
    person = make_user("chloe@example.org", full_name="Chloe Partner")
    make_member(partnership, person, role=Role.MEMBER)
    return person


@pytest.fixture
def observer(partnership):
    person = make_user("olive@example.org", full_name="Olive Observer")
    make_member(partnership, person, role=Role.OBSERVER)
    return person


@pytest.fixture
def expert(partnership):
    person = make_user("eve@example.org", full_name="Eve Expert")
    make_member(partnership, person, role=Role.VISITING_EXPERT)
    return person


@pytest.fixture
def proposal(partnership, chloe):
    return _proposal(partnership, chloe, helped_write="written with her support worker")


@pytest.fixture
def version_one(partnership, alice, bob):
    """Version 1: two rules, the papers notice rule among them."""
    Partnership.objects.filter(pk=partnership.pk).update(papers_notice_days=10)
    partnership.refresh_from_db()
    meeting = make_meeting(partnership, title="First meeting", days_ahead=-30, created_by=alice)
    proposals = [
        _proposal(partnership, bob, "Always be respectful, even if you don't agree."),
        _proposal(
            partnership,
            alice,
            "Information is sent out well before a meeting.",
            easy_read_text="We send the papers early.",
            uses_papers_notice=True,
        ),
    ]
    return version_agree(
        meeting=meeting, agreed=proposals, not_agreed=[], recorded_by=alice, expected_number=1
    ).version


def _keys(version):
    return list(
        VersionRule.objects.filter(version=version).order_by("position").values_list("key", flat=True)
    )


# ---------------------------------------------------------------- the list and the suggestions


def test_empty_list_says_no_proposals_yet_with_the_ways_to_start(bob_client, alice_client):
    body = bob_client.get(_url("proposals")).content.decode()
    assert "No proposals yet" in body
    assert _url("suggestions") in body and _url("proposal_add") in body
    assert _url("agenda_add") not in body  # for managers only
    assert _url("agenda_add") in alice_client.get(_url("proposals")).content.decode()


def test_the_list_shows_counts_who_proposed_and_whether_you_responded(bob_client, bob, alice, proposal):
    Response.objects.create(partnership=proposal.partnership, proposal=proposal, person=alice, answer="yes")
    body = bob_client.get(_url("proposals")).content.decode()
    assert "Phones on silent" in body
    assert "Proposed by Chloe Partner, written with her support worker" in body
    assert "Yes: 1. Not sure: 0. No: 0." in body
    assert "You have not responded yet" in body


def test_suggestions_say_nothing_is_agreed_and_the_notice_rule_gives_the_days(bob_client, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(papers_notice_days=12)
    body = bob_client.get(_url("suggestions")).content.decode()
    assert "Nothing here is agreed by default" in body
    assert "at least 12 days before" in body
    assert body.count("Propose this rule") == len(STARTER_SUGGESTIONS)
    assert f"{_url('proposal_add')}?suggestion=0" in body


def test_a_suggestion_already_in_the_rules_or_proposed_says_so(bob_client, version_one, partnership, bob):
    _proposal(partnership, bob, STARTER_SUGGESTIONS[1][0])
    body = bob_client.get(_url("suggestions")).content.decode()
    assert "Already one of our ground rules" in body  # "Always be respectful..." (index 2)
    assert "Already proposed" in body
    assert body.count("Propose this rule") == len(STARTER_SUGGESTIONS) - 3  # and the notice rule


# ---------------------------------------------------------------- proposing


def test_propose_from_a_suggestion_fills_the_form_and_the_person_can_change_it(bob_client, bob, partnership):
    page = bob_client.get(_url("proposal_add") + "?suggestion=1").content.decode()
    assert "Nobody minds explaining again." in page
    response = bob_client.post(
        _url("proposal_add") + "?suggestion=1",
        {
            **_once(),
            "kind": "add",
            "text": "Say if you don't understand. We will explain again, slowly.",
            "easy_read_text": "Say if you do not understand.",
            "easy_read_picture": "openmoji:2753",
            "helped_write": "written with my support worker",
        },
    )
    proposal = Proposal.objects.get(partnership=partnership)
    assert response.status_code == 302 and response["Location"] == _url("proposal_detail", pk=proposal.pk)
    assert proposal.text == "Say if you don't understand. We will explain again, slowly."
    assert proposal.easy_read_picture == "openmoji:2753"
    assert proposal.proposed_by == bob and proposal.status == Proposal.Status.OPEN


def test_proposing_the_notice_rule_asks_for_the_days(bob_client, partnership):
    index = next(i for i, s in enumerate(STARTER_SUGGESTIONS) if s[3])
    page = bob_client.get(_url("proposal_add") + f"?suggestion={index}").content.decode()
    assert "How many days before a meeting" in page
    url = _url("proposal_add") + f"?suggestion={index}"
    data = {**_once(), "kind": "add", "text": STARTER_SUGGESTIONS[index][0], "notice_days": "99"}
    assert "a number from 1 to 60" in bob_client.post(url, data).content.decode()
    bob_client.post(url, {**data, "notice_days": "14"})
    proposal = Proposal.objects.get(partnership=partnership)
    assert proposal.uses_papers_notice and proposal.notice_days == 14


def test_an_empty_rule_is_refused_with_a_plain_message(bob_client, partnership):
    response = bob_client.post(_url("proposal_add"), {"kind": "add", "text": "  ", "why": "Because."})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter the rule in plain words" in body and "govuk-error-summary" in body
    assert "Because." in body
    assert not Proposal.objects.exists()


def test_a_5000_word_rule_is_refused_and_nothing_typed_is_lost(bob_client):
    text = " ".join(["word"] * 5000)
    response = bob_client.post(_url("proposal_add"), {"kind": "add", "text": text})
    body = response.content.decode()
    assert response.status_code == 200
    assert f"The rule must be 1,000 characters or fewer. You have written {len(text):,}." in body
    assert text in body
    assert not Proposal.objects.exists()


def test_change_and_remove_with_a_bad_key_give_a_message_not_an_error(bob_client, version_one):
    for query in ("?change=999", "?remove=999", "?change=abc", "?suggestion=99"):
        response = bob_client.get(_url("proposal_add") + query)
        assert response.status_code == 200
        assert (
            "no rule like that" in response.content.decode() or "no suggestion" in response.content.decode()
        )
    response = bob_client.post(_url("proposal_add"), {"kind": "change", "rule_key": "999", "text": "New."})
    assert response.status_code == 200
    assert "Choose a rule from the list" in response.content.decode()
    assert not Proposal.objects.filter(status="open").exists()


def test_change_a_rule_shows_its_words_and_remove_takes_it_out(bob_client, version_one, partnership):
    first, notice = _keys(version_one)
    page = bob_client.get(_url("proposal_add") + f"?change={first}").content.decode()
    assert "The rule now says" in page and "Always be respectful" in page
    bob_client.post(
        _url("proposal_add") + f"?change={first}",
        {**_once(), "kind": "change", "rule_key": str(first), "text": "Be respectful."},
    )
    change = Proposal.objects.get(partnership=partnership, status="open", kind="change")
    assert change.rule_key == first and change.text == "Be respectful."
    bob_client.post(
        _url("proposal_add") + f"?remove={notice}", {**_once(), "kind": "remove", "rule_key": str(notice)}
    )
    remove = Proposal.objects.get(partnership=partnership, status="open", kind="remove")
    assert remove.rule_key == notice
    page = bob_client.get(_url("proposal_detail", pk=change.pk)).content.decode()
    assert "The rule now" in page and "The proposed words" in page and "Be respectful." in page
    page = bob_client.get(_url("proposal_edit", pk=change.pk)).content.decode()
    assert "The rule now says" in page and "Always be respectful" in page


# ---------------------------------------------------------------- responding


def test_respond_yes_not_sure_and_no_and_answering_again_changes_it(bob_client, bob, proposal):
    url = _url("proposal_respond", pk=proposal.pk)
    response = bob_client.post(url, {"answer": "yes"})
    assert response.status_code == 302
    assert Response.objects.get(proposal=proposal, person=bob).answer == "yes"
    bob_client.post(url, {"answer": "not_sure", "reason": "I need to think."})
    assert Response.objects.get(proposal=proposal, person=bob).answer == "not_sure"

    refused = bob_client.post(url, {"answer": "no", "reason": ""})
    body = refused.content.decode()
    assert refused.status_code == 200
    assert "Say why you said No, so the partners can talk about it" in body
    assert Response.objects.get(proposal=proposal, person=bob).answer == "not_sure"
    assert 'value="no" checked' in body or 'checked value="no"' in body or "checked" in body

    bob_client.post(url, {"answer": "no", "reason": "Some of us need phones for access."})
    answer = Response.objects.get(proposal=proposal, person=bob)
    assert answer.answer == "no" and answer.reason == "Some of us need phones for access."
    assert Response.objects.filter(proposal=proposal).count() == 1
    page = bob_client.get(_url("proposal_detail", pk=proposal.pk)).content.decode()
    assert "Bob Member" in page and "Some of us need phones for access." in page
    assert "Proposed by Chloe Partner, written with her support worker" in page


def test_anonymous_responses_hide_names_but_keep_reasons(bob_client, alice, proposal, partnership):
    RulesSettings.objects.create(partnership=partnership, anonymous_responses=True)
    Response.objects.create(
        partnership=partnership, proposal=proposal, person=alice, answer="no", reason="Phones help access."
    )
    page = bob_client.get(_url("proposal_detail", pk=proposal.pk)).content.decode()
    assert "No: 1." in page and "Phones help access." in page
    assert "Alice Coordinator" not in page


def test_comments_are_added(bob_client, proposal):
    bob_client.post(
        _url("proposal_comment", pk=proposal.pk), {**_once(), "text": "Could we say 'on silent'?"}
    )
    assert Comment.objects.get(proposal=proposal).text == "Could we say 'on silent'?"
    refused = bob_client.post(_url("proposal_comment", pk=proposal.pk), {"text": ""})
    assert "Enter your comment" in refused.content.decode()


def test_a_response_to_a_withdrawn_proposal_is_refused_with_the_date(bob_client, bob, proposal):
    withdrawn_at = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(status="withdrawn", status_changed_at=withdrawn_at)
    day = timezone.localtime(withdrawn_at).strftime("%-d %B %Y")
    response = bob_client.post(_url("proposal_respond", pk=proposal.pk), {"answer": "yes"})
    body = response.content.decode()
    assert f"This proposal was withdrawn on {day}, so it is not taking responses." in body
    assert not Response.objects.filter(proposal=proposal).exists()
    bob_client.post(_url("proposal_comment", pk=proposal.pk), {"text": "Late."})
    assert not Comment.objects.filter(proposal=proposal).exists()


# ---------------------------------------------------------------- managers


def test_manager_sees_who_has_not_responded_and_records_a_phone_response(
    alice_client, alice, bob, chloe, observer, expert, proposal, partnership
):
    Response.objects.create(partnership=partnership, proposal=proposal, person=chloe, answer="yes")
    page = alice_client.get(_url("proposal_detail", pk=proposal.pk)).content.decode()
    waiting = page.split("Who has not responded yet")[1].split("Record a response")[0]
    assert "Bob Member" in waiting and "Alice Coordinator" in waiting
    assert "Chloe Partner" not in waiting
    assert "Olive Observer" not in waiting and "Eve Expert" not in waiting

    form = alice_client.get(_url("proposal_record", pk=proposal.pk)).content.decode()
    assert "Olive Observer" not in form and "Bob Member" in form
    response = alice_client.post(
        _url("proposal_record", pk=proposal.pk),
        {"person": str(bob.pk), "answer": "not_sure", "reason": "", "how": "phone"},
    )
    assert response.status_code == 302
    recorded = Response.objects.get(proposal=proposal, person=bob)
    assert recorded.recorded_by == alice and recorded.recorded_how == "phone"
    page = alice_client.get(_url("proposal_detail", pk=proposal.pk)).content.decode()
    assert "recorded by Alice Coordinator from a phone call" in page

    refused = alice_client.post(
        _url("proposal_record", pk=proposal.pk),
        {"person": str(observer.pk), "answer": "yes", "how": "paper"},
    )
    assert refused.status_code == 200
    assert not Response.objects.filter(proposal=proposal, person=observer).exists()


def test_a_member_may_not_record_responses(bob_client, proposal):
    assert bob_client.get(_url("proposal_record", pk=proposal.pk)).status_code == 403


# ---------------------------------------------------------------- withdrawing and changing


def test_withdraw_by_someone_else_is_refused(bob_client, proposal):
    assert bob_client.get(_url("proposal_withdraw", pk=proposal.pk)).status_code == 403
    assert bob_client.post(_url("proposal_withdraw", pk=proposal.pk)).status_code == 403
    assert bob_client.post(_url("proposal_edit", pk=proposal.pk), {"text": "Taken over"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "open" and proposal.text.startswith("Phones")


def test_the_proposer_withdraws_after_confirming(chloe, proposal):
    client = _client(chloe)
    page = client.get(_url("proposal_withdraw", pk=proposal.pk)).content.decode()
    assert "Withdraw this proposal?" in page
    client.post(_url("proposal_withdraw", pk=proposal.pk))
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn" and proposal.status_changed_at
    assert "Decided or withdrawn" in client.get(_url("proposals")).content.decode()


def test_the_proposer_changes_the_words_and_is_told_how_many_responded(chloe, bob, proposal, partnership):
    Response.objects.create(partnership=partnership, proposal=proposal, person=bob, answer="yes")
    client = _client(chloe)
    page = client.get(_url("proposal_edit", pk=proposal.pk)).content.decode()
    assert "changed after 1 person responded" in page
    client.post(_url("proposal_edit", pk=proposal.pk), {"text": "Phones on silent, please."})
    proposal.refresh_from_db()
    assert proposal.text == "Phones on silent, please."


# ---------------------------------------------------------------- who may see the proposals


@pytest.mark.parametrize("name", ["proposals", "suggestions", "proposal_add"])
def test_observers_get_403_and_visiting_experts_and_outsiders_404(name, observer, expert, charlie):
    url = _url(name)
    assert _client(observer).get(url).status_code == 403
    assert _client(expert).get(url).status_code == 404
    assert _client(charlie).get(url).status_code == 404


def test_observers_may_not_read_or_respond_to_a_proposal(observer, expert, charlie, proposal):
    assert _client(observer).get(_url("proposal_detail", pk=proposal.pk)).status_code == 403
    assert (
        _client(observer).post(_url("proposal_respond", pk=proposal.pk), {"answer": "yes"}).status_code == 403
    )
    assert _client(expert).get(_url("proposal_detail", pk=proposal.pk)).status_code == 404
    assert (
        _client(charlie).post(_url("proposal_respond", pk=proposal.pk), {"answer": "yes"}).status_code == 404
    )
    assert not Response.objects.exists()


# ---------------------------------------------------------------- bounded pages


def test_the_pages_ask_a_fixed_number_of_queries(
    alice_client, alice, bob, chloe, partnership, version_one, django_assert_max_num_queries
):
    key = _keys(version_one)[0]
    proposals = [_proposal(partnership, chloe, f"Rule {n}.") for n in range(25)]
    change = _proposal(partnership, bob, "Be kind.", kind="change", rule_key=key)
    for proposal in proposals[:22]:
        Proposal.objects.filter(pk=proposal.pk).update(status="withdrawn", status_changed_at=timezone.now())
    for person in (alice, bob, chloe):
        Response.objects.create(
            partnership=partnership, proposal=change, person=person, answer="no", reason="x"
        )
        Comment.objects.create(partnership=partnership, proposal=change, author=person, text="A comment.")
    for url in (
        _url("proposals"),
        _url("proposals") + "?page=2",
        _url("suggestions"),
        _url("proposal_add"),
        _url("proposal_add") + f"?change={key}",
        _url("proposal_detail", pk=change.pk),
        _url("proposal_edit", pk=change.pk),
        _url("proposal_record", pk=change.pk),
    ):
        with django_assert_max_num_queries(12):
            assert alice_client.get(url).status_code == 200, url
    body = alice_client.get(_url("proposals")).content.decode()
    assert body.count("<h1") == 1 and "showing 1 to 20" in body


def test_easy_read_words_over_the_limit_are_refused_and_kept(bob_client):
    easy = " ".join(["Be kind."] * 700)
    response = bob_client.post(
        _url("proposal_add"), {"kind": "add", "text": "Be kind to each other.", "easy_read_text": easy}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert f"The easy read words must be 1,000 characters or fewer. You have written {len(easy):,}." in body
    assert easy in body and "Be kind to each other." in body
    assert not Proposal.objects.exists()


def test_changing_the_words_after_responses_keeps_them_and_the_page_says_so(chloe, bob, alice, proposal):
    partnership = proposal.partnership
    for person in (bob, alice):
        Response.objects.create(partnership=partnership, proposal=proposal, person=person, answer="yes")
    client = _client(chloe)
    # Only the why changes: not what people answered to, so nothing to say.
    same = {"text": proposal.text, "easy_read_text": proposal.easy_read_text}
    client.post(_url("proposal_edit", pk=proposal.pk), {**same, "why": "Less noise."})
    proposal.refresh_from_db()
    assert proposal.why == "Less noise." and proposal.changed_after_responses == 0
    assert (
        "after 2 people responded" not in client.get(_url("proposal_detail", pk=proposal.pk)).content.decode()
    )

    client.post(
        _url("proposal_edit", pk=proposal.pk), {**same, "text": "Phones off, please.", "why": "Less noise."}
    )
    proposal.refresh_from_db()
    assert proposal.text == "Phones off, please." and proposal.changed_after_responses == 2
    assert Response.objects.filter(proposal=proposal).count() == 2
    day = timezone.localtime(proposal.words_changed_at).strftime("%-d %B %Y")
    page = _client(bob).get(_url("proposal_detail", pk=proposal.pk)).content.decode()
    assert f"Changed on {day}, after 2 people responded" in page
    assert "(answered before the change)" in page and "before the proposal was changed" in page
    assert "Changed after 2 people responded" in _client(bob).get(_url("proposals")).content.decode()

    _client(bob).post(_url("proposal_respond", pk=proposal.pk), {"answer": "not_sure"})
    page = _client(bob).get(_url("proposal_detail", pk=proposal.pk)).content.decode()
    assert page.count("(answered before the change)") == 1  # Alice's; Bob answered again since
    assert "before the proposal was changed" not in page


def test_changing_the_words_before_anyone_responded_says_nothing(chloe, proposal):
    _client(chloe).post(_url("proposal_edit", pk=proposal.pk), {"text": "Phones off."})
    proposal.refresh_from_db()
    assert proposal.text == "Phones off." and proposal.changed_after_responses == 0
    assert (
        "people responded" not in _client(chloe).get(_url("proposal_detail", pk=proposal.pk)).content.decode()
    )


def test_open_proposals_count_the_answers_with_or_without_a_person(partnership, bob, alice, proposal):
    from groundrules.services.proposals import not_responded, open_proposals

    Response.objects.create(partnership=partnership, proposal=proposal, person=bob, answer="no", reason="x")
    withdrawn = _proposal(partnership, alice, "Withdrawn one.", status="withdrawn")
    rows = list(open_proposals(partnership))
    assert [row.pk for row in rows] == [proposal.pk] and withdrawn.pk not in [row.pk for row in rows]
    assert (rows[0].yes_count, rows[0].not_sure_count, rows[0].no_count, rows[0].mine) == (0, 0, 1, False)
    assert open_proposals(partnership, bob).get().mine is True
    waiting = {member.person.pk for member in not_responded(proposal)}
    assert bob.pk not in waiting and alice.pk in waiting


def test_a_new_rule_written_on_the_papers_notice_rules_change_page_is_not_the_notice_rule(
    bob_client, version_one
):
    notice_key = _keys(version_one)[1]
    url = _url("proposal_add") + f"?change={notice_key}"
    response = bob_client.post(url, {**_once(), "kind": "add", "text": "Start on time.", "notice_days": "10"})
    assert response.status_code == 302
    proposal = Proposal.objects.get(text="Start on time.")
    assert proposal.kind == Proposal.Kind.ADD and not proposal.uses_papers_notice


def test_a_proposal_or_comment_sent_twice_is_saved_once(bob_client, partnership, proposal):
    data = {**_once(), "kind": "add", "text": "Start on time."}
    first, again = (bob_client.post(_url("proposal_add"), data) for _ in range(2))
    assert first.status_code == again.status_code == 302
    assert Proposal.objects.filter(partnership=partnership, text="Start on time.").count() == 1
    comment = {**_once(), "text": "Yes please."}
    for _ in range(2):
        bob_client.post(_url("proposal_comment", pk=proposal.pk), comment)
    assert proposal.comments.filter(text="Yes please.").count() == 1


def test_the_answer_form_says_who_will_see_the_answer_and_reason(bob_client, partnership, proposal):
    page = bob_client.get(_url("proposal_detail", pk=proposal.pk)).content.decode()
    assert "Everyone in the partnership sees your answer and your reason, with your name." in page
    RulesSettings.objects.create(partnership=partnership, anonymous_responses=True)
    page = bob_client.get(_url("proposal_detail", pk=proposal.pk)).content.decode()
    assert "your reason without your name" in page
