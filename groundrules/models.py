"""What co-production means to a partnership, and the ground rules its partners agree.

- The **statement**: a few points in the partnership's own words (plain and easy read, a picture each).
  Each partner group commits to it (`GroupCommitment`); each person says they understand it and will work
  this way, or that they do not understand it yet (`PersonalCommitment`).
- **Proposals**: a new rule, a change to a rule or removing one, proposed by any partner. Partners respond
  Yes / Not sure / No (`Response`) and comment (`Comment`).
- **Versions**: a chair's decision at a meeting publishes a numbered `RulesVersion` holding its rules
  (`VersionRule`). A published version never changes; the next agreement makes the next version.
- **Concerns** from people who missed the meeting that agreed a version, within the time the partnership
  set; each goes onto the next meeting's agenda.

Every model has a direct `partnership` foreign key (the tenant). A rule keeps its `key` ("rule 3") from
version to version, so versions can be compared: added, changed, removed.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from coproduction.easy_read.models import EasyReadModel
from partners.models import PartnerGroup, Partnership

USER = settings.AUTH_USER_MODEL

RULE_MAX_LENGTH = 1000
IN_PRACTICE_MAX_LENGTH = 2000


class RulesSettings(models.Model):
    """How a partnership keeps its ground rules. One row per partnership, made when first changed; until
    then the defaults below hold (`services.settings_for`)."""

    class InPack(models.TextChoices):
        FIRST_THREE = "first_three", "In the packs of the first three meetings"
        ALWAYS = "always", "In every meeting pack"
        NEVER = "never", "Not in meeting packs (people can still read them here)"

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="rules_settings")
    in_pack = models.CharField(
        "Put the ground rules in the meeting pack",
        max_length=12,
        choices=InPack.choices,
        default=InPack.FIRST_THREE,
    )
    anonymous_responses = models.BooleanField(
        "Responses to proposals are anonymous",
        default=False,
        help_text="Partners see how many said Yes, Not sure and No, but not who. Coordinators still see "
        "who has not responded, so they can help.",
    )
    review_months = models.PositiveSmallIntegerField("Review the ground rules every (months)", default=12)
    concern_days = models.PositiveSmallIntegerField(
        "Days people who missed the meeting have to raise a concern", default=14
    )


class StatementPoint(EasyReadModel):
    """One point of what co-production means to the partnership ("We are equal partners.")."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="statement_points")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField("In plain words", max_length=RULE_MAX_LENGTH)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class GroupCommitment(models.Model):
    """A partner group stands behind the statement: who committed on its behalf, and when."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    group = models.OneToOneField(PartnerGroup, on_delete=models.CASCADE, related_name="commitment")
    # A name and role as the group gives it ("Aileen Ross, Director"); kept as words so the commitment
    # stands when that person is not a member of the workspace.
    committed_by = models.CharField("Who committed on the group's behalf", max_length=150)
    committed_on = models.DateField("When", default=timezone.localdate)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.group} committed {self.committed_on}"


class PersonalCommitment(models.Model):
    """What a person said when they read the statement and the ground rules."""

    class Answer(models.TextChoices):
        AGREE = "agree", "I understand this and I agree to work this way"
        NOT_YET = "not_yet", "I do not understand this yet"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="rules_commitments")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    answered_at = models.DateTimeField(default=timezone.now)
    # Set when a coordinator records an answer given on paper, by phone or in person.
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Set when a coordinator has gone through it with someone who did not understand yet.
    helped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "person"], name="one_rules_commitment_each")
        ]


class RulesVersion(models.Model):
    """A published version of the ground rules: agreed by a decision at a meeting, and never changed."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="rules_versions")
    number = models.PositiveIntegerField()
    agreed_on = models.DateField()
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, related_name="+")
    decision = models.OneToOneField(
        "meetings.Decision", on_delete=models.PROTECT, related_name="rules_version"
    )
    review_on = models.DateField("Review the ground rules by")
    concerns_until = models.DateField("Concerns can be raised until")
    # The partnership's papers notice when the version was agreed, for its "well before a meeting" rule.
    papers_notice_days = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Who was at the meeting, as it stood when the version was agreed: a published version keeps it, whatever
    # is changed in the meeting's record later. Someone who deletes their account leaves it (no name kept).
    present = models.ManyToManyField(USER, related_name="+", blank=True)
    # When the new version went to the people who missed the meeting (None: not sent yet).
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="one_rules_version_number")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"

    def concerns_open(self, today: date | None = None) -> bool:
        return (today or timezone.localdate()) <= self.concerns_until


