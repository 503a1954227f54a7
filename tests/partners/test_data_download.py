""" "Download your data" holds everything about the person, from every app, and a page says what first.

The completeness test walks every model: a link to a person added later fails it until someone decides
whether the download holds it or why it is not personal.
"""

import html
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from meetings.models import (
    AgendaItem,
    Arrangement,
    Attendance,
    CalendarFeed,
    Correction,
    DecisionChange,
    DigestItem,
    EasyReadCheck,
    Meeting,
    MeetingNote,
    MeetingRole,
    MeetingSeries,
    PackDelivery,
    PartnerView,
    SentReminder,
)
from partners import personal_data
from partners.models import CommunicationPreference, Invitation, Picture
from tests.accounts.test_mfa import turn_on_two_factor
from tests.factories import (
    make_action_point,
    make_decision,
    make_group,
    make_meeting,
    make_minutes,
    make_need,
    make_paper,
    make_venue,
    make_venue_photo,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _links_to_people() -> set[str]:
    """Every foreign key or one-to-one field, in every installed model, that points at a person."""
    user = get_user_model()
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is user
    }


def test_every_link_to_a_person_is_in_the_download_or_named_as_not_personal():
    exported, not_personal = personal_data.exported_links(), personal_data.not_personal_links()
    links = _links_to_people()
    undecided = links - set(exported) - set(not_personal)
    assert not undecided, (
        f"Decide for {sorted(undecided)}: add it to the download (EXPORTED in the app's personal_data "
        "module) or say why it is not personal (NOT_PERSONAL)"
    )
    assert not set(exported) & set(not_personal)
    # Nothing stale: every name in the lists is a real link to a person.
    assert set(exported) | set(not_personal) <= links
    assert all(len(reason) > 20 for reason in not_personal.values())
    # Every section the download fills is explained on the page.
    assert set(exported.values()) <= set(personal_data.sections())


@pytest.fixture
def everything(partnership, alice, bob):
    """Bob, with one of everything the workspace can hold about a person."""
    make_need(bob, "regular_breaks", minutes=45, note="Stiff knees")
    CommunicationPreference.objects.create(
        person=bob, channels=["email"], support_person_name="Ann", support_person_email="ann@example.org"
    )
    Invitation.objects.create(
        partnership=partnership, email="newcomer@example.org", invited_by=bob, message="Do join us"
    )
    Picture.objects.create(
        partnership=partnership, name="Our hall", alt_text="The hall", image="pictures/x.png", uploaded_by=bob
    )
    turn_on_two_factor(bob)

    meeting = make_meeting(partnership, days_ahead=-7, created_by=bob, title="Spring meeting")
    MeetingSeries.objects.create(partnership=partnership, description="Monthly on Tuesdays", created_by=bob)
    MeetingRole.objects.create(partnership=partnership, meeting=meeting, person=bob, role="minute_taker")
    Attendance.objects.create(
        partnership=partnership, meeting=meeting, person=bob, reply="attending", present=True
    )
    item = AgendaItem.objects.create(
        partnership=partnership, meeting=meeting, title="Bob's bus pass idea", proposed_by=bob, lead=bob
    )
    minutes = make_minutes(meeting, texts={item: "We talked about buses."}, by=bob)
    PartnerView.objects.create(
        partnership=partnership,
        minutes=minutes,
        agenda_item=item,
        person=bob,
        words="Buses must kneel.",
        recorded_by=alice,
    )
    PartnerView.objects.create(
        partnership=partnership,
        minutes=minutes,
        agenda_item=item,
        person=alice,
        words="Alice's own words.",
        recorded_by=bob,
    )
    Correction.objects.create(
        partnership=partnership,
        minutes=minutes,
        agenda_item=item,
        text="It was Tuesday, not Monday.",
        author=bob,
        responded_by=bob,
        response="Thanks, changed.",
    )
    MeetingNote.objects.create(partnership=partnership, meeting=meeting, text="Start the timer", author=bob)
    make_action_point(meeting, owner_person=bob, text="Ask the bus company.", created_by=bob, closed_by=bob)
    decision = make_decision(meeting, recorded_by=bob)
    DecisionChange.objects.create(
        partnership=partnership, decision=decision, text="Old words", how="consensus", changed_by=bob
    )
    make_paper(partnership, meeting=meeting, uploaded_by=bob, title="Bus routes")
    make_venue_photo(make_venue(partnership), uploaded_by=bob)
    Arrangement.objects.create(
        partnership=partnership,
        meeting=meeting,
        need_code="bsl_interpreter",
        description="Interpreter booked for Alice",
        cost=120,
        booked_by=bob,
    )
    EasyReadCheck.objects.create(
        partnership=partnership, meeting=meeting, checked_by="The Tuesday group", recorded_by=bob
    )
    PackDelivery.objects.create(
        partnership=partnership,
        meeting=meeting,
        person=bob,
        variant="large_print",
        paper_format="large_print",
        channel="email",
        sent_by=bob,
        done_by=bob,
        done_at=timezone.now(),
        called_by=bob,
        called_at=timezone.now(),
    )
    Meeting.objects.filter(pk=meeting.pk).update(run_reopened_by=bob, run_reopened_at=timezone.now())
    SentReminder.objects.create(kind="meeting_tomorrow", key=f"meeting:{meeting.pk}", person=bob)
    DigestItem.objects.create(partnership=partnership, person=bob, text="The pack is ready")
    _ground_rules(partnership, meeting, bob, alice)
    _work_plan(partnership, meeting, bob, alice)
    feed = CalendarFeed.objects.create(person=bob)
    return feed


