"""People, partnerships and who belongs where.

The partnership is the tenant: every tenant-owned model has a direct `partnership` foreign key. People
(User) live outside any one partnership, because one person can belong to several and records their access
needs once.
"""

import secrets
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .access_needs import GROUPS, NEED_CHOICES, NEEDS_BY_CODE

FORMER_PARTNER = "A former partner"

# A partner who takes part by post or phone has no email address. The email field is how accounts are told
# apart, so they get an address in a domain that can never receive mail (RFC 2606 reserves ".invalid"):
# nothing sent to it reaches anyone, and `User.has_email` says so before anything tries.
NO_EMAIL_DOMAIN = "no-email.invalid"


def no_email_address() -> str:
    return f"no-email-{secrets.token_hex(8)}@{NO_EMAIL_DOMAIN}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is needed")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Email is how they sign in; there are no usernames."""

    class TextSize(models.TextChoices):
        STANDARD = "standard", "Standard"
        LARGE = "large", "Large"
        EXTRA_LARGE = "extra_large", "Extra large"

    email = models.EmailField("Email address", unique=True)
    full_name = models.CharField("Full name", max_length=150)
    known_as = models.CharField(
        "The name to use", max_length=80, blank=True, help_text="What you would like people to call you."
    )
    pronouns = models.CharField(
        "Pronouns (optional)", max_length=40, blank=True, help_text="For example she/her."
    )
    phone = models.CharField("Phone number (optional)", max_length=40, blank=True)

    # Display preferences change the whole site for this person, server-side.
    text_size = models.CharField(
        "Text size", max_length=12, choices=TextSize.choices, default=TextSize.STANDARD
    )
    high_contrast = models.BooleanField("Higher contrast", default=False)
    easy_read_first = models.BooleanField(
        "Show easy read first, where there is an easy read version", default=False
    )

    # Access needs are personal: only coordinators and chairs see them unless the person shares them by name.
    share_access_needs = models.BooleanField(
        "Let other partners see my access needs with my name",
        default=False,
    )
    # Someone a coordinator added who does not use email or computers: they cannot sign in, get everything by
    # post or phone, and the coordinator records their access needs and preferences for them.
    offline = models.BooleanField("Takes part by post or phone, without email", default=False)

    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.known_as or self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    @property
    def has_email(self) -> bool:
        """Whether anything may be emailed to this person. An offline partner's address only tells them
        apart from others: it receives nothing."""
        return not self.offline and not self.email.endswith("@" + NO_EMAIL_DOMAIN)

    def get_short_name(self) -> str:
        return self.display_name

    def html_classes(self) -> str:
        """Classes on <html> that apply this person's display preferences to every page."""
        classes = []
        if self.text_size == self.TextSize.LARGE:
            classes.append("cp-text-large")
        elif self.text_size == self.TextSize.EXTRA_LARGE:
            classes.append("cp-text-xlarge")
        if self.high_contrast:
            classes.append("cp-contrast-high")
        return " ".join(classes)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError("Enter a time zone such as Europe/London.")


