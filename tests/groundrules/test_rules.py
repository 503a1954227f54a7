"""Agreeing a version of the ground rules at a meeting, and comparing versions: the service every page of
the area stands on."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from groundrules.models import Proposal, RulesSettings, RulesVersion, StatementPoint
from groundrules.services.rules import (
    compare,
    current_version,
    days_for,
    version_agree,
    version_rules,
)
from meetings.models import Decision
from tests.factories import make_meeting, make_partnership


def _proposal(partnership, person, text, **fields):
    return Proposal.objects.create(partnership=partnership, proposed_by=person, text=text, **fields)


@pytest.fixture
def past_meeting(partnership, alice):
    return make_meeting(partnership, title="First meeting", days_ahead=-7, created_by=alice)


def test_a_new_partnership_starts_from_the_draft_statement(db):
    partnership = make_partnership()
    points = list(StatementPoint.objects.filter(partnership=partnership))
    assert len(points) == 5
    assert points[0].text.startswith("We are equal partners")
    assert all(point.easy_read_text and point.easy_read_picture for point in points)


def test_agreeing_makes_version_one_and_a_decision_in_the_register(partnership, alice, past_meeting):
    respect = _proposal(partnership, alice, "Always be respectful.", easy_read_text="Be kind.")
    phones = _proposal(partnership, alice, "Phones on silent.")
    agreement = version_agree(
        meeting=past_meeting, agreed=[respect], not_agreed=[phones], recorded_by=alice, expected_number=1
    )
    version = agreement.version
    assert version.number == 1
    assert version.meeting == past_meeting
    decision = Decision.objects.get(pk=agreement.decision.pk)
    assert decision.meeting == past_meeting
    assert "version 1 of its ground rules (1 new)" in decision.text
    assert "1 proposal was not agreed" in decision.text
    assert [rule.text for rule in version.rules.all()] == ["Always be respectful."]
    respect.refresh_from_db()
    phones.refresh_from_db()
    assert (respect.status, respect.decided_in) == (Proposal.Status.AGREED, version)
    assert phones.status == Proposal.Status.NOT_AGREED
    # A year to review by default, two weeks for concerns.
    assert version.review_on.year == version.agreed_on.year + 1
    assert version.concerns_until == timezone.localdate() + timedelta(days=14)
    assert current_version(partnership) == version


def test_the_review_date_follows_the_partnership_setting(partnership, alice, past_meeting):
    RulesSettings.objects.create(partnership=partnership, review_months=6, concern_days=3)
    rule = _proposal(partnership, alice, "Say if you don't understand.")
    version = version_agree(
        meeting=past_meeting, agreed=[rule], not_agreed=[], recorded_by=alice, expected_number=1
    ).version
    assert (version.review_on - version.agreed_on).days in range(181, 185)
    assert version.concerns_until == timezone.localdate() + timedelta(days=3)


def test_the_same_agreement_sent_twice_records_nothing_twice(partnership, alice, past_meeting):
    rule = _proposal(partnership, alice, "Always be respectful.")
    version_agree(meeting=past_meeting, agreed=[rule], not_agreed=[], recorded_by=alice, expected_number=1)
    with pytest.raises(ValidationError, match="already decided"):
        version_agree(
            meeting=past_meeting, agreed=[rule], not_agreed=[], recorded_by=alice, expected_number=1
        )
    assert RulesVersion.objects.filter(partnership=partnership).count() == 1
    assert Decision.objects.filter(partnership=partnership).count() == 1


def test_a_version_with_no_rules_is_refused(partnership, alice, past_meeting):
    rule = _proposal(partnership, alice, "Phones on silent.")
    with pytest.raises(ValidationError, match="no rules left"):
        version_agree(
            meeting=past_meeting, agreed=[], not_agreed=[rule], recorded_by=alice, expected_number=1
        )
    assert not Decision.objects.filter(partnership=partnership).exists()
    rule.refresh_from_db()
    assert rule.is_open


def test_a_withdrawn_proposal_cannot_be_agreed(partnership, alice, past_meeting):
    rule = _proposal(partnership, alice, "Phones on silent.", status=Proposal.Status.WITHDRAWN)
    with pytest.raises(ValidationError, match="no longer under discussion"):
        version_agree(
            meeting=past_meeting, agreed=[rule], not_agreed=[], recorded_by=alice, expected_number=1
        )


def test_changes_and_removals_make_the_next_version_and_compare(partnership, alice, past_meeting):
    first = [
        _proposal(partnership, alice, "Always be respectful.", easy_read_text="Be kind."),
        _proposal(partnership, alice, "Phones on silent."),
        _proposal(
            partnership, alice, "Information is sent out well before a meeting.", uses_papers_notice=True
        ),
    ]
    v1 = version_agree(
        meeting=past_meeting, agreed=first, not_agreed=[], recorded_by=alice, expected_number=1
    )
    keys = {rule.text: rule.key for rule in v1.version.rules.all()}
    later = make_meeting(partnership, title="Second meeting", days_ahead=-1, created_by=alice)
    change = _proposal(
        partnership,
        alice,
        "Always be respectful, even if you don't agree.",
        kind=Proposal.Kind.CHANGE,
        rule_key=keys["Always be respectful."],
    )
    remove = _proposal(partnership, alice, "", kind=Proposal.Kind.REMOVE, rule_key=keys["Phones on silent."])
    new = _proposal(partnership, alice, "Say if you don't understand.")
    v2 = version_agree(
        meeting=later, agreed=[change, remove, new], not_agreed=[], recorded_by=alice, expected_number=2
    )
    assert "(1 new, 1 changed, 1 taken out)" in v2.decision.text
    old_rules = version_rules(v1.version, days=7)
    new_rules = version_rules(v2.version, days=7)
    comparison = compare(old_rules, new_rules)
    assert [r.text for r in comparison.added] == ["Say if you don't understand."]
    assert [(c.before.text, c.after.text) for c in comparison.changed] == [
        ("Always be respectful.", "Always be respectful, even if you don't agree.")
    ]
    assert [r.text for r in comparison.removed] == ["Phones on silent."]
    # Version 1 is kept as it was.
    assert [r.text for r in v1.version.rules.all()] == [p.text for p in first]


def test_the_papers_notice_rule_follows_the_setting_and_an_agreed_number_changes_it(
    partnership, alice, past_meeting
):
    partnership.papers_notice_days = 10
    partnership.save()
    rule = _proposal(
        partnership, alice, "Information is sent out well before a meeting.", uses_papers_notice=True
    )
    v1 = version_agree(
        meeting=past_meeting, agreed=[rule], not_agreed=[], recorded_by=alice, expected_number=1
    )
    version = RulesVersion.objects.select_related("partnership").get(pk=v1.version.pk)
    current = current_version(partnership)
    words = version_rules(version, days=days_for(version, current=current))[0].words
    assert words == "Information is sent out well before a meeting (at least 10 days before)."
    # Changing the setting changes what the current rule says.
    partnership.papers_notice_days = 12
    partnership.save()
    version = RulesVersion.objects.select_related("partnership").get(pk=v1.version.pk)
    assert (
        "at least 12 days before" in version_rules(version, days=days_for(version, current=version))[0].words
    )
    # Agreeing a change with its own number changes the setting; the older version keeps its own.
    later = make_meeting(partnership, title="Second meeting", days_ahead=-1, created_by=alice)
    change = _proposal(
        partnership,
        alice,
        "Information is sent out well before a meeting.",
        kind=Proposal.Kind.CHANGE,
        rule_key=version.rules.get().key,
        uses_papers_notice=True,
        notice_days=14,
    )
    v2 = version_agree(meeting=later, agreed=[change], not_agreed=[], recorded_by=alice, expected_number=2)
    partnership.refresh_from_db()
    assert partnership.papers_notice_days == 14
    old = RulesVersion.objects.select_related("partnership").get(pk=v1.version.pk)
    assert "at least 10 days" in version_rules(old, days=days_for(old, current=v2.version))[0].words


def test_a_meeting_that_has_not_started_cannot_agree_anything_yet(partnership, alice):
    upcoming = make_meeting(partnership, title="Next month", days_ahead=20, created_by=alice)
    rule = _proposal(partnership, alice, "Phones on silent.")
    with pytest.raises(ValidationError, match="has not started yet"):
        version_agree(meeting=upcoming, agreed=[rule], not_agreed=[], recorded_by=alice, expected_number=1)
    assert not Decision.objects.exists()


def test_two_agreed_proposals_about_one_rule_or_a_rule_gone_are_refused(partnership, alice, past_meeting):
    v1 = version_agree(
        meeting=past_meeting,
        agreed=[_proposal(partnership, alice, "Always be respectful.")],
        not_agreed=[],
        recorded_by=alice,
        expected_number=1,
    ).version
    key = v1.rules.get().key
    change = _proposal(partnership, alice, "Be kind.", kind=Proposal.Kind.CHANGE, rule_key=key)
    remove = _proposal(partnership, alice, "", kind=Proposal.Kind.REMOVE, rule_key=key)
    with pytest.raises(ValidationError, match="both change or take out the same rule"):
        version_agree(
            meeting=past_meeting, agreed=[change, remove], not_agreed=[], recorded_by=alice, expected_number=2
        )
    gone = _proposal(partnership, alice, "Be nice.", kind=Proposal.Kind.CHANGE, rule_key=key + 40)
    with pytest.raises(ValidationError, match="no longer in the ground rules"):
        version_agree(
            meeting=past_meeting, agreed=[gone], not_agreed=[], recorded_by=alice, expected_number=2
        )
    assert RulesVersion.objects.count() == 1
    assert Proposal.objects.filter(status=Proposal.Status.OPEN).count() == 3


def test_nothing_agreed_records_the_decision_and_makes_no_new_version(partnership, alice, past_meeting):
    version_agree(
        meeting=past_meeting,
        agreed=[_proposal(partnership, alice, "Always be respectful.")],
        not_agreed=[],
        recorded_by=alice,
        expected_number=1,
    )
    no = _proposal(partnership, alice, "Meet at 8 in the morning.")
    agreement = version_agree(
        meeting=past_meeting, agreed=[], not_agreed=[no], recorded_by=alice, expected_number=2
    )
    assert agreement.version is None
    assert "did not agree 1 proposal" in agreement.decision.text
    assert "Version 1 stays as it is" in agreement.decision.text
    assert RulesVersion.objects.count() == 1
    no.refresh_from_db()
    assert no.status == Proposal.Status.NOT_AGREED


def test_who_was_there_is_kept_with_the_version(partnership, alice, bob, past_meeting):
    from groundrules.services.documents import present_names
    from meetings.models import Attendance

    attendance = Attendance.objects.create(
        partnership=partnership, meeting=past_meeting, person=bob, present=True
    )
    version = version_agree(
        meeting=past_meeting,
        agreed=[_proposal(partnership, alice, "Always be respectful.")],
        not_agreed=[],
        recorded_by=alice,
        expected_number=1,
    ).version
    Attendance.objects.filter(pk=attendance.pk).update(present=False)
    Attendance.objects.create(partnership=partnership, meeting=past_meeting, person=alice, present=True)
    assert present_names(version) == ["Bob Member"]
