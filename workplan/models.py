"""The work plan: what change the partners want to see, what they will do about it, and when.

- An **outcome** is the change we want to see, for whom ("More disabled people in employment"). It is
  proposed by any partner and agreed by the partnership.
- A **theme** (or priority) groups an outcome's tasks. The order the themes are tackled in is agreed, not
  assumed: partners rank them (`Ranking`, `RankingAnswer`), a chair records the agreed order as a decision,
  and later moves are recorded (`PlanChange`).
- A **task** is what we will do ("Design training in interview skills"), with planned dates, a latest
  expected end that can move, a contingency (extra weeks we allow), an owner, what it needs first
  (`needs`), and a status in plain words. Its **outputs** are what it produces ("Interview skills training
  course"). Action points from meetings can belong to a task (`TaskActionPoint`).
- An **activity** is a meeting of the existing kinds (events, workshops, focus groups, steering groups)
  linked to a task or theme, or an "involve our networks" window before the task that needs what it brings.
- Every change to dates records why (`PlanChange`). A task that slips proposes new dates for the tasks
  that wait for it (`ProposedMove`), for a person to confirm: nothing moves silently.
- When the plan is agreed at a meeting, a snapshot is kept (`PlanVersion`).

Every model has a direct `partnership` foreign key (the tenant).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from coproduction.easy_read.models import EasyReadModel
from partners.models import PartnerGroup, Partnership

USER = settings.AUTH_USER_MODEL

TITLE_MAX_LENGTH = 200
WORDS_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 500
# Dates a plan can hold: nothing before 2000 or after 2100 is a real plan date ("1900", "3000" are typos).
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class PlanSettings(models.Model):
    """How a partnership keeps its work plan. One row per partnership, made when first changed; until then
    the defaults below hold (`services.plan.settings_for`)."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="plan_settings")
    contingency_percent = models.PositiveSmallIntegerField(
        "Extra time we allow for each task, as a share of its length (per cent)",
        default=25,
        help_text="For example 25: a task planned for 8 weeks is allowed 2 more weeks before it is late.",
    )
    networks_weeks = models.PositiveSmallIntegerField(
        "How long we allow to involve our networks (weeks)", default=4
    )
    networks_lead_weeks = models.PositiveSmallIntegerField(
        "How long before the task that needs it the networks' answers should be back (weeks)", default=2
    )


class PlanPart(EasyReadModel):
    """What an outcome, a task and an output share: a lead partner group and a second lead (the co-chairs
    pattern: one from each side), and the decisions that set it up and the meetings where it was
    discussed."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    description = models.TextField("More about it (optional)", max_length=WORDS_MAX_LENGTH, blank=True)
    position = models.PositiveIntegerField(default=0)
    lead_group = models.ForeignKey(
        PartnerGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Lead group",
    )
    second_lead_group = models.ForeignKey(
        PartnerGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Second lead group",
    )
    decisions = models.ManyToManyField("meetings.Decision", blank=True, related_name="+")
    meetings = models.ManyToManyField("meetings.Meeting", blank=True, related_name="+")
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def leads(self) -> list[PartnerGroup]:
        return [g for g in (self.lead_group, self.second_lead_group) if g is not None]


class Outcome(PlanPart):
    """The change we want to see, and for whom."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        DROPPED = "dropped", "No longer in the plan"

    for_whom = models.CharField("For whom (optional)", max_length=TITLE_MAX_LENGTH, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    agreed_on = models.DateField(null=True, blank=True)
    # The day its themes' agreed order was last changed with Move up / Move down (None: as agreed). The
    # themes keep the decision that agreed the order; the change and why are in the plan's changes.
    order_changed_on = models.DateField(null=True, blank=True)

    class Meta(PlanPart.Meta):
        pass


class Theme(EasyReadModel):
    """A theme or priority within an outcome. `position` is the agreed order; `order_decision` the decision
    that agreed it (None: not agreed yet)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField("Theme", max_length=TITLE_MAX_LENGTH)
    description = models.TextField("More about it (optional)", max_length=WORDS_MAX_LENGTH, blank=True)
    position = models.PositiveIntegerField(default=0)
    order_decision = models.ForeignKey(
        "meetings.Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Task(PlanPart):
    """What we will do. Dates are whole days in the partnership's time zone."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANNOT_START = "cannot_start", "Cannot start yet"
        PROBLEM = "problem", "There is a problem"

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="tasks")
    # A theme is not deleted while tasks are in it (services.outcomes.theme_remove moves them first).
    # RESTRICT, not PROTECT: deleting its outcome or the whole partnership takes the tasks too, so it goes.
    theme = models.ForeignKey(Theme, on_delete=models.RESTRICT, null=True, blank=True, related_name="tasks")
    planned_start = models.DateField("Planned start")
    planned_end = models.DateField("Planned end")
    # The latest we now expect it to end; moves (with a reason) when things take longer.
    expected_end = models.DateField("Latest expected end")
    # Extra weeks allowed before the task counts as late. None: the partnership's share of its length.
    contingency_weeks = models.PositiveSmallIntegerField("Extra weeks we allow", null=True, blank=True)
    owner_person = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="Person"
    )
    owner_group = models.ForeignKey(
        PartnerGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="Group"
    )
    needs = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="needed_by", verbose_name="What it needs first"
    )
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.NOT_STARTED)
    # Why it cannot start yet, or what the problem is.
    status_note = models.CharField("Why, or what the problem is", max_length=REASON_MAX_LENGTH, blank=True)
    done_on = models.DateField(null=True, blank=True)
    # Who said it is done while some of its action points were still open (the owner saying so).
    done_with_open_actions_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped on every change, so two people changing the same task at once are told, not overwritten.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta(PlanPart.Meta):
        pass


