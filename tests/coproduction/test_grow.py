"""coproduction.grow, which the query budgets and the page benchmark stand on, really grows the demo."""

from coproduction import demo, grow
from meetings.models import ActionPoint, Decision, Meeting
from partners.models import GlossaryTerm, Invitation, Membership, Partnership, Picture


def test_growing_the_demo_threefold_adds_years_of_history_and_other_partnerships(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.load()
    work = Partnership.objects.get(slug=grow.DEMO_SLUG)
    meetings = Meeting.objects.filter(partnership=work).count()
    partnerships = Partnership.objects.count()

    grow.grow(3, partnerships=2)

    assert Meeting.objects.filter(partnership=work).count() == 3 * meetings
    # Each past meeting grown is minuted with a decision and two action points; old ones are done.
    assert Decision.objects.filter(partnership=work).count() >= 4
    assert ActionPoint.objects.filter(partnership=work, status=ActionPoint.Status.OPEN).count() <= 3 + 5
    assert Membership.objects.filter(partnership=work, left_on__isnull=False).count() == 2
    assert Invitation.objects.filter(partnership=work).count() >= 4
    assert GlossaryTerm.objects.filter(partnership=work).count() >= 2
    assert Picture.objects.filter(partnership=work).count() == 2
    assert Partnership.objects.count() == partnerships + 2
    # Growing again goes further back and further ahead, without clashing numbers.
    grow.grow(2)
    assert Meeting.objects.filter(partnership=work).count() == 4 * meetings


def test_growing_the_demo_grows_its_ground_rules_in_proportion(db, settings, tmp_path):
    """The query budgets on the ground rules pages stand on this: more versions (each agreed at a meeting,
    with its decision), more rules in each, and more proposals under discussion with answers and comments."""
    from groundrules.models import (
        Comment,
        Concern,
        PersonalCommitment,
        Proposal,
        Response,
        RulesVersion,
        StatementPoint,
    )
    from groundrules.services.rules import current_version

    settings.MEDIA_ROOT = tmp_path
    demo.load()
    work = Partnership.objects.get(slug=grow.DEMO_SLUG)
    rules = current_version(work).rules.count()
    open_ones = Proposal.objects.filter(partnership=work, status=Proposal.Status.OPEN).count()

    grow.grow(4)

    versions = RulesVersion.objects.filter(partnership=work)
    assert versions.count() == 1 + 2 * 3
    assert list(versions.order_by("number").values_list("number", flat=True)) == list(range(1, 8))
    assert all(v.decision.meeting_id == v.meeting_id for v in versions.select_related("decision"))
    assert current_version(work).rules.count() == rules + 3 * 2 * 3
    assert Proposal.objects.filter(partnership=work, status=Proposal.Status.OPEN).count() == open_ones + 2 * 3
    assert Proposal.objects.filter(partnership=work, status=Proposal.Status.NOT_AGREED).count() == 6
    assert Response.objects.filter(partnership=work).count() > 100
    assert Comment.objects.filter(partnership=work).count() >= 2 * (6 * 5 + 6)
    assert Concern.objects.filter(partnership=work).count() == 6
    assert StatementPoint.objects.filter(partnership=work).count() == 5 + 2 * 3
    assert (
        PersonalCommitment.objects.filter(partnership=work).count()
        == Membership.objects.filter(partnership=work).count()
    )
    # The grown meetings' minutes are locked again after their agreement.
    assert not Meeting.objects.filter(
        partnership=work, status="minutes_approved", minutes__locked=False
    ).exists()
    # Growing again goes on numbering the versions.
    grow.grow(2)
    assert versions.count() == 1 + 2 * 3 + 2
