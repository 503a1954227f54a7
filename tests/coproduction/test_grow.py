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
