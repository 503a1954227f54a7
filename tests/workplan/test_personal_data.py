"""A person's work plan data: their download holds what they added, own, said, ranked and changed, and not
other people's words; deleting their account leaves no name in the plan's words, its change list or its
agreed versions, while what they added stays in the plan without them."""

import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from partners.services import account_delete
from tests.factories import make_decision, make_meeting
from workplan.models import (
    Comment,
    Outcome,
    PlanChange,
    PlanVersion,
    Ranking,
    RankingAnswer,
    Task,
    Theme,
)
from workplan.services.tasks import task_add, task_save


def _plan(partnership, alice, bob):
    today = timezone.localdate()
    outcome = Outcome.objects.create(
        partnership=partnership,
        title="Bob Member's idea: more disabled people in work",
        easy_read_text="Bob wants more people to have jobs.",
        created_by=bob,
    )
    theme = Theme.objects.create(
        partnership=partnership, outcome=outcome, title="Interviews", created_by=alice
    )
    task = task_add(
        partnership=partnership,
        outcome=outcome,
        by=alice,
        title="Bob to ask 50 people",
        theme=theme,
        planned_start=today,
        planned_end=today + timedelta(days=28),
        owner_person=bob,
    )
    task_save(
        task=task,
        revision=task.revision,
        by=bob,
        reason="Bob was ill, the venue was not ready",
        expected_end=today + timedelta(days=49),
    )
    Comment.objects.create(
        partnership=partnership, outcome=outcome, task=task, text="Ask in BSL too.", author=bob
    )
    Comment.objects.create(partnership=partnership, outcome=outcome, text="Thanks, Bob Member.", author=alice)
    ranking = Ranking.objects.create(partnership=partnership, outcome=outcome, opened_by=alice)
    RankingAnswer.objects.create(partnership=partnership, ranking=ranking, person=bob, theme=theme, value=3)
    return outcome, task


def test_the_download_holds_bobs_part_of_the_plan_and_not_alices_words(
    partnership, alice, bob, bob_client, alice_client
):
    _, task = _plan(partnership, alice, bob)
    data = json.loads(bob_client.get(reverse("partners:data_download")).content)

    assert [row["title"] for row in data["work_plan_added"]] == [
        "Bob Member's idea: more disabled people in work"
    ]
    assert data["work_plan_tasks_owned"] == [
        {
            "partnership": "Working Together",
            "task": "Bob to ask 50 people",
            "yours": True,
            "you_said_done_with_action_points_open": False,
            "planned_start": task.planned_start.isoformat(),
            "planned_end": task.planned_end.isoformat(),
            "status": "Not started",
        }
    ]
    assert [c["words"] for c in data["work_plan_comments"]] == ["Ask in BSL too."]
    assert data["work_plan_rankings"][0]["theme"] == "Interviews"
    [change] = data["work_plan_changes"]
    assert change["why"] == "Bob was ill, the venue was not ready"
    assert "Thanks, Bob Member." not in json.dumps(data)
    assert data["work_plan_kept"] == []  # Alice opened the ranking, not Bob
    # Alice's own download has what she did, not Bob's words.
    alice_data = json.loads(alice_client.get(reverse("partners:data_download")).content)
    assert [row["what"] for row in alice_data["work_plan_kept"]] == [
        "opened a ranking of the themes of \u2018Bob Member's idea: more disabled people in work\u2019"
    ]
    assert "Ask in BSL too." not in json.dumps(alice_data)


def test_the_page_says_what_the_work_plan_part_of_the_download_holds(bob_client):
    page = bob_client.get(reverse("partners:my_data")).content.decode()
    assert "How you ranked the themes of the work plan" in page


def test_deleting_an_account_leaves_no_name_in_the_plan_or_its_agreed_versions(partnership, alice, bob):
    outcome, task = _plan(partnership, alice, bob)
    meeting = make_meeting(partnership, days_ahead=-3, created_by=alice)
    PlanVersion.objects.create(
        partnership=partnership,
        number=1,
        agreed_on=timezone.localdate(),
        meeting=meeting,
        decision=make_decision(meeting, recorded_by=alice),
        snapshot={
            "outcomes": [{"pk": outcome.pk, "title": outcome.title, "status": "agreed"}],
            "tasks": [{"pk": task.pk, "title": task.title, "planned_start": "2027-01-05"}],
        },
        created_by=alice,
    )

    account_delete(person=bob)

    outcome.refresh_from_db()
    task.refresh_from_db()
    kept = json.dumps(
        [
            outcome.title,
            outcome.easy_read_text,
            task.title,
            list(PlanChange.objects.values_list("subject", "words", "reason")),
            list(Comment.objects.values_list("text", flat=True)),
            PlanVersion.objects.get().snapshot,
        ]
    )
    assert "Bob" not in kept and "Member" not in kept
    assert "a former partner" in task.title.lower()
    # What he added stays in the plan; what was his goes with him.
    assert outcome.created_by is None and task.owner_person is None
    assert not RankingAnswer.objects.exists()
    assert Comment.objects.filter(text="Ask in BSL too.", author=None).exists()
    assert PlanVersion.objects.get().snapshot["tasks"][0]["planned_start"] == "2027-01-05"


def test_a_long_title_stays_within_its_length_when_a_short_name_goes(partnership, alice, bob):
    from partners.models import User

    User.objects.filter(pk=bob.pk).update(known_as="Bo")
    bob.refresh_from_db()
    title = ("x" * 196) + " Bo"
    outcome = Outcome.objects.create(partnership=partnership, title=title, created_by=alice)
    account_delete(person=bob)
    outcome.refresh_from_db()
    assert "Bo" not in outcome.title and len(outcome.title) <= 200
    assert Task.objects.count() == 0