class Output(PlanPart):
    """What a task produces ("Interview skills training course")."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="outputs")

    class Meta(PlanPart.Meta):
        pass


class TaskActionPoint(models.Model):
    """An action point from a meeting that belongs to a task. Kept here: meetings never import the plan."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="action_links")
    action_point = models.OneToOneField(
        "meetings.ActionPoint", on_delete=models.CASCADE, related_name="plan_task"
    )
    linked_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)


class Activity(models.Model):
    """Something the plan holds besides its tasks: a meeting of the existing kinds linked to a task or a
    theme, or an "involve our networks" window whose answers a task needs (`lead_weeks` before it starts)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "A meeting, event, workshop, focus group or steering group"
        NETWORKS = "networks", "Involve our networks"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MEETING)
    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, null=True, blank=True, related_name="plan_activity"
    )
    title = models.CharField("What it is", max_length=TITLE_MAX_LENGTH, blank=True)
    description = models.TextField("What it brings back (optional)", max_length=WORDS_MAX_LENGTH, blank=True)
    starts_on = models.DateField("Starts", null=True, blank=True)
    ends_on = models.DateField("Ends", null=True, blank=True)
    lead_weeks = models.PositiveSmallIntegerField("Weeks before the task starts", null=True, blank=True)
    task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.title or str(self.meeting)


class PlanChange(models.Model):
    """One change to the plan, in words, with why: "Interview training: now ends in July, not May, because
    the venue was not ready". `subject` keeps the task's name as it was, so the list reads the same when the
    task is later renamed or removed."""

    class Field(models.TextChoices):
        DATES = "dates", "Dates"
        STATUS = "status", "Status"
        ORDER = "order", "Order of themes"
        ADDED = "added", "Added"
        REMOVED = "removed", "Taken out"
        CHANGED = "changed", "Changed"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes")
    subject = models.CharField(max_length=TITLE_MAX_LENGTH)
    field = models.CharField(max_length=10, choices=Field.choices)
    words = models.CharField("What changed", max_length=REASON_MAX_LENGTH)
    reason = models.CharField("Why", max_length=REASON_MAX_LENGTH, blank=True)
    changed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject}: {self.words}"


class ProposedMove(models.Model):
    """New dates proposed for a task because a task it needs now ends later. A person confirms or declines;
    until then the task keeps its dates."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for someone to confirm"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Kept the old dates"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="proposed_moves")
    because_of = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    new_start = models.DateField()
    new_end = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["task__planned_start", "pk"]


class Ranking(models.Model):
    """Partners rank an outcome's themes: a simple ranking (1 is first) or three dots each, spread as they
    like. A chair then records the agreed order as a decision (`decision`)."""

    class Method(models.TextChoices):
        RANK = "rank", "Put the themes in order"
        DOTS = "dots", "Three dots each"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="rankings")
    method = models.CharField(
        "How partners choose", max_length=5, choices=Method.choices, default=Method.DOTS
    )
    opened_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    decision = models.OneToOneField(
        "meetings.Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at", "-pk"]


class RankingAnswer(models.Model):
    """One person's place or dots for one theme. Rank: 1 is what to tackle first. Dots: how many of their
    three dots they gave it (0 to 3)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ranking", "person", "theme"], name="one_ranking_answer_each")
        ]


class Comment(models.Model):
    """A partner's comment on, or suggestion for, an outcome or a task."""

    class Kind(models.TextChoices):
        COMMENT = "comment", "A comment"
        SUGGESTION = "suggestion", "A suggestion"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="comments")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField("Your comment", max_length=WORDS_MAX_LENGTH)
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class PlanVersion(models.Model):
    """The plan as it stood when agreed at a meeting (a decision): a snapshot, never changed."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    agreed_on = models.DateField()
    # RESTRICT: the meeting and decision that agreed a version are never deleted on their own, but deleting
    # the whole partnership takes its versions with them (PROTECT refused that).
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.RESTRICT, related_name="+")
    decision = models.OneToOneField("meetings.Decision", on_delete=models.RESTRICT, related_name="+")
    # {"outcomes": [{pk, title, status}], "themes": [{pk, outcome, title, position}],
    #  "tasks": [{pk, title, outcome, theme, planned_start, planned_end, expected_end, status}]}
    snapshot = models.JSONField(default=dict)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="one_plan_version_number")
        ]


class PlanAgendaItem(models.Model):
    """A meeting's agenda item "Work plan: what is late, what is next", whose paper is that list."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    agenda_item = models.OneToOneField(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="plan_item"
    )
    added_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
