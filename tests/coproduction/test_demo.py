import pytest
from django.core.management import CommandError, call_command

from coproduction import demo
from partners.models import AccessNeed, Membership, Partnership, User


def test_demo_loads_once_however_often_it_runs(db):
    demo.load()
    counts = (User.objects.count(), Membership.objects.count(), AccessNeed.objects.count())
    demo.load()
    assert (User.objects.count(), Membership.objects.count(), AccessNeed.objects.count()) == counts
    assert Partnership.objects.count() == 2
    work = Partnership.objects.get(slug="work-together-riverside")
    assert 10 <= Membership.objects.filter(partnership=work).count() <= 15
    codes = set(
        AccessNeed.objects.filter(person__memberships__partnership=work).values_list("code", flat=True)
    )
    assert {"bsl_interpreter", "wheelchair_space", "large_print", "easy_read", "assistance_dog"} <= codes


def test_demo_accounts_sign_in_through_the_form(db, client, settings):
    demo.load()
    for email in [
        "coordinator@example.org",
        "chair@example.org",
        "member@example.org",
        "outsider@example.org",
    ]:
        response = client.post("/accounts/login/", {"login": email, "password": "together-now-demo"})
        assert response.status_code == 302, email
        assert response["Location"] == "/"
        client.post("/accounts/logout/")
    outsider = User.objects.get(email="outsider@example.org")
    assert not Membership.objects.filter(
        person=outsider, partnership__slug="work-together-riverside"
    ).exists()


def test_the_demo_command_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only loads with DEBUG on"):
        call_command("load_demo")
    assert not User.objects.exists()


def test_start_partnership_invites_the_first_coordinator(db, client):
    from io import StringIO

    from django.core import mail

    out = StringIO()
    call_command(
        "start_partnership",
        "Buses for All",
        "buses",
        "first@example.org",
        "--site",
        "https://w.example.org",
        stdout=out,
    )
    partnership = Partnership.objects.get(slug="buses")
    link = out.getvalue().strip().splitlines()[-1]
    assert link.startswith("https://w.example.org/invitations/")
    assert mail.outbox[0].to == ["first@example.org"]
    client.post(
        link.removeprefix("https://w.example.org"), {"full_name": "First", "password": "a-long-passphrase"}
    )
    assert Membership.objects.get(partnership=partnership).role == "coordinator"


def test_start_partnership_refuses_a_taken_slug(db):
    demo.load()
    with pytest.raises(CommandError, match="already taken"):
        call_command("start_partnership", "Again", "work-together-riverside", "x@example.org")


def test_demo_meetings_show_the_access_plan_at_work(db):
    from meetings.models import ActionPoint, Decision, Meeting
    from meetings.services.access_plan import access_plan

    demo.load()
    demo.load()
    work = Partnership.objects.get(slug="work-together-riverside")
    meetings = list(Meeting.objects.filter(partnership=work).order_by("starts_at"))
    assert len(meetings) == 3
    assert [m.status for m in meetings[:2]] == ["minutes_approved", "held"]
    # One decision at each past meeting, the first meeting's agreement of the ground rules and of the order
    # of the work plan's themes, and the second meeting's agreement of the work plan.
    assert Decision.objects.filter(partnership=work).count() == 5
    assert Decision.objects.filter(partnership=work, rules_version__number=1, meeting=meetings[0]).exists()
    assert ActionPoint.objects.filter(partnership=work).overdue().exists()
    coordinator = Membership.objects.get(partnership=work, person__email="coordinator@example.org")
    plan = access_plan(meetings[2], coordinator)
    unmet = {row.need.code for row in plan.unmet}
    assert "hearing_loop" in unmet  # the hub's loop is broken and Elaine is coming
    arranged = {row.need.code for row in plan.rows if row.status == "arranged"}
    assert {"bsl_interpreter", "accessible_transport"} <= arranged


def test_the_demo_shows_an_easy_read_pack_that_is_ready(db):
    from meetings.models import Meeting
    from meetings.services.easy_read import readiness

    demo.load()
    upcoming = Meeting.objects.get(title="Planning the 50 conversations")
    status = readiness(upcoming)
    assert status.ready and not status.missing


def test_the_demo_partners_count_in_the_continuity_figure(db):
    """They have worked together since before the demo's first meeting, so the figure counts them all."""
    from coproduction import demo
    from meetings.services.meetings import continuity
    from partners.models import Partnership

    demo.load()
    figure = continuity(partnership=Partnership.objects.get(slug="work-together-riverside"))
    assert figure["held"] == 2 and figure["members"] >= 12


def test_the_demo_has_its_ground_rules_once_however_often_it_runs(db):
    from groundrules.models import GroupCommitment, PersonalCommitment, Proposal, RulesVersion

    demo.load()
    demo.load()
    work = Partnership.objects.get(slug="work-together-riverside")
    assert GroupCommitment.objects.filter(partnership=work).count() == 3
    assert RulesVersion.objects.filter(partnership=work).count() == 1
    assert Proposal.objects.filter(partnership=work, status=Proposal.Status.OPEN).count() == 2
    assert list(
        PersonalCommitment.objects.filter(partnership=work, answer="not_yet").values_list(
            "person__email", flat=True
        )
    ) == ["easyread@example.org"]
