"""Meetings and everything around them: venues, the agenda, who comes, the access plan, minutes, decisions,
action points and papers.

Every model has a direct `partnership` foreign key (the tenant), even where it could be reached through the
meeting, so every query can be fenced by partnership.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from coproduction.easy_read.models import EasyReadModel
from partners.access_needs import NEED_CHOICES, VENUE_FEATURES
from partners.models import FORMER_PARTNER, PartnerGroup, Partnership

USER = settings.AUTH_USER_MODEL


def person_name(person) -> str:
    """A person's chosen name, or "a former partner" once they have deleted their account."""
    return person.display_name if person is not None else FORMER_PARTNER


# ---------------------------------------------------------------- venues


class Venue(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField("Name", max_length=120)
    address = models.TextField("Address", max_length=500)
    public_transport = models.TextField("Getting there by public transport", max_length=1000, blank=True)
    parking = models.TextField("Parking", max_length=1000, blank=True)
    drop_off = models.TextField("Drop-off point", max_length=500, blank=True)
    is_neutral = models.BooleanField(
        "This is a neutral venue",
        default=True,
        help_text="Not any partner's workplace, so everyone meets on equal ground.",
    )
    owner_group = models.ForeignKey(
        PartnerGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Partner group whose place it is",
    )
    cost_per_meeting = models.DecimalField(
        "Cost per meeting (£)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    capacity = models.PositiveSmallIntegerField("How many people it holds", null=True, blank=True)
    features = models.JSONField("Access features", default=list, blank=True)
    access_notes = models.TextField("Anything else about access", max_length=2000, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def feature_labels(self) -> list[str]:
        return [VENUE_FEATURES[code] for code in self.features if code in VENUE_FEATURES]


class VenuePhoto(models.Model):
    """A photo of a venue's entrance or room, so people know what to expect. Stored without location data."""

    class Kind(models.TextChoices):
        ENTRANCE = "entrance", "The entrance"
        ROOM = "room", "The meeting room"
        OTHER = "other", "Something else"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(
        "What the photo shows", max_length=10, choices=Kind.choices, default=Kind.ENTRANCE
    )
    image = models.ImageField(upload_to="venues/%Y/")
    thumbnail = models.ImageField(upload_to="venues/%Y/")
    alt_text = models.CharField(
        "Describe the photo",
        max_length=300,
        help_text="For people who cannot see it, for example: Level entrance with automatic double doors.",
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.alt_text


# ---------------------------------------------------------------- meetings


class MeetingSeries(models.Model):
    """A regular series made in one step ("monthly on the first Tuesday"); each meeting is editable later."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meeting_series")
    description = models.CharField(max_length=200)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.description


class MeetingQuerySet(models.QuerySet):
    def _held(self) -> models.Q:
        # Held: its time is over, or the chair ended it on the Run meeting page, or it is recorded as held.
        return (
            models.Q(ends_at__lt=timezone.now())
            | models.Q(run_ended_at__isnull=False)
            | models.Q(status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED])
        )

    def upcoming(self):
        """Still to come: not held and not cancelled. A meeting ended early today is no longer "coming up"."""
        return self.exclude(self._held()).exclude(status=Meeting.Status.CANCELLED)

    def past(self):
        return self.filter(self._held())

    def visible_to(self, membership):
        """Visiting experts see only the meetings they are invited to; everyone else sees them all."""
        from partners.models import Role

        if membership.role == Role.VISITING_EXPERT:
            return self.filter(attendances__person_id=membership.person_id, attendances__excluded=False)
        return self


class Meeting(models.Model):
    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", "Partnership meeting"
        EVENT = "event", "Event"
        WORKSHOP = "workshop", "Workshop"
        FOCUS_GROUP = "focus_group", "Focus group"
        STEERING_GROUP = "steering_group", "Steering group"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        PAPERS_SENT = "papers_sent", "Papers sent"
        HELD = "held", "Held"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"
        CANCELLED = "cancelled", "Cancelled"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "Hybrid (in person and online)"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    series = models.ForeignKey(
        MeetingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    kind = models.CharField("Kind of meeting", max_length=20, choices=Kind.choices, default=Kind.PARTNERSHIP)
    title = models.CharField("Title", max_length=150)
    description = models.TextField("What the meeting is for (optional)", max_length=2000, blank=True)
    starts_at = models.DateTimeField("Starts")
    ends_at = models.DateTimeField("Ends")
    format = models.CharField(
        "How people take part", max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings", verbose_name="Venue"
    )
    online_link = models.URLField("Joining link (optional)", max_length=500, blank=True)
    online_details = models.TextField("How to join online (optional)", max_length=1000, blank=True)
    live_captions = models.BooleanField("Live captions are available online", default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    cancelled_reason = models.CharField("Why it is cancelled", max_length=300, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # The Run meeting page's state: which item is on, since when, and which chair has the page.
    run_started_at = models.DateTimeField(null=True, blank=True)
    run_ended_at = models.DateTimeField(null=True, blank=True)
    current_item = models.ForeignKey(
        "AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    chair_in_control = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A meeting ended by mistake can be reopened by a chair within a day; who did it and when stay on record.
    run_reopened_at = models.DateTimeField(null=True, blank=True)
    run_reopened_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message="The meeting must end after it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The meeting must end after it starts."})

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def papers_deadline(self):
        """When papers must go out: the start less the partnership's notice days."""
        return self.starts_at - timedelta(days=self.partnership.papers_notice_days)

    def days_until_papers_deadline(self) -> int:
        return (timezone.localdate(self.papers_deadline) - timezone.localdate()).days

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_running(self) -> bool:
        return self.run_started_at is not None and self.run_ended_at is None

    @property
    def has_venue(self) -> bool:
        return self.format != self.Format.ONLINE and self.venue_id is not None

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def has_started(self) -> bool:
        """Started on the Run meeting page, or its start time has come: what is agreed "at the meeting" can be
        recorded from now on."""
        return self.run_started_at is not None or self.starts_at <= timezone.now()

    @property
    def is_held(self) -> bool:
        """Over: ended on the Run meeting page, recorded as held, or past its time. Its papers countdown and
        access warnings stop; it lists under past meetings."""
        return (
            self.run_ended_at is not None
            or self.status in {self.Status.HELD, self.Status.MINUTES_APPROVED}
            or self.is_past
        )


class MeetingRole(models.Model):
    """Who chairs (co-chairs share it), takes minutes or facilitates this meeting."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair or co-chair"
        MINUTE_TAKER = "minute_taker", "Minute-taker"
        FACILITATOR = "facilitator", "Independent facilitator"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="meeting_roles")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["role", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "role"], name="one_role_of_a_kind_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Attendance(models.Model):
    """A person's invitation to, reply about and presence at one meeting.

    Everyone in the partnership is invited unless `excluded`; a row exists once anything is recorded (a reply,
    presence, an exclusion, or a visiting expert's invitation to this meeting).
    """

    class Reply(models.TextChoices):
        NO_REPLY = "no_reply", "Not replied yet"
        ATTENDING = "attending", "Attending"
        NOT_ATTENDING = "not_attending", "Not attending (apologies)"
        NOT_SURE = "not_sure", "Not sure yet"

    class TakesPart(models.TextChoices):
        IN_ROOM = "in_room", "In the room"
        ONLINE = "online", "Online"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="attendances")
    excluded = models.BooleanField("Not invited", default=False)
    reply = models.CharField(max_length=20, choices=Reply.choices, default=Reply.NO_REPLY)
    # For a hybrid meeting: how the person says they will take part, so the room and the online side are
    # both planned for. Blank when the meeting is not hybrid or they have not said.
    takes_part = models.CharField(
        "How you will take part", max_length=10, choices=TakesPart.choices, blank=True
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    present = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="one_attendance_per_person",
                condition=models.Q(person__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{person_name(self.person)} at {self.meeting}"


# ---------------------------------------------------------------- the agenda


class StandingItem(EasyReadModel):
    """An item every new agenda starts with. Each partnership edits its own list. Its easy read words and
    picture are written once here and copied into each new agenda, so a new meeting's easy read pack does not
    start with its standing items missing."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="standing_items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField("Title", max_length=150)
    purpose = models.CharField("What it is for", max_length=12, default="information")
    duration_minutes = models.PositiveSmallIntegerField("Minutes", default=5)
    description = models.TextField("Notes (optional)", max_length=1000, blank=True)
    # What the item carries automatically: earlier action points, last meeting's minutes, the process check.
    special = models.CharField(max_length=20, blank=True)
    at_end = models.BooleanField("Comes at the end of the agenda", default=False)

    class Meta:
        ordering = ["at_end", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(EasyReadModel):
    class Purpose(models.TextChoices):
        INFORMATION = "information", "For information"
        DISCUSSION = "discussion", "For discussion"
        DECISION = "decision", "For a decision"
        BREAK = "break", "Break"

    class Special(models.TextChoices):
        NONE = "", "None"
        ACCESS_CHECK = "access_check", "Welcome and access check"
        APOLOGIES = "apologies", "Apologies"
        LAST_MINUTES = "last_minutes", "Minutes of the last meeting"
        ACTION_POINTS = "action_points", "Action points from earlier meetings"
        AOB = "aob", "Any other business"
        PROCESS_CHECK = "process_check", "How did today go?"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField("Title", max_length=150)
    purpose = models.CharField(
        "What it is for", max_length=12, choices=Purpose.choices, default=Purpose.DISCUSSION
    )
    duration_minutes = models.PositiveSmallIntegerField("How long (minutes)", default=15)
    lead = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="Who leads it"
    )
    description = models.TextField("Notes (optional)", max_length=2000, blank=True)
    special = models.CharField(max_length=20, choices=Special.choices, blank=True, default="")
    proposed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Filled in while the meeting runs.
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_break(self) -> bool:
        return self.purpose == self.Purpose.BREAK


class MeetingNote(models.Model):
    """A note the chair adds while running the meeting."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    text = models.TextField("Note", max_length=2000)
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


# ---------------------------------------------------------------- the access plan


class Arrangement(models.Model):
    """Something a coordinator booked so a need is met: "BSL interpreter booked with …"."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="arrangements")
    need_code = models.CharField("The need it meets", max_length=40, choices=NEED_CHOICES)
    description = models.CharField(
        "What is booked", max_length=300, help_text="For example: BSL interpreters booked with Deaf Action."
    )
    booked_on = models.DateField("Booked on", default=timezone.localdate)
    cost = models.DecimalField("Cost (£, optional)", max_digits=8, decimal_places=2, null=True, blank=True)
    booked_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["need_code", "pk"]

    def __str__(self) -> str:
        return self.description


# ---------------------------------------------------------------- minutes


class Minutes(models.Model):
    """A meeting's minutes: written per agenda item, sent out for comment, approved at the next meeting, then
    locked. `revision` goes up on every save so two people editing at once never overwrite each other."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OUT_FOR_COMMENT = "out_for_comment", "Sent to attendees for comments"
        APPROVED = "approved", "Approved"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(default=0)
    sent_for_comment_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="minutes_approved_here"
    )
    locked = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    # The day comments are wanted by, told to everyone the minutes went to: in time for the next meeting.
    comments_by = models.DateField(null=True, blank=True)
    # Who the minutes went to for comments, in which format and how: [{"person": id, "variant": "easy_read",
    # "routes": ["post"]}]. Ids only, so a person who deletes their account leaves no name here.
    sent_to = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


class MinuteEntry(models.Model):
    """What was said and agreed under one agenda item."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    # RESTRICT: removing an agenda item must never take what was minuted with it (deleting the whole meeting,
    # minutes and all, still may).
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.RESTRICT, related_name="minute_entries")
    text = models.TextField(max_length=20000, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["minutes", "agenda_item"], name="one_entry_per_item")]


class PartnerView(models.Model):
    """A partner's view recorded in their own words, with their name, so it is not lost in paraphrase."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="partner_views")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.RESTRICT, related_name="partner_views")
    person = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    # Words, a link to a BSL video of the view, or both: either is enough.
    words = models.TextField("Their words", max_length=3000, blank=True)
    bsl_video_url = models.URLField("Link to a BSL video", max_length=500, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The person quoted said "this is what I said", for the words (and video) as they are now. Cleared
    # whenever the view is changed, so a confirmation never covers words the person did not see.
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]


class MinutesVersion(models.Model):
    """A snapshot kept on every change to the minutes: who, when, why, and the whole text."""

    class Event(models.TextChoices):
        EDITED = "edited", "Edited"
        SENT = "sent", "Sent for comments"
        CORRECTION_ACCEPTED = "correction_accepted", "Correction accepted"
        VIEW_CHANGED = "view_changed", "A partner's view changed"
        VIEW_REMOVED = "view_removed", "A partner's view removed"
        APPROVED = "approved", "Approved"
        UNLOCKED = "unlocked", "Unlocked"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    revision = models.PositiveIntegerField()
    event = models.CharField(max_length=20, choices=Event.choices, default=Event.EDITED)
    # {"items": [{"agenda_item": id, "title": ..., "text": ...}], "views": [...]}
    snapshot = models.JSONField(default=dict)
    reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-revision", "-pk"]


class Correction(models.Model):
    """An attendee's suggested correction to minutes sent for comment; the minute-taker accepts or answers."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for the minute-taker"
        ACCEPTED = "accepted", "Accepted"
        ANSWERED = "answered", "Answered"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="corrections")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Agenda item",
    )
    # A correction may be about a partner's view quoted in the minutes ("Suggest other words").
    partner_view = models.ForeignKey(
        PartnerView, on_delete=models.SET_NULL, null=True, blank=True, related_name="corrections"
    )
    # Words, a link to a BSL video of the correction, or both: either is enough.
    text = models.TextField("Your suggested correction", max_length=3000, blank=True)
    bsl_video_url = models.URLField("Link to a BSL video", max_length=500, blank=True)
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    response = models.TextField("Answer", max_length=3000, blank=True)
    responded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]


