"""The agreed versions of the ground rules as people read them: the current version (everyone, observers and
visiting experts too), all versions, one version, comparing two, a published version that never changes, the
printed documents' pages, and the ground rules settings."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone

from groundrules.models import Proposal, RulesSettings, RulesVersion, VersionRule
from groundrules.services.rules import version_agree
from meetings.models import Attendance
from partners.models import Partnership, Role
from tests.factories import make_meeting, make_member, make_user

SLUG = "working-together"

NOTICE_RULE = "Information is sent out well before a meeting."


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _url(name, **kwargs):
    return reverse(f"groundrules:{name}", kwargs={"slug": SLUG, **kwargs})


def _proposal(partnership, person, text, **fields):
    fields.setdefault("easy_read_text", f"Easy: {text}")
    return Proposal.objects.create(partnership=partnership, proposed_by=person, text=text, **fields)


def _agree(meeting, person, proposals, number):
    return version_agree(
        meeting=meeting, agreed=proposals, not_agreed=[], recorded_by=person, expected_number=number
    ).version


def _day(day) -> str:
    return dateformat.format(day, "j F Y")


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
def first_meeting(partnership, alice):
    return make_meeting(partnership, title="First meeting", days_ahead=-30, created_by=alice)


@pytest.fixture
def second_meeting(partnership, alice):
    return make_meeting(partnership, title="Second meeting", days_ahead=-5, created_by=alice)


@pytest.fixture
def version_one(partnership, alice, bob, first_meeting):
    """Version 1: three rules, the papers notice rule among them, agreed with a 10-day notice; Alice and Bob
    were there."""
    Partnership.objects.filter(pk=partnership.pk).update(papers_notice_days=10)
    partnership.refresh_from_db()
    for person in (alice, bob):
        Attendance.objects.create(partnership=partnership, meeting=first_meeting, person=person, present=True)
    proposals = [
        _proposal(
            partnership,
            bob,
            "Say if you do not understand something.",
            in_practice="Hold up the red card and we stop.",
            helped_write="Bob, written with his support worker",
            easy_read_picture="openmoji:1F4AC",
        ),
        _proposal(partnership, bob, "Always be respectful, even if you do not agree."),
        _proposal(
            partnership,
            alice,
            NOTICE_RULE,
            easy_read_text="We send the papers early.",
            uses_papers_notice=True,
        ),
    ]
    return _agree(first_meeting, alice, proposals, 1)


@pytest.fixture
def version_two(partnership, alice, bob, version_one, second_meeting):
    """Version 2: rule 1 changed, rule 2 taken out, a new rule added."""
    keys = list(
        VersionRule.objects.filter(version=version_one).order_by("position").values_list("key", flat=True)
    )
    proposals = [
        _proposal(
            partnership,
            bob,
            "Say when you do not understand, and we will explain again.",
            kind=Proposal.Kind.CHANGE,
            rule_key=keys[0],
            in_practice="Hold up the red card and we stop.",
            easy_read_text="Tell us if you do not understand.",
            easy_read_picture="openmoji:1F4AC",
        ),
        _proposal(partnership, bob, "", kind=Proposal.Kind.REMOVE, rule_key=keys[1], easy_read_text=""),
        _proposal(partnership, alice, "Phones on silent during the meeting."),
    ]
    return _agree(second_meeting, alice, proposals, 2)


# ---------------------------------------------------------------- the current version


def test_the_current_version_says_when_where_and_who_agreed_it_and_shows_each_rule(
    partnership, alice, observer, version_one
):
    page = _client(observer).get(_url("current"))
    assert page.status_code == 200
    html = page.content.decode()
    decision = version_one.decision
    assert f"Version 1, agreed on {_day(version_one.agreed_on)} at" in html
    assert reverse("meetings:meeting_detail", kwargs={"slug": SLUG, "pk": version_one.meeting_id}) in html
    assert reverse("meetings:decision_detail", kwargs={"slug": SLUG, "pk": decision.pk}) in html
    assert '(decision <a class="govuk-link" href="' in html and decision.reference in html
    assert "Alice Coordinator" in html and "Bob Member" in html  # who was there
    assert f"Review by {_day(version_one.review_on)}" in html
    assert "Due for review" not in html
    for number, words in enumerate(
        ["Say if you do not understand something.", "Always be respectful", "Information is sent out"], 1
    ):
        assert f"Rule {number}" in html and words in html
    assert "Easy: Say if you do not understand something." in html  # easy read words
    assert "Hold up the red card and we stop." in html  # in practice
    assert "Bob, written with his support worker" in html  # who helped write it
    assert 'alt="' in html and "/static/" in html  # the rule's picture
    for variant in ("standard", "large_print", "easy_read"):
        assert _url("current_pdf", variant=variant) in html
        assert _url("current_web", variant=variant) in html
    assert "<h1" in html and html.count("<h1") == 1


def test_the_current_version_says_when_it_is_due_for_review(partnership, bob, version_one):
    RulesVersion.objects.filter(pk=version_one.pk).update(review_on=timezone.localdate())
    html = _client(bob).get(_url("current")).content.decode()
    assert "Due for review" in html


def test_before_any_version_the_page_says_so_and_points_to_the_proposals(partnership, bob):
    page = _client(bob).get(_url("current"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Your partnership has not agreed its ground rules yet" in html
    assert reverse("groundrules:proposals", kwargs={"slug": SLUG}) in html


def test_the_papers_notice_rule_follows_the_setting_for_the_current_version_only(
    partnership, alice, bob, version_one, second_meeting
):
    client = _client(bob)
    assert "at least 10 days before" in client.get(_url("current")).content.decode()
    Partnership.objects.filter(pk=partnership.pk).update(papers_notice_days=14)
    html = client.get(_url("current")).content.decode()
    assert "at least 14 days before" in html and "at least 10 days" not in html
    assert "We send the papers early. At least 14 days before the meeting." in html

    _agree(second_meeting, alice, [_proposal(partnership, bob, "Phones on silent.")], 2)
    Partnership.objects.filter(pk=partnership.pk).update(papers_notice_days=21)
    assert "at least 21 days before" in client.get(_url("current")).content.decode()
    # Version 1 keeps the notice it was agreed with; so does its printed web page.
    older = client.get(_url("version_detail", number=1)).content.decode()
    assert "at least 10 days before" in older and "21 days" not in older
    web = client.get(_url("version_web", number=1, variant="standard")).content.decode()
    assert "at least 10 days before" in web


# ---------------------------------------------------------------- who reads what


def test_observers_and_visiting_experts_read_the_current_version_only(
    partnership, observer, expert, version_two
):
    for person, refused in ((observer, 403), (expert, 404)):
        client = _client(person)
        assert client.get(_url("current")).status_code == 200
        assert client.get(_url("current_web", variant="large_print")).status_code == 200
        for url in (
            _url("versions"),
            _url("version_compare") + "?from=1&to=2",
            _url("version_detail", number=1),
            _url("version_edit", number=1),
            _url("version_web", number=1, variant="standard"),
            _url("version_pdf", number=1, variant="standard"),
            _url("settings"),
        ):
            assert client.get(url).status_code == refused, (person, url)
    # The current version's own page, by its number, is the current version: observers read it.
    assert _client(observer).get(_url("version_detail", number=2)).status_code == 200
    assert _client(expert).get(_url("version_detail", number=2)).status_code == 404
    # An expert sees no link to the rest of the area.
    html = _client(expert).get(_url("current")).content.decode()
    assert _url("versions") not in html and _url("version_compare") not in html


def test_an_outsider_gets_404_everywhere(charlie, version_two):
    client = _client(charlie)
    for url in (
        _url("current"),
        _url("versions"),
        _url("version_compare"),
        _url("version_detail", number=1),
        _url("version_edit", number=1),
        _url("current_web", variant="easy_read"),
        _url("current_pdf", variant="standard"),
        _url("settings"),
    ):
        assert client.get(url).status_code == 404, url


# ---------------------------------------------------------------- all versions and one version


def test_all_versions_newest_first_with_their_meeting_decision_and_rules(bob, version_two, version_one):
    page = _client(bob).get(_url("versions"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("Version 2") < html.index("Version 1")
    assert "Second meeting" in html and "First meeting" in html
    assert version_two.decision.reference in html and version_one.decision.reference in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in html  # 3 rules in each


def test_an_older_version_says_which_version_replaced_it(bob, version_two, version_one):
    html = _client(bob).get(_url("version_detail", number=1)).content.decode()
    assert f"This version was replaced by version 2 on {_day(version_two.agreed_on)}" in html
    assert "Always be respectful" in html
    current = _client(bob).get(_url("version_detail", number=2)).content.decode()
    assert "This is the current version" in current and "was replaced" not in current
    assert _client(bob).get(_url("version_detail", number=9)).status_code == 404


def test_a_published_version_never_changes(alice, version_one):
    client = _client(alice)
    before = list(VersionRule.objects.filter(version=version_one).values_list("text", "easy_read_text"))
    for response in (
        client.get(_url("version_edit", number=1)),
        client.post(_url("version_edit", number=1), {"text": "Anything goes."}),
    ):
        assert response.status_code == 200
        html = response.content.decode()
        assert "A published version of the ground rules never changes." in html
        assert "propose a change, and the partners will agree a new version at a meeting" in html
        assert reverse("groundrules:proposals", kwargs={"slug": SLUG}) in html or "proposals/" in html
    assert (
        list(VersionRule.objects.filter(version=version_one).values_list("text", "easy_read_text")) == before
    )


# ---------------------------------------------------------------- comparing versions


def test_comparing_two_versions_says_what_was_added_changed_and_taken_out(bob, version_two):
    page = _client(bob).get(_url("version_compare") + "?from=1&to=2")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rules added" in html and "Phones on silent during the meeting." in html
    assert (
        "Rule 1 changed: was “Say if you do not understand something.”, now “Say when you do not "
        "understand, and we will explain again.”" in html
    )
    assert "In easy read: was “Easy: Say if you do not understand something.”, now “Tell us if" in html
    assert "Rules taken out" in html and "Always be respectful, even if you do not agree." in html


def test_comparing_shows_the_previous_and_current_version_by_default(bob, version_two):
    html = _client(bob).get(_url("version_compare")).content.decode()
    assert "From version 1 to version 2" in html
    assert '<option value="1" selected>' in html and '<option value="2" selected>' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=abc&to=2", "Choose a version from the list"),
        ("?from=1&to=99", "Choose a version from the list"),
        ("?to=2", "Choose a version to compare from"),
        ("?from=&to=", "Choose a version to compare from"),
        ("?from=1&to=-1", "Choose a version from the list"),
    ],
)
def test_comparing_with_bad_numbers_gives_the_form_and_a_message(bob, version_two, query, message):
    page = _client(bob).get(_url("version_compare") + query)
    assert page.status_code == 200
    html = page.content.decode()
    assert "There is a problem" in html and message in html
    assert "Rules added" not in html


def test_comparing_a_version_with_itself_says_they_are_the_same(bob, version_two):
    html = _client(bob).get(_url("version_compare") + "?from=2&to=2").content.decode()
    assert "These are the same version" in html and "Rules added" not in html


# ---------------------------------------------------------------- settings


def test_settings_are_saved_and_the_row_made_on_first_save(partnership, alice, dana):
    client = _client(alice)
    page = client.get(_url("settings"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Papers go out at least" in html and "this is the same number as in the ground rule" in html
    assert reverse("partners:partnership_edit", kwargs={"slug": SLUG}) in html
    assert not RulesSettings.objects.filter(partnership=partnership).exists()
    response = client.post(
        _url("settings"),
        {"in_pack": "always", "anonymous_responses": "on", "review_months": "24", "concern_days": "30"},
    )
    assert response.status_code == 302
    saved = RulesSettings.objects.get(partnership=partnership)
    assert (saved.in_pack, saved.anonymous_responses, saved.review_months, saved.concern_days) == (
        "always",
        True,
        24,
        30,
    )
    # A chair changes them too; unticking the box saves.
    _client(dana).post(_url("settings"), {"in_pack": "never", "review_months": "12", "concern_days": "14"})
    saved.refresh_from_db()
    assert (saved.in_pack, saved.anonymous_responses) == ("never", False)
    assert RulesSettings.objects.filter(partnership=partnership).count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"review_months": "0", "concern_days": "14"}, "Enter a number of months from 1 to 60"),
        ({"review_months": "61", "concern_days": "14"}, "Enter a number of months from 1 to 60"),
        ({"review_months": "12", "concern_days": "91"}, "Enter a number of days from 1 to 90"),
        ({"review_months": "12", "concern_days": "0"}, "Enter a number of days from 1 to 90"),
        ({"review_months": "twelve", "concern_days": "14"}, "Enter the number of months as a whole number"),
        ({"review_months": "", "concern_days": "14"}, "Enter how many months"),
        (
            {"review_months": "12", "concern_days": "14", "in_pack": "sometimes"},
            "Choose when the ground rules go in the meeting pack",
        ),
    ],
)
def test_settings_outside_their_limits_get_a_plain_message_and_keep_what_was_typed(
    partnership, alice, fields, message
):
    data = {"in_pack": "first_three", **fields}
    page = _client(alice).post(_url("settings"), data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "There is a problem" in html and message in html
    assert f'value="{fields["review_months"]}"' in html or not fields["review_months"]
    assert not RulesSettings.objects.filter(partnership=partnership).exists()


def test_only_coordinators_and_chairs_change_the_settings(partnership, bob):
    client = _client(bob)
    assert client.get(_url("settings")).status_code == 403
    assert client.post(_url("settings"), {"in_pack": "never", "review_months": "1"}).status_code == 403
    assert not RulesSettings.objects.filter(partnership=partnership).exists()


# ---------------------------------------------------------------- bounded pages


def test_the_pages_ask_a_fixed_number_of_queries(
    partnership, alice, bob, version_two, django_assert_max_num_queries
):
    client = _client(alice)
    for url in (
        _url("current"),
        _url("versions"),
        _url("version_detail", number=1),
        _url("version_compare") + "?from=1&to=2",
        _url("version_edit", number=1),
        _url("settings"),
        _url("current_web", variant="easy_read"),
        _url("version_web", number=1, variant="standard"),
    ):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