class Partnership(models.Model):
    """The tenant: a co-production partnership of about 10 to 15 people."""

    class Status(models.TextChoices):
        FORMING = "forming", "Forming"
        ACTIVE = "active", "Active"
        FINISHED = "finished", "Finished"

    name = models.CharField("Name", max_length=120)
    slug = models.SlugField(
        "Web address name",
        max_length=60,
        unique=True,
        help_text="Used in web addresses. Lower-case letters, numbers and hyphens only.",
        error_messages={"unique": "That web address name is already taken. Choose another."},
    )
    purpose = models.TextField("What the partnership is for", max_length=2000, blank=True)
    time_zone = models.CharField(
        "Time zone", max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    papers_notice_days = models.PositiveSmallIntegerField(
        "Days before a meeting that papers must go out",
        default=7,
        help_text="The toolkit says information should always be sent out well before a meeting.",
    )
    group_size_min = models.PositiveSmallIntegerField("Smallest group that works well", default=10)
    group_size_max = models.PositiveSmallIntegerField("Largest group that works well", default=15)
    status = models.CharField("Status", max_length=10, choices=Status.choices, default=Status.FORMING)
    # The name is older than its meaning: it covers everyone who sees access needs by name (the roles in
    # ROLES_SEEING_ACCESS_NEEDS and the chairs of any meeting), see coproduction.access.sees_needs_by_name.
    require_mfa_for_coordinators = models.BooleanField(
        "Require two-factor authentication for coordinators and chairs",
        default=False,
        help_text="Coordinators and chairs see everyone's access needs by name, and so does whoever chairs a "
        "meeting. They will be asked to set up two-factor authentication before they can carry on.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workspace", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.group_size_min and self.group_size_max and self.group_size_min > self.group_size_max:
            raise ValidationError(
                {"group_size_max": "The largest group must be at least the smallest group."}
            )


class PartnerGroup(models.Model):
    """An organisation or group taking part: a disabled people's organisation, a council, a health board."""

    class Kind(models.TextChoices):
        DPO = "dpo", "Disabled people's organisation or group of disabled people"
        COUNCIL = "council", "Council"
        HEALTH_BOARD = "health_board", "Health board"
        VOLUNTARY = "voluntary", "Voluntary organisation"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField("Name", max_length=120)
    kind = models.CharField("Kind of group", max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="unique_group_name_per_partnership",
                violation_error_message="There is already a group with that name in this partnership.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinator"
    CHAIR = "chair", "Chair or co-chair"
    MINUTE_TAKER = "minute_taker", "Minute-taker"
    MEMBER = "member", "Partner member"
    VISITING_EXPERT = "visiting_expert", "Visiting expert"
    OBSERVER = "observer", "Observer"


# Who may see everyone's access needs by name, and who runs the partnership's settings and people.
ROLES_SEEING_ACCESS_NEEDS = frozenset({Role.COORDINATOR, Role.CHAIR})
ROLES_MANAGING = frozenset({Role.COORDINATOR})


def current_membership_q(prefix: str = "") -> models.Q:
    """Members who have not left (today or earlier) and whose account still exists."""
    today = timezone.localdate()
    return models.Q(**{f"{prefix}person__isnull": False}) & (
        models.Q(**{f"{prefix}left_on__isnull": True}) | models.Q(**{f"{prefix}left_on__gt": today})
    )


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(current_membership_q())


class Membership(models.Model):
    """A person's place in a partnership, with their role. Kept when they leave or delete their account."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    # Null once the person deletes their account: the partnership's records then say "a former partner".
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField("Role", max_length=20, choices=Role.choices, default=Role.MEMBER)
    group = models.ForeignKey(
        PartnerGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="Group",
    )
    joined_on = models.DateField("Joined", default=timezone.localdate)
    left_on = models.DateField("Left", null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "person"],
                name="one_membership_per_person",
                condition=models.Q(person__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def name(self) -> str:
        return self.person.display_name if self.person_id else FORMER_PARTNER

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def sees_access_needs(self) -> bool:
        return self.role in ROLES_SEEING_ACCESS_NEEDS

    def may_name_needs_of(self, person) -> bool:
        """Whether this member may see `person`'s access needs by name: their own; everyone's if they are a
        coordinator or chair; a partner's who chose to share, unless this member only observes or visits."""
        if person.pk == self.person_id or self.sees_access_needs:
            return True
        return person.share_access_needs and self.role not in {Role.OBSERVER, Role.VISITING_EXPERT}


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation by email to join a partnership with a role. There is no open sign-up."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        ACCEPTED = "accepted", "Accepted"
        REVOKED = "revoked", "Withdrawn"
        EXPIRED = "expired", "Expired"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("Email address")
    role = models.CharField("Role", max_length=20, choices=Role.choices, default=Role.MEMBER)
    group = models.ForeignKey(
        PartnerGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="Group"
    )
    message = models.TextField("A personal message (optional)", max_length=1000, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.partnership}"

    @property
    def status(self) -> "Invitation.Status":
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return self.status.label

    def renew(self) -> None:
        self.expires_at = _invitation_expiry()

    def get_accept_url(self) -> str:
        return reverse("partners:invitation_accept", kwargs={"token": self.token})


class HowTold(models.TextChoices):
    PHONE = "phone", "By phone"
    IN_PERSON = "in_person", "In person"
    LETTER = "letter", "By letter"
    SUPPORT_PERSON = "support_person", "Through their support person"


class RecordedOnBehalf(models.Model):
    """Who wrote this down for the person, when, and how the person told them. Empty when the person wrote it
    themselves: their own words need no one vouching for them."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_how = models.CharField("How they told you", max_length=20, choices=HowTold.choices, blank=True)

    class Meta:
        abstract = True

    def mark_recorded(self, *, by, how: str) -> None:
        self.recorded_by = by
        self.recorded_at = timezone.now()
        self.recorded_how = how

    def mark_own(self) -> None:
        self.recorded_by = None
        self.recorded_at = None
        self.recorded_how = ""

    @property
    def recorded_text(self) -> str:
        """ "Recorded by Morag on 3 March 2026, told by phone", or "" for the person's own words."""
        if not self.recorded_at:
            return ""
        who = self.recorded_by.display_name if self.recorded_by_id else FORMER_PARTNER.lower()
        text = f"Recorded by {who} on {timezone.localtime(self.recorded_at):%-d %B %Y}"
        how = dict(HowTold.choices).get(self.recorded_how, "")
        return f"{text}, told {how[0].lower()}{how[1:]}" if how else text


class AccessNeed(RecordedOnBehalf):
    """One of a person's access needs: a code from the vocabulary plus their own words."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_needs"
    )
    code = models.CharField("Access need", max_length=40, choices=NEED_CHOICES)
    note = models.TextField(
        "In your own words (optional)",
        max_length=1000,
        blank=True,
        help_text="Anything that helps people get this right for you.",
    )
    minutes = models.PositiveSmallIntegerField("Minutes", null=True, blank=True)
    earliest_start = models.TimeField("Earliest start", null=True, blank=True)
    days = models.PositiveSmallIntegerField("Days", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        need = NEEDS_BY_CODE.get(self.code)
        return need.label if need else self.code

    @property
    def group_label(self) -> str:
        need = NEEDS_BY_CODE.get(self.code)
        return GROUPS[need.group] if need else ""

    @property
    def detail_text(self) -> str:
        """The person's extra detail in words: "every 45 minutes", "from 10:00"."""
        need = NEEDS_BY_CODE.get(self.code)
        if not need or not need.detail:
            return ""
        if need.detail == "minutes" and self.minutes:
            return (
                f"every {self.minutes} minutes"
                if self.code == "regular_breaks"
                else f"{self.minutes} minutes at most"
            )
        if need.detail == "time" and self.earliest_start:
            return f"from {self.earliest_start:%H:%M}"
        if need.detail == "days" and self.days:
            return f"{self.days} extra days"
        return ""


class CommunicationPreference(RecordedOnBehalf):
    """How a person wants to hear from their partnerships. One per person, made on first use."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        POST = "post", "Post"
        VIDEO = "video", "Video call"

    class PaperFormat(models.TextChoices):
        STANDARD = "standard", "Standard print"
        LARGE_PRINT = "large_print", "Large print"
        EASY_READ = "easy_read", "Easy read"
        PLAIN_TEXT = "plain_text", "Plain-text email (good for screen readers)"
        BRAILLE = "braille", "Braille, on request"
        AUDIO = "audio", "Audio, on request"

    class Frequency(models.TextChoices):
        AS_IT_HAPPENS = "as_it_happens", "As things happen"
        WEEKLY = "weekly", "A weekly digest"
        PACKS_ONLY = "packs_only", "Meeting packs only"

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="communication"
    )
    channels = models.JSONField("How to contact you", default=list, blank=True)
    paper_format = models.CharField(
        "Format for meeting papers", max_length=20, choices=PaperFormat.choices, default=PaperFormat.STANDARD
    )
    frequency = models.CharField(
        "How often to hear from us", max_length=20, choices=Frequency.choices, default=Frequency.AS_IT_HAPPENS
    )
    contact_between_meetings = models.BooleanField("Contact between meetings is welcome", default=True)
    best_times = models.CharField(
        "Best times to contact you (optional)",
        max_length=200,
        blank=True,
        help_text="For example weekday mornings.",
    )
    postal_address = models.TextField("Postal address (optional)", max_length=500, blank=True)
    support_person_name = models.CharField("Support person's name (optional)", max_length=150, blank=True)
    # Only an address its owner has confirmed is kept here, so everything that copies the support person in
    # (packs carry other partners' words) reads this field and can never reach an address nobody confirmed.
    support_person_email = models.EmailField(
        "Support person's email address (optional)",
        blank=True,
        help_text="We will copy them in on messages to you.",
    )
    # An address the person gave that its owner has not confirmed yet: nothing is copied to it.
    support_person_email_waiting = models.EmailField(blank=True)
    support_person_asked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Communication preferences of {self.person}"

    @property
    def support_person_address(self) -> str:
        """The address the person gave, confirmed or still waiting: what their form shows."""
        return self.support_person_email_waiting or self.support_person_email

    def channel_labels(self) -> list[str]:
        labels = dict(self.Channel.choices)
        return [labels[c] for c in self.channels if c in labels]


class Picture(models.Model):
    """A picture a partnership uploads for easy read (a licensed symbol, a photo of the venue).

    The bundled open pictures (OpenMoji) are not rows: they are named by code in
    `coproduction.easy_read.pictures`.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="pictures")
    name = models.CharField("What it shows, in a few words", max_length=80)
    alt_text = models.CharField(
        "Describe the picture",
        max_length=300,
        help_text="For people who cannot see it, for example: A calendar with one day circled.",
    )
    image = models.ImageField(upload_to="pictures/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class GlossaryTerm(models.Model):
    """A hard word and its easy explanation. Easy read documents put it in bold, explain it in the next
    sentence and list it at the end."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="glossary")
    word = models.CharField("Hard word", max_length=80)
    explanation = models.TextField("Easy explanation", max_length=500)
    picture = models.CharField("Picture (optional)", max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["word"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "word"],
                name="one_glossary_entry_per_word",
                violation_error_message="This word is already in the glossary.",
            )
        ]

    def __str__(self) -> str:
        return self.word