# ---------------------------------------------------------------- decisions and action points


class Decision(EasyReadModel):
    class How(models.TextChoices):
        CONSENSUS = "consensus", "By consensus"
        VOTE = "vote", "By a vote"
        DEFERRED = "deferred", "Deferred to a later meeting"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    text = models.TextField("The words agreed", max_length=3000)
    how = models.CharField("How it was decided", max_length=10, choices=How.choices, default=How.CONSENSUS)
    votes_for = models.PositiveSmallIntegerField("Votes for", null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField("Votes against", null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField("Abstentions", null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "number"], name="unique_decision_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:60]}"

    @property
    def reference(self) -> str:
        return f"D-{self.year}-{self.number:03d}"


class DecisionChange(models.Model):
    """The words of a decision before someone changed them: decisions matter, so their history is kept."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="changes")
    text = models.TextField()
    how = models.CharField(max_length=10, choices=Decision.How.choices)
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(null=True, blank=True)
    easy_read_text = models.TextField(blank=True)
    changed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]


class ActionPointQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[ActionPoint.Status.OPEN, ActionPoint.Status.IN_PROGRESS])

    def overdue(self):
        return self.open().filter(due_on__lt=timezone.localdate())

    def owned_by(self, person):
        """Action points a person owns, directly or through their partner group in that partnership."""
        from partners.models import Membership

        groups = Membership.objects.current().filter(person=person, group__isnull=False).values("group")
        return self.filter(models.Q(owner_person=person) | models.Q(owner_group__in=groups))


class ActionPoint(EasyReadModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="action_points")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_points"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_points"
    )
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    text = models.TextField("What is to be done", max_length=2000)
    owner_person = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_points",
        verbose_name="Person",
    )
    # RESTRICT: a group that owns action points cannot vanish and leave them with nobody to do them (deleting
    # the whole partnership still may).
    owner_group = models.ForeignKey(
        PartnerGroup,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="action_points",
        verbose_name="Partner group",
    )
    due_on = models.DateField("Due by")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    close_reason = models.CharField("Why it is closed", max_length=500, blank=True)
    closed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionPointQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year", "number"], name="unique_action_reference")
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:60]}"

    @property
    def reference(self) -> str:
        return f"A-{self.year}-{self.number:03d}"

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.OPEN, self.Status.IN_PROGRESS}

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def owner_name(self) -> str:
        if self.owner_person_id:
            return self.owner_person.display_name
        if self.owner_group_id:
            return self.owner_group.name
        return FORMER_PARTNER


# ---------------------------------------------------------------- papers and background information


class Paper(models.Model):
    """A paper for an agenda item, or for the partnership's background library. Its file has versions."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="papers")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="papers"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="papers"
    )
    title = models.CharField("Title", max_length=200)
    description = models.TextField("What it is about (optional)", max_length=2000, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_background(self) -> bool:
        return self.meeting_id is None


class PaperVersion(models.Model):
    """One uploaded file of a paper. A new upload of the same format replaces the current one; old ones stay.

    `format` lets a paper carry its own large print or easy read version (used by the meeting packs). A BSL
    video version is a link, not a file: videos are large and live where they can be streamed, so it has a
    `video_url` and no file, name, type or size.
    """

    class Format(models.TextChoices):
        STANDARD = "standard", "Standard"
        LARGE_PRINT = "large_print", "Large print"
        EASY_READ = "easy_read", "Easy read"
        BSL_VIDEO = "bsl_video", "BSL video"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="versions")
    format = models.CharField(max_length=12, choices=Format.choices, default=Format.STANDARD)
    number = models.PositiveIntegerField(default=1)
    file = models.FileField(upload_to="papers/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    video_url = models.URLField("Link to the BSL video", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["format", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "format", "number"], name="unique_paper_version_number"),
            # A BSL video is a link and nothing else; every other version is a file.
            models.CheckConstraint(
                condition=(models.Q(format="bsl_video") & ~models.Q(video_url="") & models.Q(file=""))
                | (~models.Q(format="bsl_video") & models.Q(video_url="")),
                name="paper_version_video_is_a_link",
            ),
        ]

    @property
    def is_video(self) -> bool:
        return self.format == self.Format.BSL_VIDEO


# ---------------------------------------------------------------- calendar


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's private calendar feed address with all their meetings; reset it if shared by mistake."""

    person = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)