class VersionRule(EasyReadModel):
    """One rule as a version holds it. Its `key` stays the same from version to version."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(RulesVersion, on_delete=models.CASCADE, related_name="rules")
    key = models.PositiveIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(max_length=RULE_MAX_LENGTH)
    in_practice = models.TextField(max_length=IN_PRACTICE_MAX_LENGTH, blank=True)
    # The rule that information goes out well before a meeting says how long from the partnership's
    # papers notice (`RulesVersion.papers_notice_days`, the setting itself for the current version).
    uses_papers_notice = models.BooleanField(default=False)
    helped_write = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position", "key"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="one_rule_key_per_version")]

    def __str__(self) -> str:
        return self.text[:60]


class Proposal(EasyReadModel):
    """A partner's proposal: a new rule, new words for a rule, or taking a rule out."""

    class Kind(models.TextChoices):
        ADD = "add", "A new rule"
        CHANGE = "change", "Change a rule"
        REMOVE = "remove", "Take a rule out"

    class Status(models.TextChoices):
        OPEN = "open", "Under discussion"
        AGREED = "agreed", "Agreed"
        NOT_AGREED = "not_agreed", "Not agreed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="rule_proposals")
    kind = models.CharField("What you propose", max_length=10, choices=Kind.choices, default=Kind.ADD)
    # The rule it changes or takes out (its key, as in `VersionRule.key`).
    rule_key = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField("The rule, in plain words", max_length=RULE_MAX_LENGTH, blank=True)
    in_practice = models.TextField(
        "What this looks like in practice (optional)", max_length=IN_PRACTICE_MAX_LENGTH, blank=True
    )
    uses_papers_notice = models.BooleanField(default=False)
    # For the papers notice rule: the days it proposes (agreeing it changes the partnership's setting).
    notice_days = models.PositiveSmallIntegerField("How many days before a meeting", null=True, blank=True)
    helped_write = models.CharField(
        "Who helped write it (optional)",
        max_length=300,
        blank=True,
        help_text="For example: written with my support worker, or with the easy read group.",
    )
    why = models.TextField("Why (optional)", max_length=IN_PRACTICE_MAX_LENGTH, blank=True)
    proposed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # When its words were last changed after people had responded, and how many had (their answers are
    # kept; the proposal's page says "changed after 2 people responded").
    words_changed_at = models.DateTimeField(null=True, blank=True)
    changed_after_responses = models.PositiveSmallIntegerField(default=0)
    # The meeting whose agenda it is on, through the agenda item "Ground rules: 3 proposals".
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The version that agreed it, or that the meeting made while not agreeing it.
    decided_in = models.ForeignKey(
        RulesVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60] or self.get_kind_display()

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Response(models.Model):
    """A partner's answer to a proposal. One each; answering again changes it."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NOT_SURE = "not_sure", "Not sure"
        NO = "no", "No"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField("Your answer", max_length=10, choices=Answer.choices)
    reason = models.TextField("Why", max_length=2000, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)
    # Set when a coordinator records an answer given on paper or by phone.
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_how = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "person"], name="one_response_each")]


class Comment(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField("Your comment", max_length=3000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class Concern(models.Model):
    """A concern about a new version from someone who missed the meeting that agreed it. The decision
    stands meanwhile; the concern goes onto the next meeting's agenda."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(RulesVersion, on_delete=models.CASCADE, related_name="concerns")
    person = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField("Your concern", max_length=3000)
    created_at = models.DateTimeField(default=timezone.now)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
