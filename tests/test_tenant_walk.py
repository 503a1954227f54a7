"""Walk every URL inside a partnership (every route with the partnership's slug, in every app): outsiders get
404, anonymous visitors are sent to sign in, and plain members get 403 on what only coordinators may do.
New pages join the walk by themselves; a new kind of object in a URL needs one line in
coproduction.pagewalk.OBJECT_FOR_SEGMENT. The work plan's pages each say who they are for: observers and
visiting experts read the plan and change nothing."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduction.pagewalk import tenant_patterns, tenant_url
from groundrules import models as gm
from groundrules.services.rules import version_agree
from meetings import models as mm
from meetings.services import run
from meetings.services.minutes import minutes_approve
from partners.models import (
    AccessNeed,
    GlossaryTerm,
    Invitation,
    Membership,
    PartnerGroup,
    Partnership,
    Picture,
    Role,
)
from tests.factories import (
    make_decision,
    make_group,
    make_meeting,
    make_member,
    make_minutes,
    make_user,
    make_venue,
)
from workplan import models as wm

TENANT_URLS = sorted(set(tenant_patterns()))

# Partnership pages only coordinators may open (members get 403).
COORDINATOR_ONLY = {
    "partners:member_edit",
    "partners:member_leave",
    "partners:group_add",
    "partners:group_edit",
    "partners:group_delete",
    "partners:invitation_list",
    "partners:invitation_new",
    "partners:invitation_resend",
    "partners:invitation_revoke",
    "partners:partnership_edit",
    "partners:member_offline_add",
    "partners:member_access_need_add",
    "partners:member_access_need_edit",
    "partners:member_access_need_delete",
    "partners:member_communication",
    "meetings:meeting_new",
    "meetings:series_new",
    "meetings:meeting_edit",
    "meetings:meeting_cancel",
    "meetings:meeting_invitations",
    "meetings:meeting_roles",
    "meetings:standing_items",
    "meetings:standing_item_add",
    "meetings:standing_item_edit",
    "meetings:standing_item_delete",
    "meetings:arrangement_add",
    "meetings:arrangement_edit",
    "meetings:arrangement_delete",
    "meetings:venue_add",
    "meetings:venue_edit",
    "meetings:venue_delete",
    "meetings:venue_photo_add",
    "meetings:venue_photo_delete",
    "meetings:minutes_unlock",
    "partners:picture_add",
    "partners:picture_delete",
    "partners:glossary_add",
    "partners:glossary_edit",
    "partners:glossary_delete",
    "meetings:pack_send",
    "meetings:pack_print_list",
}

# The ground rules pages only coordinators and chairs may use (groundrules.permissions.MANAGING_ROLES), and
# agreeing a version at a meeting (the meeting's chairs and the coordinators): a plain member gets 403.
COORDINATORS_AND_CHAIRS_ONLY = {
    "groundrules:agenda_add",
    "groundrules:meeting_agree",
    "groundrules:version_sent",
    "groundrules:concerns",
    "groundrules:settings",
    "groundrules:statement_point_add",
    "groundrules:statement_point_edit",
    "groundrules:statement_point_remove",
    "groundrules:statement_point_move",
    "groundrules:statement_group_commit",
    "groundrules:statement_people",
    "groundrules:statement_person",
    "groundrules:statement_person_helped",
    "groundrules:proposal_record",
    # The work plan (workplan.permissions.MANAGING_ROLES): its outcomes, themes, tasks, activities, the order
    # of the themes, the settings, opening a ranking; recording an agreed order or plan at a meeting (also a
    # meeting's own chairs); putting the plan on an agenda.
    "workplan:outcome_edit",
    "workplan:outcome_remove",
    "workplan:outcome_status",
    "workplan:theme_add",
    "workplan:theme_edit",
    "workplan:theme_remove",
    "workplan:theme_move",
    "workplan:task_add",
    "workplan:task_edit",
    "workplan:task_remove",
    "workplan:activity_add",
    "workplan:activity_edit",
    "workplan:activity_remove",
    "workplan:ranking_open",
    "workplan:ranking_agree",
    "workplan:plan_agree",
    "workplan:settings",
    "workplan:agenda_add",
}

# A task's status, dates, outputs and action points, and new dates proposed for it: coordinators, chairs and
# the task's leads (its owner, its owner group, its lead groups). The walk's tasks are led by the
# coordinator, so the plain member gets 403.
TASK_LEADS_AND_MANAGERS_ONLY = {
    "workplan:task_update",
    "workplan:task_actions",
    "workplan:output_add",
    "workplan:output_edit",
    "workplan:output_remove",
    "workplan:move",
}

# A proposal's changes and withdrawing it: its proposer, coordinators and chairs (the walk's proposal is the
# coordinator's, so the plain member gets 403).
PROPOSER_AND_MANAGERS_ONLY = {
    "groundrules:proposal_edit",
    "groundrules:proposal_withdraw",
}

# A meeting's pages only its chairs, minute-takers or coordinators may use: a plain member gets 403.
CHAIRS_AND_MINUTE_TAKERS_ONLY = {
    "meetings:run",
    "meetings:run_start",
    "meetings:run_item_next",
    "meetings:run_end",
    "meetings:run_note_add",
    "meetings:run_presence",
    "meetings:run_control_take",
    "meetings:run_control_hand_over",
    "meetings:meeting_presence",
    "meetings:item_move",
    "meetings:item_split",
    "meetings:breaks_add",
    "meetings:minutes_edit",
    "meetings:minutes_send",
    "meetings:minutes_approve",
    "meetings:correction_accept",
    "meetings:correction_answer",
    "meetings:decision_add",
    "meetings:decision_edit",
    "meetings:action_point_add",
    "meetings:action_edit",
    "meetings:paper_add",
    "meetings:paper_version_add",
    "meetings:easy_read",
    "meetings:easy_read_point",
    "meetings:easy_read_check",
    "meetings:pack_sent",
}


# The ground rules pages every partner uses (propose, respond, comment, read every version, raise a concern,
# say whether they understand the statement). Every ground rules page is in this set or one of the above, so
# a new page must say who it is for.
GROUND_RULES_FOR_PARTNERS = {
    "groundrules:current",
    "groundrules:current_pdf",
    "groundrules:current_web",
    "groundrules:versions",
    "groundrules:version_detail",
    "groundrules:version_compare",
    "groundrules:version_edit",  # says a published version never changes
    "groundrules:version_pdf",
    "groundrules:version_web",
    "groundrules:proposals",
    "groundrules:suggestions",
    "groundrules:proposal_add",
    "groundrules:proposal_detail",
    "groundrules:proposal_respond",
    "groundrules:proposal_comment",
    "groundrules:concern_add",
    "groundrules:statement",
    "groundrules:welcome",
}

# The work plan's pages every partner uses to take part: proposing an outcome, commenting and suggesting,
# ranking the themes. Observers and visiting experts get 403 (or 404) on them.
WORK_PLAN_FOR_PARTNERS = {
    "workplan:outcome_add",
    "workplan:outcome_comment",
    "workplan:task_comment",
    "workplan:ranking",
}

# The work plan's pages everyone in the partnership reads, observers included. Every work plan page is in
# this set, the one above or ROLE_ONLY, so a new page must say who it is for.
WORK_PLAN_FOR_READERS = {
    "workplan:plan",
    "workplan:outcome",
    "workplan:task",
    "workplan:timeline",
    "workplan:activities",
    "workplan:export_csv",
    "workplan:export_ics",
    "workplan:print_pdf",
    "workplan:print_web",
    "workplan:versions",
    "workplan:version",
    "workplan:changes",
    "workplan:changes_all",
    "workplan:moves",
}

# Of those, what a visiting expert may read (tests/meetings/test_expert_pack.py): the plan as it stands, its
# timeline, activities, print and exports; not its history (agreed versions, changes, rankings).
WORK_PLAN_FOR_EXPERTS = {
    "workplan:plan",
    "workplan:outcome",
    "workplan:task",
    "workplan:timeline",
    "workplan:activities",
    "workplan:export_csv",
    "workplan:export_ics",
    "workplan:print_pdf",
    "workplan:print_web",
    "workplan:moves",
}

# Every page a plain member gets 403 on.
ROLE_ONLY = (
    COORDINATOR_ONLY
    | CHAIRS_AND_MINUTE_TAKERS_ONLY
    | COORDINATORS_AND_CHAIRS_ONLY
    | PROPOSER_AND_MANAGERS_ONLY
    | TASK_LEADS_AND_MANAGERS_ONLY
)


@pytest.fixture
def tenant_objects(partnership, alice, bob, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return objects_in(partnership, alice, bob)


def objects_in(partnership, alice, bob, **meeting_fields) -> dict:
    """One real thing of each kind a URL can name: a meeting (made with `meeting_fields`) and everything in
    it, and what belongs to the whole partnership."""
    meeting = make_meeting(partnership, created_by=alice, **meeting_fields)
    item = meeting.agenda_items.first()
    venue = make_venue(partnership)
    paper = mm.Paper.objects.create(partnership=partnership, meeting=meeting, agenda_item=item, title="Paper")
    version = mm.PaperVersion.objects.create(
        partnership=partnership,
        paper=paper,
        file=ContentFile(b"%PDF-1.4\n", name="paper.pdf"),
        original_name="paper.pdf",
        content_type="application/pdf",
        size=9,
    )
    minutes = mm.Minutes.objects.create(partnership=partnership, meeting=meeting)
    partner_view = mm.PartnerView.objects.create(
        partnership=partnership, minutes=minutes, agenda_item=item, person=bob, words="Yes"
    )
    year = timezone.localdate().year
    return {
        **ground_rules_in(partnership, meeting, alice, bob),
        **work_plan_in(partnership, meeting, alice),
        "meeting": meeting,
        "item": item,
        "standing_item": mm.StandingItem.objects.filter(partnership=partnership).first(),
        "arrangement": mm.Arrangement.objects.create(
            partnership=partnership, meeting=meeting, need_code="hearing_loop", description="Loop"
        ),
        "partner_view": partner_view,
        "access_need": AccessNeed.objects.create(person=bob, code="large_print"),
        "correction": mm.Correction.objects.create(
            partnership=partnership, minutes=minutes, text="Fix", author=bob
        ),
        "venue": venue,
        "photo": mm.VenuePhoto.objects.create(
            partnership=partnership,
            venue=venue,
            image=ContentFile(b"x", name="p.jpg"),
            thumbnail=ContentFile(b"x", name="t.jpg"),
            alt_text="Door",
        ),
        "paper": paper,
        "library_paper": mm.Paper.objects.create(partnership=partnership, title="Background"),
        "version": version,
        "decision": mm.Decision.objects.create(
            partnership=partnership, meeting=meeting, year=year, number=901, text="Yes"
        ),
        "action_point": mm.ActionPoint.objects.create(
            partnership=partnership,
            meeting=meeting,
            year=year,
            number=901,
            text="Do",
            owner_person=bob,
            due_on=timezone.localdate(),
        ),
        "member": Membership.objects.get(partnership=partnership, person=bob),
        "group": make_group(partnership),
        "invitation": Invitation.objects.create(
            partnership=partnership, email="new@example.org", invited_by=alice
        ),
        "picture": Picture.objects.create(
            partnership=partnership, name="Room", alt_text="A room", image=ContentFile(b"x", name="p.png")
        ),
        "glossary_term": GlossaryTerm.objects.create(
            partnership=partnership, word="Advocate", explanation="A helper."
        ),
    }


def ground_rules_in(partnership, meeting, alice, bob) -> dict:
    """The ground rules things a URL can name: the partnership's first version, an older one (a second is
    agreed at `meeting` when there are fewer than two, so the pages of an old version and comparing are
    walked as a partnership a year in sees them), an open proposal with an answer and a comment, a concern
    and a statement point."""
    versions = gm.RulesVersion.objects.filter(partnership=partnership)
    started_here = versions.count() < 2 and not meeting.has_started
    if started_here:
        # Ground rules are agreed at a meeting that has started: this one started on the Run meeting page,
        # and is set back to not started afterwards, as the walk expects of it.
        mm.Meeting.objects.filter(pk=meeting.pk).update(run_started_at=timezone.now())
        meeting.refresh_from_db()
    while versions.count() < 2:
        number = versions.count() + 1
        proposal = gm.Proposal.objects.create(
            partnership=partnership,
            text=f"Rule {number}: be kind.",
            easy_read_text="Be kind.",
            easy_read_picture="openmoji:1F91D",
            proposed_by=bob,
        )
        version_agree(
            meeting=meeting, agreed=[proposal], not_agreed=[], recorded_by=alice, expected_number=number
        )
    if started_here:
        mm.Meeting.objects.filter(pk=meeting.pk).update(run_started_at=None)
        meeting.refresh_from_db()
    version = versions.order_by("number").first()
    proposal = gm.Proposal.objects.create(
        partnership=partnership, text="Phones on silent.", easy_read_text="Phones quiet.", proposed_by=alice
    )
    return {
        "rules_version": version,
        "proposal": proposal,
        "response": gm.Response.objects.create(
            partnership=partnership, proposal=proposal, person=alice, answer="yes"
        ),
        "comment": gm.Comment.objects.create(
            partnership=partnership, proposal=proposal, author=alice, text="Good idea."
        ),
        "concern": gm.Concern.objects.create(
            partnership=partnership, version=version, person=bob, text="I missed it."
        ),
        "statement_point": gm.StatementPoint.objects.filter(partnership=partnership).first(),
        "commitment": gm.GroupCommitment.objects.filter(partnership=partnership).first(),
    }


def work_plan_in(partnership, meeting, alice) -> dict:
    """The work plan things a URL can name. A partnership with a plan (the demo) gives its own: its first
    outcome with tasks, a task with comments and what it needs (the demo's slipped one), its open proposed
    move, its ranking and its latest agreed version. Otherwise one of each is made, led by `alice` (the
    coordinator) so a plain member is no lead: an agreed outcome with a theme, a task with an output, a
    networks activity, a second task waiting for it with new dates proposed, an open ranking with an answer,
    and version 1 agreed at `meeting`."""
    outcome = (
        wm.Outcome.objects.filter(partnership=partnership, tasks__isnull=False)
        .order_by("position", "pk")
        .first()
    )
    if outcome is not None:
        tasks = wm.Task.objects.filter(outcome=outcome)
        task = (
            tasks.filter(comments__isnull=False, needs__isnull=False).order_by("pk").first()
            or tasks.order_by("pk").first()
        )
        return {
            "outcome": outcome,
            "theme": outcome.themes.order_by("position", "pk").first(),
            "task": task,
            "output": wm.Output.objects.filter(partnership=partnership).order_by("pk").first(),
            "activity": wm.Activity.objects.filter(partnership=partnership).order_by("-kind", "pk").first(),
            "ranking": wm.Ranking.objects.filter(outcome=outcome).order_by("pk").first(),
            "move": wm.ProposedMove.objects.filter(partnership=partnership, status="open").first(),
            "plan_version": wm.PlanVersion.objects.filter(partnership=partnership)
            .order_by("-number")
            .first(),
        }
    today = timezone.localdate()
    outcome = wm.Outcome.objects.create(
        partnership=partnership, title="More disabled people in work", status="agreed", created_by=alice
    )
    theme = wm.Theme.objects.create(partnership=partnership, outcome=outcome, title="Interviews")
    dates = {"planned_start": today, "planned_end": today + timedelta(days=27)}
    task = wm.Task.objects.create(
        partnership=partnership,
        outcome=outcome,
        theme=theme,
        title="Ask 50 people",
        expected_end=today + timedelta(days=48),
        owner_person=alice,
        **dates,
    )
    waiting = wm.Task.objects.create(
        partnership=partnership,
        outcome=outcome,
        theme=theme,
        title="Write what we heard",
        planned_start=today + timedelta(days=28),
        planned_end=today + timedelta(days=55),
        expected_end=today + timedelta(days=55),
        owner_person=alice,
    )
    waiting.needs.add(task)
    ranking = wm.Ranking.objects.create(partnership=partnership, outcome=outcome, opened_by=alice)
    wm.RankingAnswer.objects.create(
        partnership=partnership, ranking=ranking, person=alice, theme=theme, value=3
    )
    wm.Comment.objects.create(partnership=partnership, outcome=outcome, task=task, text="Yes.", author=alice)
    number = (wm.PlanVersion.objects.filter(partnership=partnership).count()) + 1
    return {
        "outcome": outcome,
        "theme": theme,
        "task": task,
        "output": wm.Output.objects.create(partnership=partnership, task=task, title="What we heard"),
        "activity": wm.Activity.objects.create(
            partnership=partnership,
            kind="networks",
            title="Ask our networks",
            starts_on=today,
            ends_on=today + timedelta(days=27),
            task=waiting,
        ),
        "ranking": ranking,
        "move": wm.ProposedMove.objects.create(
            partnership=partnership,
            task=waiting,
            because_of=task,
            new_start=today + timedelta(days=49),
            new_end=today + timedelta(days=76),
        ),
        "plan_version": wm.PlanVersion.objects.create(
            partnership=partnership,
            number=number,
            agreed_on=today,
            meeting=meeting,
            decision=make_decision(meeting, text="We agree the plan."),
            snapshot={"outcomes": [], "themes": [], "tasks": []},
            created_by=alice,
        ),
    }


def _url(name: str, route: str, partnership, objects) -> str:
    return tenant_url(name, route, partnership.slug, objects)


def _state(partnership) -> tuple:
    """What a refused write must leave alone."""
    return (
        tuple(Membership.objects.filter(partnership=partnership).values_list("role", "group_id", "left_on")),
        tuple(PartnerGroup.objects.filter(partnership=partnership).values_list("name", "kind")),
        tuple(
            Invitation.objects.filter(partnership=partnership).values_list(
                "email", "revoked_at", "expires_at"
            )
        ),
        tuple(
            Partnership.objects.filter(pk=partnership.pk).values_list("name", "slug", "papers_notice_days")
        ),
        tuple(mm.Meeting.objects.filter(partnership=partnership).values_list("title", "status", "starts_at")),
        tuple(
            mm.StandingItem.objects.filter(partnership=partnership).values_list("title", "duration_minutes")
        ),
        tuple(mm.Arrangement.objects.filter(partnership=partnership).values_list("description")),
        tuple(mm.Venue.objects.filter(partnership=partnership).values_list("name")),
        # A meeting's record: a refused write adds nothing to it and moves nothing in it.
        tuple(mm.AgendaItem.objects.filter(partnership=partnership).values_list("title", "position")),
        tuple(mm.Decision.objects.filter(partnership=partnership).values_list("text", "agenda_item_id")),
        tuple(mm.ActionPoint.objects.filter(partnership=partnership).values_list("text", "agenda_item_id")),
        tuple(mm.MeetingNote.objects.filter(partnership=partnership).values_list("text")),
        # The ground rules: a refused write proposes, answers, agrees, commits and changes nothing.
        tuple(gm.StatementPoint.objects.filter(partnership=partnership).values_list("text", "position")),
        tuple(
            gm.GroupCommitment.objects.filter(partnership=partnership).values_list("group_id", "committed_by")
        ),
        tuple(
            gm.PersonalCommitment.objects.filter(partnership=partnership).values_list("person_id", "answer")
        ),
        tuple(
            gm.Proposal.objects.filter(partnership=partnership).values_list(
                "text", "status", "agenda_item_id", "decided_in_id"
            )
        ),
        tuple(gm.Response.objects.filter(partnership=partnership).values_list("person_id", "answer")),
        tuple(gm.Comment.objects.filter(partnership=partnership).values_list("text")),
        tuple(gm.RulesVersion.objects.filter(partnership=partnership).values_list("number", "sent_at")),
        tuple(gm.Concern.objects.filter(partnership=partnership).values_list("text", "agenda_item_id")),
        tuple(gm.RulesSettings.objects.filter(partnership=partnership).values_list()),
        # The work plan: a refused write adds, moves, answers, agrees and changes nothing.
        tuple(wm.Outcome.objects.filter(partnership=partnership).values_list("title", "status", "position")),
        tuple(wm.Theme.objects.filter(partnership=partnership).values_list("title", "position")),
        tuple(
            wm.Task.objects.filter(partnership=partnership).values_list(
                "title", "status", "planned_start", "expected_end", "revision"
            )
        ),
        tuple(wm.Output.objects.filter(partnership=partnership).values_list("title")),
        tuple(wm.Activity.objects.filter(partnership=partnership).values_list("title", "starts_on")),
        tuple(wm.Comment.objects.filter(partnership=partnership).values_list("text")),
        tuple(wm.RankingAnswer.objects.filter(partnership=partnership).values_list("person_id", "value")),
        tuple(wm.Ranking.objects.filter(partnership=partnership).values_list("closed_at", "decision_id")),
        tuple(wm.ProposedMove.objects.filter(partnership=partnership).values_list("status")),
        tuple(wm.PlanVersion.objects.filter(partnership=partnership).values_list("number")),
        tuple(wm.PlanSettings.objects.filter(partnership=partnership).values_list()),
        tuple(wm.PlanChange.objects.filter(partnership=partnership).values_list("pk")),
        tuple(wm.TaskActionPoint.objects.filter(partnership=partnership).values_list("action_point_id")),
        tuple(wm.PlanAgendaItem.objects.filter(partnership=partnership).values_list("agenda_item_id")),
    )


def test_every_ground_rules_page_says_who_it_is_for():
    names = {name for name, _ in TENANT_URLS if name.startswith("groundrules:")}
    assert names == (names & ROLE_ONLY) | GROUND_RULES_FOR_PARTNERS
    assert not GROUND_RULES_FOR_PARTNERS & ROLE_ONLY


@pytest.mark.parametrize(
    ("name", "route"), sorted(u for u in TENANT_URLS if u[0] in GROUND_RULES_FOR_PARTNERS)
)
def test_a_plain_member_opens_the_ground_rules_pages_for_partners(
    name, route, bob_client, partnership, tenant_objects
):
    url = _url(name, route, partnership, tenant_objects)
    # A page that only takes a form sends a GET back to its proposal (302).
    assert bob_client.get(url).status_code in {200, 302}


def test_every_work_plan_page_says_who_it_is_for():
    names = {name for name, _ in TENANT_URLS if name.startswith("workplan:")}
    assert names == (names & ROLE_ONLY) | WORK_PLAN_FOR_PARTNERS | WORK_PLAN_FOR_READERS
    assert not (WORK_PLAN_FOR_PARTNERS | WORK_PLAN_FOR_READERS) & ROLE_ONLY
    assert not WORK_PLAN_FOR_PARTNERS & WORK_PLAN_FOR_READERS
    assert WORK_PLAN_FOR_EXPERTS <= WORK_PLAN_FOR_READERS
    # Nothing stale: every name in the lists is a real page.
    assert names >= (WORK_PLAN_FOR_PARTNERS | WORK_PLAN_FOR_READERS | TASK_LEADS_AND_MANAGERS_ONLY)


WORK_PLAN_URLS = sorted(u for u in TENANT_URLS if u[0].startswith("workplan:"))


@pytest.mark.parametrize(
    ("name", "route"), [u for u in WORK_PLAN_URLS if u[0] in WORK_PLAN_FOR_PARTNERS | WORK_PLAN_FOR_READERS]
)
def test_a_plain_member_opens_the_work_plan_pages_for_partners(
    name, route, bob_client, partnership, tenant_objects
):
    url = _url(name, route, partnership, tenant_objects)
    # A page that only takes a form sends a GET back to the page it belongs to (302).
    assert bob_client.get(url).status_code in {200, 302}


def _person_with(partnership, role) -> Client:
    person = make_user()
    make_member(partnership, person, role=role)
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.parametrize(("name", "route"), WORK_PLAN_URLS)
def test_an_observer_reads_the_work_plan_and_changes_nothing(name, route, partnership, tenant_objects):
    client = _person_with(partnership, Role.OBSERVER)
    url = _url(name, route, partnership, tenant_objects)
    before = _state(partnership)
    if name in WORK_PLAN_FOR_READERS:
        assert client.get(url).status_code in {200, 302}
    else:
        response = client.post(url, {"title": "Taken over", "text": "Taken over", "status": "done"})
        assert response.status_code == 403
    assert _state(partnership) == before


def test_a_task_lead_updates_their_own_task_but_does_not_change_the_plan(
    partnership, bob, bob_client, tenant_objects
):
    task = tenant_objects["task"]
    wm.Task.objects.filter(pk=task.pk).update(owner_person=bob)
    for name in ("task_update", "task_actions", "output_add"):
        url = reverse(f"workplan:{name}", kwargs={"slug": partnership.slug, "pk": task.pk})
        assert bob_client.get(url).status_code == 200, name
    output = reverse(
        "workplan:output_edit", kwargs={"slug": partnership.slug, "pk": tenant_objects["output"].pk}
    )
    assert bob_client.get(output).status_code == 200
    for name in ("task_edit", "task_remove"):
        url = reverse(f"workplan:{name}", kwargs={"slug": partnership.slug, "pk": task.pk})
        assert bob_client.post(url, {"title": "Taken over"}).status_code == 403, name


def test_the_walk_finds_every_app():
    names = {name for name, _ in TENANT_URLS}
    assert {"workspace", "partners:member_list", "meetings:meeting_detail", "meetings:agenda"} <= names
    assert names >= ROLE_ONLY
    assert {"groundrules:current", "groundrules:proposals", "groundrules:statement"} <= names
    assert {"groundrules:proposal_detail", "groundrules:version_detail"} <= names
    assert {"workplan:plan", "workplan:task", "workplan:timeline", "workplan:version"} <= names


@pytest.mark.parametrize(("name", "route"), TENANT_URLS)
def test_outsider_gets_404_on_get_and_post(name, route, charlie_client, partnership, tenant_objects):
    url = _url(name, route, partnership, tenant_objects)
    before = _state(partnership)
    assert charlie_client.get(url).status_code in {404, 405}
    assert (
        charlie_client.post(url, {"email": "x@example.org", "role": "member", "name": "x"}).status_code == 404
    )
    assert _state(partnership) == before


@pytest.mark.parametrize(("name", "route"), TENANT_URLS)
def test_anonymous_visitor_is_sent_to_sign_in(name, route, client, partnership, tenant_objects):
    url = _url(name, route, partnership, tenant_objects)
    before = _state(partnership)
    for response in (client.get(url), client.post(url, {"name": "x"})):
        if response.status_code == 405:
            continue
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert _state(partnership) == before


@pytest.mark.parametrize(
    ("name", "route"),
    sorted(u for u in TENANT_URLS if u[0] in ROLE_ONLY),
)
def test_member_without_the_role_gets_403(name, route, bob_client, partnership, tenant_objects):
    url = _url(name, route, partnership, tenant_objects)
    before = _state(partnership)
    response = bob_client.post(
        url, {"email": "x@example.org", "role": "coordinator", "name": "Taken over", "title": "Taken over"}
    )
    assert response.status_code == 403
    assert _state(partnership) == before


def test_missing_partnership_looks_the_same_as_forbidden(charlie_client, partnership):
    missing = charlie_client.get("/p/no-such-partnership/")
    forbidden = charlie_client.get(f"/p/{partnership.slug}/")
    assert missing.status_code == forbidden.status_code == 404
    # The same page but for the per-response CSRF token in the sign-out form.
    strip = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub(b"", missing.content) == strip.sub(b"", forbidden.content)


def test_a_member_who_has_left_is_an_outsider(bob_client, partnership, bob):
    Membership.objects.filter(person=bob).update(left_on=timezone.localdate())
    assert bob_client.get(f"/p/{partnership.slug}/").status_code == 404


# ---------------------------------------------------------------- who may add to an agenda, and when
#
# Any partner may propose an item to a meeting that has not started (and is not cancelled or locked); adding
# to a meeting that has started or happened is for its chairs and the coordinators; observers and visiting
# experts never add; nobody adds to a meeting whose minutes are approved.

ADDED, FORBIDDEN, REFUSED = "added", "403", "refused on the page"

AGENDA_RULES = [
    (Role.MEMBER, "upcoming", ADDED),
    (Role.MEMBER, "started", FORBIDDEN),
    (Role.MEMBER, "past", FORBIDDEN),
    (Role.MEMBER, "approved", FORBIDDEN),
    (Role.MEMBER, "cancelled", REFUSED),
    (Role.MINUTE_TAKER, "upcoming", ADDED),
    (Role.MINUTE_TAKER, "past", FORBIDDEN),
    (Role.OBSERVER, "upcoming", FORBIDDEN),
    (Role.VISITING_EXPERT, "upcoming", FORBIDDEN),
    (Role.CHAIR, "started", ADDED),
    (Role.CHAIR, "past", ADDED),
    (Role.CHAIR, "approved", REFUSED),
    (Role.COORDINATOR, "past", ADDED),
    (Role.COORDINATOR, "approved", REFUSED),
]


def _meeting_in(state: str, partnership, alice) -> mm.Meeting:
    if state in {"past", "approved"}:
        meeting = make_meeting(partnership, days_ahead=-28, created_by=alice)
    else:
        meeting = make_meeting(partnership, created_by=alice)
    if state == "started":
        run.meeting_start(meeting=meeting, chair=alice)
    elif state == "cancelled":
        mm.Meeting.objects.filter(pk=meeting.pk).update(status=mm.Meeting.Status.CANCELLED)
    elif state == "approved":
        next_one = make_meeting(partnership, created_by=alice)
        minutes_approve(minutes=make_minutes(meeting, by=alice), at_meeting=next_one, by=alice)
    return meeting


def _agenda_state(meeting) -> tuple:
    return tuple(meeting.agenda_items.order_by("pk").values_list("title", "position"))


@pytest.mark.parametrize(("role", "state", "outcome"), AGENDA_RULES)
def test_who_may_add_an_agenda_item_and_when(role, state, outcome, partnership, alice):
    meeting = _meeting_in(state, partnership, alice)
    person = make_user()
    make_member(partnership, person, role=role)
    if role == Role.VISITING_EXPERT:  # invited to this meeting, so they can see it
        mm.Attendance.objects.create(partnership=partnership, meeting=meeting, person=person)
    client = Client()
    client.force_login(person)
    url = reverse("meetings:item_add", kwargs={"slug": partnership.slug, "pk": meeting.pk})
    before = _agenda_state(meeting)

    response = client.post(url, {"title": "Transport", "purpose": "discussion", "duration_minutes": "10"})

    if outcome == ADDED:
        assert response.status_code == 302
        assert meeting.agenda_items.filter(title="Transport", proposed_by=person).exists()
        return
    assert _agenda_state(meeting) == before
    body = response.content.decode()
    if outcome == FORBIDDEN:
        assert response.status_code == 403
        if role in {Role.MEMBER, Role.MINUTE_TAKER}:
            assert "only its chairs and coordinators can add to its agenda" in body
            assert "only its chairs and coordinators" in client.get(url).content.decode()
    else:
        assert response.status_code == 200
        assert "cancelled" in body or "approved and locked" in body


def test_a_member_changes_their_own_item_only_until_the_meeting_starts(partnership, alice, bob, bob_client):
    meeting = make_meeting(partnership, created_by=alice)
    bob_client.post(
        reverse("meetings:item_add", kwargs={"slug": partnership.slug, "pk": meeting.pk}),
        {"title": "Transport", "purpose": "discussion", "duration_minutes": "10"},
    )
    item = meeting.agenda_items.get(title="Transport", proposed_by=bob)
    kwargs = {"slug": partnership.slug, "pk": meeting.pk, "item_pk": item.pk}
    change = {"title": "Taxis", "purpose": "discussion", "duration_minutes": "10"}
    assert bob_client.post(reverse("meetings:item_edit", kwargs=kwargs), change).status_code == 302
    run.meeting_start(meeting=meeting, chair=alice)
    change["title"] = "Buses"
    assert bob_client.post(reverse("meetings:item_edit", kwargs=kwargs), change).status_code == 403
    assert bob_client.post(reverse("meetings:item_delete", kwargs=kwargs)).status_code == 403
    assert meeting.agenda_items.filter(pk=item.pk, title="Taxis").exists()
