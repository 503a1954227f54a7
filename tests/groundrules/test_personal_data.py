"""A person who deletes their account leaves no name in the ground rules, published versions included."""

from groundrules.models import Comment, Proposal, VersionRule
from groundrules.services.rules import version_agree
from partners.services import account_delete
from tests.factories import make_meeting


def test_deleting_an_account_takes_the_name_out_of_kept_versions(partnership, alice, bob, dana):
    meeting = make_meeting(partnership, days_ahead=-3, created_by=alice)
    proposal = Proposal.objects.create(
        partnership=partnership,
        proposed_by=bob,
        text="Bob Member's rule: phones on silent.",
        helped_write="Written with Bob Member's support worker",
    )
    Comment.objects.create(
        partnership=partnership, proposal=proposal, author=alice, text="Thanks, Bob Member."
    )
    version_agree(meeting=meeting, agreed=[proposal], not_agreed=[], recorded_by=dana, expected_number=1)

    account_delete(person=bob)

    rule = VersionRule.objects.get(partnership=partnership)
    assert "Bob" not in rule.text and "Bob" not in rule.helped_write
    assert "a former partner" in rule.helped_write.lower()
    assert "Bob" not in Comment.objects.get().text
    assert Proposal.objects.get().proposed_by is None
