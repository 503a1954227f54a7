"""The demo partnership's ground rules, as the issue's Demo section describes them: a statement committed to
by all three groups (one person does not understand it yet), version 1 agreed at the first past meeting with
a decision (six rules, each in easy read with a picture), and two proposals under discussion for the next
meeting, one with a "No" and its reason. Loading the demo twice leaves one of each."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduction import demo
from groundrules.models import (
    GroupCommitment,
    PersonalCommitment,
    Proposal,
    Response,
    RulesVersion,
    StatementPoint,
)
from meetings.models import Decision, Meeting, Minutes
from partners.models import Membership, PartnerGroup, Partnership


@pytest.fixture
def work(db):
    demo.load()
    demo.load()
    return Partnership.objects.get(slug="work-together-riverside")


def _first_past_meeting(work):
    return (
        Meeting.objects.filter(partnership=work, starts_at__lt=timezone.now()).order_by("starts_at").first()
    )


def test_every_group_commits_to_the_statement_before_the_first_meeting(work):
    assert StatementPoint.objects.filter(partnership=work).count() == 5
    commitments = GroupCommitment.objects.filter(partnership=work).select_related("group")
    assert {c.group.name for c in commitments} == set(
        PartnerGroup.objects.filter(partnership=work).values_list("name", flat=True)
    )
    assert len(commitments) == 3
    first_day = timezone.localtime(_first_past_meeting(work).starts_at).date()
    for commitment in commitments:
        assert commitment.committed_by  # a named person, in the group's words
        assert commitment.committed_on < first_day


def test_everyone_agrees_but_one_person_who_does_not_understand_yet(work):
    members = set(
        Membership.objects.current().filter(partnership=work).values_list("person__email", flat=True)
    )
    answers = dict(PersonalCommitment.objects.filter(partnership=work).values_list("person__email", "answer"))
    assert set(answers) == members
    not_yet = [email for email, answer in answers.items() if answer == PersonalCommitment.Answer.NOT_YET]
    assert not_yet == ["easyread@example.org"]


def test_version_one_was_agreed_at_the_first_past_meeting_with_a_decision(work):
    version = RulesVersion.objects.get(partnership=work)
    first = _first_past_meeting(work)
    assert version.number == 1
    assert version.meeting == first
    assert version.agreed_on == timezone.localtime(first.starts_at).date()
    assert Decision.objects.filter(pk=version.decision_id, meeting=first).exists()
    assert "version 1 of its ground rules" in version.decision.text
    # The first meeting's minutes stay approved and locked.
    assert Minutes.objects.get(meeting=first).locked
    rules = list(version.rules.all())
    assert len(rules) == 6
    for rule in rules:
        assert rule.easy_read_text.strip() and rule.easy_read_picture
        assert rule.in_practice.strip()
    papers = [rule for rule in rules if rule.uses_papers_notice]
    assert len(papers) == 1
    assert any("support worker" in rule.helped_write for rule in rules)
    agreed = Proposal.objects.filter(partnership=work, status=Proposal.Status.AGREED)
    assert agreed.count() == 6 and set(agreed.values_list("decided_in", flat=True)) == {version.pk}
    assert Response.objects.filter(proposal__in=agreed).values("person").distinct().count() >= 6


def test_two_proposals_are_under_discussion_one_with_a_no_and_its_reason(work):
    proposals = Proposal.objects.filter(partnership=work, status=Proposal.Status.OPEN)
    assert proposals.count() == 2
    assert {p.kind for p in proposals} == {Proposal.Kind.ADD, Proposal.Kind.CHANGE}
    noes = Response.objects.filter(proposal__in=proposals, answer=Response.Answer.NO)
    assert noes.count() == 1
    assert len(noes.get().reason) > 20
    # They are on the next meeting's agenda as one item.
    upcoming = Meeting.objects.filter(partnership=work, starts_at__gt=timezone.now()).order_by("starts_at")
    items = {p.agenda_item for p in proposals}
    assert len(items) == 1
    item = items.pop()
    assert item.meeting == upcoming.first()
    assert item.title == "Ground rules: 2 proposals"


def test_the_demo_ground_rules_read_as_the_issue_describes(work):
    """What a partner sees: version 1 with its six rules in plain and easy read words, the papers notice
    from the partnership's setting, and Chloe named as not understanding the statement yet."""
    client = Client()
    client.force_login(
        Membership.objects.get(partnership=work, person__email="coordinator@example.org").person
    )
    response = client.get(reverse("groundrules:current", kwargs={"slug": work.slug}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Everyone gets a turn to speak." in body
    assert "Say if you do not understand. That is OK." in body
    assert f"at least {work.papers_notice_days} days before" in body
    people = client.get(reverse("groundrules:statement_people", kwargs={"slug": work.slug}))
    assert people.status_code == 200
    text = " ".join(re.sub(r"<[^>]+>", " ", people.content.decode()).split())
    assert "1 person does not understand them yet" in text
    assert re.search(r"Chloe Brown .{0,60}I do not understand this yet", text)