def _ground_rules(partnership, meeting, bob, alice) -> None:
    from groundrules.models import (
        Comment,
        Concern,
        GroupCommitment,
        PersonalCommitment,
        Proposal,
        Response,
        RulesVersion,
        StatementPoint,
    )

    PersonalCommitment.objects.create(partnership=partnership, person=bob, answer="agree")
    PersonalCommitment.objects.create(
        partnership=partnership, person=alice, answer="not_yet", recorded_by=bob
    )
    proposal = Proposal.objects.create(partnership=partnership, proposed_by=bob, text="Phones on silent.")
    Response.objects.create(
        partnership=partnership, proposal=proposal, person=bob, answer="no", reason="Carers"
    )
    Response.objects.create(
        partnership=partnership, proposal=proposal, person=alice, answer="yes", recorded_by=bob
    )
    Comment.objects.create(partnership=partnership, proposal=proposal, author=bob, text="I need my phone.")
    version = RulesVersion.objects.create(
        partnership=partnership,
        number=1,
        agreed_on=timezone.localdate(),
        meeting=meeting,
        decision=make_decision(meeting, recorded_by=alice),
        review_on=timezone.localdate(),
        concerns_until=timezone.localdate(),
        papers_notice_days=7,
        created_by=bob,
    )
    Concern.objects.create(partnership=partnership, version=version, person=bob, text="Too fast.")
    StatementPoint.objects.filter(partnership=partnership).update(changed_by=bob)
    GroupCommitment.objects.create(
        partnership=partnership, group=make_group(partnership), committed_by="Ann Lee", recorded_by=bob
    )


def _work_plan(partnership, meeting, bob, alice) -> None:
    from datetime import timedelta

    from workplan.models import (
        Activity,
        Comment,
        Outcome,
        Output,
        PlanAgendaItem,
        PlanChange,
        PlanVersion,
        ProposedMove,
        Ranking,
        RankingAnswer,
        Task,
        TaskActionPoint,
        Theme,
    )

    today = timezone.localdate()
    outcome = Outcome.objects.create(partnership=partnership, title="Buses everyone can use", created_by=bob)
    theme = Theme.objects.create(partnership=partnership, outcome=outcome, title="Ramps", created_by=bob)
    dates = {"planned_start": today, "planned_end": today + timedelta(days=30)}
    task = Task.objects.create(
        partnership=partnership,
        outcome=outcome,
        theme=theme,
        title="Count the kneeling buses",
        expected_end=dates["planned_end"],
        created_by=bob,
        owner_person=bob,
        done_with_open_actions_by=bob,
        **dates,
    )
    follower = Task.objects.create(
        partnership=partnership, outcome=outcome, title="Ask the bus company", expected_end=today, **dates
    )
    Output.objects.create(partnership=partnership, task=task, title="A count of buses", created_by=bob)
    Activity.objects.create(
        partnership=partnership, kind="networks", title="Ask our friends", task=task, created_by=bob
    )
    Comment.objects.create(
        partnership=partnership, outcome=outcome, task=task, text="Count trams too.", author=bob
    )
    ranking = Ranking.objects.create(partnership=partnership, outcome=outcome, opened_by=bob)
    RankingAnswer.objects.create(partnership=partnership, ranking=ranking, person=bob, theme=theme, value=3)
    PlanChange.objects.create(
        partnership=partnership,
        task=task,
        subject=task.title,
        field="dates",
        words="now ends in May",
        reason="the depot was shut",
        changed_by=bob,
    )
    ProposedMove.objects.create(
        partnership=partnership,
        task=follower,
        because_of=task,
        new_start=today,
        new_end=today,
        status="confirmed",
        decided_by=bob,
        decided_at=timezone.now(),
    )
    PlanVersion.objects.create(
        partnership=partnership,
        number=1,
        agreed_on=today,
        meeting=meeting,
        decision=make_decision(meeting, recorded_by=alice),
        created_by=bob,
    )
    TaskActionPoint.objects.create(
        partnership=partnership,
        task=task,
        action_point=make_action_point(meeting, text="Ring the depot.", created_by=alice),
        linked_by=bob,
    )
    PlanAgendaItem.objects.create(
        partnership=partnership, agenda_item=meeting.agenda_items.first(), added_by=bob
    )