# ---------------------------------------------------------------- easy read, meeting packs and reminders


class EasyReadCheck(models.Model):
    """People who use easy read checked a meeting's easy read documents. A pack is "ready" only with one,
    recorded after the last change to its easy read text."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="easy_read_checks")
    checked_by = models.CharField(
        "Who checked it", max_length=300, help_text="For example: Chloe and the Tuesday self-advocacy group."
    )
    checked_on = models.DateField("When", default=timezone.localdate)
    notes = models.TextField("What they said (optional)", max_length=2000, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class PackDelivery(models.Model):
    """Who was sent the meeting pack, in which format, how, and whether it went before the papers deadline."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        POST = "post", "Post (printed by the coordinator)"
        DIGEST = "digest", "In their weekly digest"
        OTHER = "other", "Another way (the coordinator contacts them)"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pack_deliveries")
    person = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    variant = models.CharField(max_length=12)  # standard, large_print, easy_read (coproduction.printing)
    paper_format = models.CharField(max_length=20)  # what the person asked for, e.g. braille
    channel = models.CharField(max_length=10, choices=Channel.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    late = models.BooleanField(default=False)
    sent_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    # Whether the pack in this format was ready when it went (easy read written and checked, every paper in
    # this format): a need is met only by a ready pack. None for packs sent before this was recorded.
    ready = models.BooleanField(null=True, default=None)
    # The coordinator's tick on the print and post list: the pack posted (a post delivery) or the person
    # contacted (another way); and, for a posted pack, the phone call to go through it.
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    called_at = models.DateTimeField(null=True, blank=True)
    called_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-sent_at", "pk"]


class SentReminder(models.Model):
    """One reminder sent to one person: the scheduled command never sends the same one twice."""

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=100)  # what it is about and when, e.g. "meeting:12:2026-03-03"
    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key", "person"], name="one_reminder_each")]


class DigestItem(models.Model):
    """News held for someone who asked for a weekly digest instead of an email each time."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="digest_items")
    text = models.CharField(max_length=500)
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]


class PrintJob(models.Model):
    """A document being made in the background, or that could not be made: one row per document key (the
    print cache's name for that content), so only one render of it runs at once, and a failed one is not
    started again by every person who looks until it is time to try again."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be made"
        RUNNING = "running", "Being made"
        DONE = "done", "Made"
        FAILED = "failed", "Could not be made"

    key = models.CharField(max_length=64, unique=True)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    document = models.CharField(max_length=20)  # pack, agenda, minutes, actions
    variant = models.CharField(max_length=12)  # standard, large_print, easy_read
    for_expert = models.BooleanField(default=False)  # the visiting expert's pack, not the partners' one
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    changed_at = models.DateTimeField(default=timezone.now)  # when it was queued, started, made or failed
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.TextField(blank=True)  # for the log and the coordinator: what went wrong

    def __str__(self) -> str:
        return f"{self.document} ({self.variant}): {self.get_status_display()}"