def _filled(value) -> bool:
    if isinstance(value, dict):
        return any(v not in (None, "", [], False) for v in value.values())
    return bool(value)


def test_the_download_holds_everything_about_the_person(bob_client, bob, everything):
    response = bob_client.get(reverse("partners:data_download"))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="my-coproduction-data.json"'
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    data = json.loads(text)

    # Every link to a person the download promises is filled for someone who has one of everything.
    empty = {
        section for section in set(personal_data.exported_links().values()) if not _filled(data[section])
    }
    assert not empty, f"Empty sections: {sorted(empty)}"

    assert data["profile"]["full_name"] == "Bob Member"
    assert data["views_in_minutes"][0]["words"] == "Buses must kneel."
    assert data["views_in_minutes"][0]["meeting"]["title"] == "Spring meeting"
    assert data["corrections"][0]["correction"] == "It was Tuesday, not Monday."
    assert data["attendance"][0]["reply"] == "Attending" and data["attendance"][0]["present"] is True
    assert data["action_points_owned"][0]["what"] == "Ask the bus company."
    assert data["agenda_items_proposed"][0]["title"] == "Bob's bus pass idea"
    assert data["agenda_items_led"][0]["title"] == "Bob's bus pass idea"
    assert data["notes"][0]["note"] == "Start the timer"
    assert {p.get("title") or p.get("paper") for p in data["papers"]} == {"Bus routes"}
    assert data["meeting_packs_sent_to_you"][0]["format"] == "large_print"
    assert data["reminders_sent"][0]["kind"] == "meeting_tomorrow"
    assert data["meeting_roles"][0]["role"] == "Minute-taker"
    assert data["easy_read_checks"][0]["checked_by"] == "The Tuesday group"
    assert data["invitations_sent"][0]["email"] == "newcomer@example.org"
    assert data["communication_preferences"]["support_person_email"] == "ann@example.org"
    assert data["access_needs"]["needs"][0]["note"] == "Stiff knees"
    # The fact of a calendar feed, never its secret address.
    assert data["calendar_feed"]["has_one"] is True
    assert everything.token not in text
    # Other people's words and needs stay out.
    assert "Alice's own words." not in text
    assert "Interpreter booked for Alice" not in text and "120" not in json.dumps(data["bookings_made"])
    assert data["bookings_made"][0]["need"] == "BSL/English interpreter"
    # The work plan: what Bob added, owns, said, ranked and changed, in his own words.
    assert {row["title"] for row in data["work_plan_added"]} >= {"Buses everyone can use", "A count of buses"}
    assert data["work_plan_tasks_owned"][0]["task"] == "Count the kneeling buses"
    assert data["work_plan_comments"][0]["words"] == "Count trams too."
    assert data["work_plan_rankings"][0]["place_or_dots"] == 3
    assert {row["why"] for row in data["work_plan_changes"] if "why" in row} == {"the depot was shut"}


def test_someone_with_nothing_recorded_gets_empty_sections(bob_client, bob):
    data = json.loads(bob_client.get(reverse("partners:data_download")).content)
    assert data["views_in_minutes"] == [] and data["calendar_feed"] == {"has_one": False, "since": None}
    assert data["what_this_file_holds"]["views_in_minutes"]


def test_a_page_says_what_the_download_holds_before_it_downloads(bob_client):
    profile = bob_client.get(reverse("partners:profile")).content.decode()
    page_url = reverse("partners:my_data")
    assert f'href="{page_url}"' in profile
    response = bob_client.get(page_url)
    body = html.unescape(response.content.decode())
    assert "<title>What your data download holds" in body
    for words in (
        "Your views recorded in minutes, in your own words.",
        "Action points given to you.",
        "Whether you have a private calendar feed and since when (not its secret address).",
        "Your access needs in your own words",
    ):
        assert words in body
    assert f'href="{reverse("partners:data_download")}"' in body


def test_the_download_needs_sign_in(client):
    for name in ("my_data", "data_download"):
        response = client.get(reverse(f"partners:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
