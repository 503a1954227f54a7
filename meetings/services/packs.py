"""Sending the meeting pack: each invited person gets it in their own format (standard, large print or easy
read) through their own channel (email, post, their weekly digest, or a call from the coordinator), and the
meeting records who was sent what, when, and whether it went before the papers deadline.

The request decides and records; the emails (with the PDFs attached) go out in a background task after the
transaction commits, so sending to 15 people stays quick whichever task backend runs it.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coproduction.printing import VARIANT_LABELS, Printed
from partners.models import CommunicationPreference, Membership, Role, User

from ..models import AgendaItem, DigestItem, Meeting, PackDelivery, SentReminder
from .access_plan import (
    CHECKED_FORMATS,
    EXTRA_READING_TIME,
    PaperTitle,
    extra_days_from,
    papers_without,
    person_papers_deadline,
)
from .documents import meeting_pack_files
from .meetings import invited_people_rows
from .record import require_unlocked

logger = logging.getLogger(__name__)

Channel = PackDelivery.Channel
Pref = CommunicationPreference

# Formats made outside the app (by a transcription service): the person gets the standard pack meanwhile and
# the coordinator's list says to order theirs.
ON_REQUEST_LABELS = {Pref.PaperFormat.BRAILLE: "braille", Pref.PaperFormat.AUDIO: "audio"}
CONTACT_LABELS = {
    Pref.Channel.PHONE: "phone",
    Pref.Channel.TEXT: "text message",
    Pref.Channel.VIDEO: "video call",
}
# The variants in a sentence: "attached, in standard print".
FORMAT_WORDS = {"standard": "standard print", "large_print": "large print", "easy_read": "easy read"}
ROUTE_WORDS = {
    Channel.EMAIL: "by email",
    Channel.POST: "by post",
    Channel.DIGEST: "in their weekly digest",
    Channel.OTHER: "from you by phone or another way",
}
# A person's pack email is recorded as one of these, so a task run twice sends it once.
PACK_EMAIL = "pack_email"


def site_url() -> str:
    """The address links in emails start with, when no request is at hand (the scheduled command)."""
    return getattr(settings, "SITE_URL", "") or "http://localhost:8000"


def local_day(moment: datetime, partnership) -> str:
    """ "3 March": short enough for a subject line."""
    local = timezone.localtime(moment, _zone(partnership))
    return f"{local.day} {local:%B}"


def _zone(partnership) -> ZoneInfo:
    return ZoneInfo(partnership.time_zone)


def meeting_where(meeting: Meeting) -> str:
    """ "Riverside Community Hub, 22 Mill Street, Riverside", "Online", or both, in one line for an email."""
    online = meeting.format != Meeting.Format.IN_PERSON
    if meeting.format == Meeting.Format.ONLINE:
        return "Online"
    if meeting.venue_id is None:
        place = "The place is not chosen yet"
    else:
        lines = [line.strip() for line in meeting.venue.address.splitlines() if line.strip()]
        place = ", ".join([meeting.venue.name, *lines])
    return place + (", or online" if online else "")


# ---------------------------------------------------------------- who gets what, and how


def variant_for(paper_format: str, need_codes: set[str]) -> str:
    """The printed variant for a person: the format they chose, else what their access needs say.

    Easy read comes before large print when both are needed: the words must make sense before they are big.
    """
    if paper_format in (Pref.PaperFormat.LARGE_PRINT, Pref.PaperFormat.EASY_READ):
        return paper_format
    if "easy_read" in need_codes:
        return "easy_read"
    if "large_print" in need_codes:
        return "large_print"
    return "standard"


@dataclass
class PackPlan:
    """What one invited person is sent, and how."""

    person: User
    variant: str
    paper_format: str  # what they asked for, recorded with the delivery (braille, audio, plain_text...)
    routes: list[str]  # PackDelivery channels: email, post, digest, other
    channels: list[str]
    postal_address: str = ""
    support_name: str = ""
    support_email: str = ""  # confirmed by its owner: only this address is ever copied in
    support_waiting: str = ""  # given by the person, not confirmed yet: nothing goes to it
    plain_text: bool = False
    on_request: str = ""  # "braille" or "audio": made outside the app
    best_times: str = ""
    frequency: str = ""  # how often they asked to hear from us (Pref.Frequency), "" when never set
    last_sent: datetime | None = None
    # "Extra time to read papers": this person's papers deadline is this many days before everyone else's.
    extra_days: int = 0
    deadline: datetime | None = None
    # On the print and post list: this person's deliveries in the latest send, by channel.
    deliveries: dict[str, PackDelivery] = field(default_factory=dict)

    @property
    def posted(self) -> "Tick | None":
        return _tick(self.deliveries.get(Channel.POST), POSTED)

    @property
    def contacted(self) -> "Tick | None":
        return _tick(self.deliveries.get(Channel.OTHER), CONTACTED)

    @property
    def phoned(self) -> "Tick | None":
        return _tick(self.deliveries.get(Channel.POST), CALLED)

    @property
    def variant_label(self) -> str:
        return VARIANT_LABELS[self.variant]

    @property
    def name(self) -> str:
        return self.person.display_name

    @property
    def by_email(self) -> bool:
        return Channel.EMAIL in self.routes

    @property
    def support_copy(self) -> bool:
        """Someone who takes no email but has a support person who does: the support person gets a copy by
        email, as the profile promises ("we will copy them in")."""
        return bool(self.support_email) and not self.by_email and Channel.DIGEST not in self.routes

    @property
    def phone_to_go_through(self) -> bool:
        """Post for someone who also takes phone calls and no email: someone rings to go through it."""
        return Channel.POST in self.routes and Pref.Channel.PHONE in self.channels and not self.by_email

    @property
    def contact_by(self) -> str:
        """ "phone or text message": how the coordinator reaches someone who takes neither email nor post."""
        labels = [CONTACT_LABELS[c] for c in self.channels if c in CONTACT_LABELS]
        return " or ".join(labels) if labels else "whatever way suits them (ask them)"

    @property
    def gets_it(self) -> str:
        """ "gets large print by email and by post": how this person gets their format, in a sentence."""
        ways = " and ".join(ROUTE_WORDS[route] for route in self.routes)
        return f"gets {self.variant_label} {ways}"

    def how(self) -> list[str]:
        """Each way this person gets the pack, in words for the confirmation page."""
        words = []
        for route in self.routes:
            if route == Channel.EMAIL:
                text = "Email, with the PDF attached" + (" (plain text)" if self.plain_text else "")
                if self.support_email:
                    text += f"; {self.support_name or 'their support person'} is copied in"
                words.append(text)
            elif route == Channel.POST:
                if self.postal_address:
                    words.append("By post: on your print and post list")
                else:
                    words.append("By post, but there is no postal address: ask them for one")
            elif route == Channel.DIGEST:
                words.append("A link in their weekly digest")
            else:
                words.append(f"You contact them by {self.contact_by}")
        if self.support_copy:
            words.append(f"A copy by email to {self.support_name or 'their support person'}")
        if self.support_waiting:
            words.append(
                f"Not copied to their support person: {self.support_waiting} has not confirmed their "
                "address yet"
            )
        if self.phone_to_go_through:
            words.append(f"A phone call to go through the {self.variant_label} pack")
        return words


# Every column of a communication preference, in the model's order (as `Model.from_db` takes them).
_PREF_FIELDS = [f.attname for f in Pref._meta.concrete_fields]


def _prefs_and_needs(ids: list[int]) -> tuple[dict[int, Pref], list[tuple[int, str, int | None]]]:
    """These people's communication preferences, and their access needs as (person, code, days): one query,
    from the people's side, so someone with a preference and no need (or the other way round) is there."""
    return _prefs_and_needs_from(
        User.objects.filter(pk__in=ids).values_list(
            "pk",
            *(f"communication__{name}" for name in _PREF_FIELDS),
            "access_needs__code",
            "access_needs__days",
        )
    )


def _with_prefs_and_needs(people: QuerySet[User]) -> QuerySet[User]:
    """`_prefs_and_needs`'s columns on people (`meetings.invited_people_rows`): one row per access need."""
    return people.annotate(
        **{f"pref_{name}": F(f"communication__{name}") for name in _PREF_FIELDS},
        need_code=F("access_needs__code"),
        need_days=F("access_needs__days"),
    )


def _prefs_and_needs_from(rows) -> tuple[dict[int, Pref], list[tuple[int, str, int | None]]]:
    """`_prefs_and_needs` from rows of (person, every preference column, need code, need days)."""
    prefs: dict[int, Pref] = {}
    needs = []
    for person_id, *pref, code, days in rows:
        if pref[0] is not None and person_id not in prefs:
            prefs[person_id] = Pref.from_db(Pref.objects.db, _PREF_FIELDS, pref)
        if code is not None:
            needs.append((person_id, code, days))
    return prefs, needs


def pack_plans(
    meeting: Meeting,
    people: list | None = None,
    *,
    deliveries: "list[DeliveryFact] | None" = None,
    with_last_sent: bool = True,
) -> list[PackPlan]:
    """Everyone invited to the meeting with their format and channels. Two queries however many people (the
    people with their preferences and needs, and the packs sent); one when the caller has the meeting's
    `deliveries` (`delivery_facts`) or needs no `last_sent` (the minutes). With `invited_people(meeting)`
    already (`people`), one for their preferences and needs instead."""
    if people is None:  # the people with their preferences and needs, in one query
        found = invited_people_rows(meeting, _with_prefs_and_needs)
        people = [person for person, _, _ in found]
        prefs, rows = _prefs_and_needs_from(
            (row.pk, *(getattr(row, f"pref_{name}") for name in _PREF_FIELDS), row.need_code, row.need_days)
            for _, _, person_rows in found
            for row in person_rows
        )
    else:
        people = [person for person, _ in people]
        prefs, rows = _prefs_and_needs([p.pk for p in people])
    ids = [p.pk for p in people]
    needs: dict[int, set[str]] = {}
    for person_id, code, _days in rows:
        needs.setdefault(person_id, set()).add(code)
    extra_days = extra_days_from((p, days) for p, code, days in rows if code == EXTRA_READING_TIME)
    if deliveries is None and with_last_sent:
        sent = PackDelivery.objects.filter(meeting=meeting, person_id__in=ids)
        deliveries = [
            DeliveryFact(pk=0, person_id=person_id, sent_at=sent_at, late=False)
            for person_id, sent_at in sent.values_list("person_id", "sent_at")
        ]
    last_sent: dict[int, datetime] = {}
    for fact in deliveries or []:
        if fact.person_id is not None:
            last_sent[fact.person_id] = max(fact.sent_at, last_sent.get(fact.person_id, fact.sent_at))
    plans = [_plan(p, prefs.get(p.pk), needs.get(p.pk, set()), last_sent.get(p.pk)) for p in people]
    for plan in plans:
        plan.extra_days = extra_days.get(plan.person.pk, 0)
        plan.deadline = person_papers_deadline(meeting, plan.extra_days)
    return plans


def _plan(person: User, pref: Pref | None, need_codes: set[str], last_sent: datetime | None) -> PackPlan:
    # Someone who never set their preferences is emailed the standard pack as things happen.
    channels = list(pref.channels) if pref else [Pref.Channel.EMAIL]
    if not person.has_email:
        # A partner who does not use email (added by a coordinator) gets nothing by email, whatever is set.
        channels = [c for c in channels if c != Pref.Channel.EMAIL] or [Pref.Channel.POST]
    paper_format = pref.paper_format if pref else Pref.PaperFormat.STANDARD
    on_request = ON_REQUEST_LABELS.get(paper_format, "")
    if not on_request:
        on_request = next((ON_REQUEST_LABELS[c] for c in ON_REQUEST_LABELS if c in need_codes), "")
        if on_request and paper_format == Pref.PaperFormat.STANDARD:
            paper_format = next(c for c in ON_REQUEST_LABELS if ON_REQUEST_LABELS[c] == on_request)
    routes = []
    if Pref.Channel.EMAIL in channels:
        weekly = pref is not None and pref.frequency == Pref.Frequency.WEEKLY
        routes.append(Channel.DIGEST if weekly else Channel.EMAIL)
    if Pref.Channel.POST in channels:
        routes.append(Channel.POST)
    if not routes:
        routes.append(Channel.OTHER)
    return PackPlan(
        person=person,
        variant=variant_for(paper_format, need_codes),
        paper_format=paper_format,
        routes=routes,
        channels=channels,
        postal_address=pref.postal_address.strip() if pref else "",
        support_name=pref.support_person_name if pref else "",
        support_email=pref.support_person_email if pref else "",
        support_waiting=pref.support_person_email_waiting if pref else "",
        plain_text=paper_format == Pref.PaperFormat.PLAIN_TEXT,
        on_request=on_request,
        best_times=pref.best_times if pref else "",
        frequency=pref.frequency if pref else "",
        last_sent=last_sent,
    )


@dataclass(frozen=True)
class DeliveryFact:
    """One delivery of a meeting's pack, as the Send meeting pack page needs it."""

    pk: int
    person_id: int | None
    sent_at: datetime
    late: bool
    row: "DeliveryRow | None" = None  # what the list of who was sent it shows


def delivery_facts(meeting: Meeting) -> list[DeliveryFact]:
    """Every delivery of the meeting's pack, first sent first, in one small query: who had it when (for
    `pack_plans`), the first (`deadline_status_from`) and the latest (`latest_delivery`). As many rows as
    people were sent it times the sends: bounded by the meeting, not by the partnership's history."""
    return [
        DeliveryFact(pk=d.pk, person_id=d.person_id, sent_at=d.sent_at, late=d.late, row=_delivery_row(d))
        for d in PackDelivery.objects.filter(meeting=meeting)
        .select_related("person", "sent_by")
        .order_by("sent_at", "pk")
    ]


def newest_first(deliveries: list[DeliveryFact]) -> list["DeliveryRow"]:
    """The list of who was sent the pack (`_deliveries.html`) from the deliveries in hand: newest first."""
    ordered = sorted(deliveries, key=lambda fact: (fact.row.name, fact.pk))
    return [fact.row for fact in sorted(ordered, key=lambda fact: fact.sent_at, reverse=True)]


def latest_delivery(deliveries: list[DeliveryFact]) -> DeliveryFact | None:
    """The last delivery sent: the newest time and, of those, the last made."""
    return max(deliveries, key=lambda fact: (fact.sent_at, fact.pk), default=None)


# ---------------------------------------------------------------- sending


@dataclass
class SendReport:
    sent: list[PackPlan]
    already_had_it: list[PackPlan]
    late: bool
    routes: Counter = field(default_factory=Counter)
    # People whose pack was not ready, so the default button did not send it.
    held_back: list[PackPlan] = field(default_factory=list)
    # People sent their pack after their own, earlier, papers deadline (extra time to read).
    late_people: list[PackPlan] = field(default_factory=list)

    @property
    def for_coordinator(self) -> bool:
        """Whether the coordinator has something to do: print and post, ring someone, order braille."""
        return bool(
            self.routes[Channel.POST] or self.routes[Channel.OTHER] or any(p.on_request for p in self.sent)
        )

    def summary(self) -> str:
        """ "The meeting pack is on its way: 6 people by email; 2 by post..." for the message after it."""
        held = ""
        if self.held_back:
            who = _and([f"{plan.name} ({plan.variant_label})" for plan in self.held_back])
            held = (
                f" Not sent to {who}: their pack is not ready yet. Fix what the Send meeting pack page "
                "lists, then send it to people who have not had it."
            )
        if not self.sent:
            if held:
                return "Nothing was sent." + held
            return "Everyone invited has already had the meeting pack, so nothing was sent."
        parts = []
        for route, words in (
            (Channel.EMAIL, "by email"),
            (Channel.POST, "by post (print them from your print and post list)"),
            (Channel.DIGEST, "in their weekly digest"),
            (Channel.OTHER, "to contact by phone, text or video call (see your list)"),
        ):
            count = self.routes[route]
            if count:
                parts.append(f"{count} {'person' if count == 1 else 'people'} {words}")
        message = "The meeting pack is on its way: " + "; ".join(parts) + "."
        if self.late:
            message += " It went after the papers deadline, so it is recorded as late."
        elif self.late_people:
            who = _and([plan.name for plan in self.late_people])
            message += (
                f" It went after the earlier papers deadline of {who} (extra time to read papers), so "
                f"{'theirs is' if len(self.late_people) == 1 else 'theirs are'} recorded as late."
            )
        return message + held


def pack_send_check(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError("This meeting is cancelled, so there is no pack to send.")
    if meeting.is_past:
        raise ValidationError("This meeting has already happened, so its pack cannot be sent now.")


def web_path(meeting: Meeting, variant: str) -> str:
    return reverse(
        "meetings:document_web",
        kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, "document": "pack", "variant": variant},
    )


def pdf_path(meeting: Meeting, variant: str) -> str:
    return reverse(
        "meetings:document_pdf",
        kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, "document": "pack", "variant": variant},
    )


def pack_send(
    *,
    meeting: Meeting,
    by: User,
    everyone: bool = False,
    seen: int | None = None,
    base_url: str = "",
    anyway: bool = False,
) -> SendReport:
    """Send the pack to everyone invited who has not had it (or, with `everyone`, to everyone again).

    A pack that is not ready (`pack_readiness`) is held back, so nobody gets a "not ready" pack by default;
    `anyway` (a separate, explicit choice on the page) sends it too, recorded as not ready.

    `seen` is the last delivery the sender saw: sending to everyone again is refused when the pack has gone
    out since (a second press, or another coordinator), so it goes again once.

    Records a PackDelivery for each way each person gets it, a digest item for weekly-digest people, and
    marks a planned meeting "papers sent". The emails go out after the transaction commits.
    """
    base_url = (base_url or site_url()).rstrip("/")
    with transaction.atomic():
        # One send at a time per meeting: a second press waits, then finds everyone has had it.
        meeting = Meeting.objects.select_for_update().select_related("partnership").get(pk=meeting.pk)
        pack_send_check(meeting)
        if everyone:
            latest = PackDelivery.objects.filter(meeting=meeting).order_by("-sent_at", "-pk").first()
            if latest is not None and latest.pk != seen:
                raise ValidationError(
                    "The meeting pack was sent again a moment ago "
                    f"({timezone.localtime(latest.sent_at):%H:%M}), so nothing more was sent."
                )
        plans = pack_plans(meeting)
        to_send = plans if everyone else [plan for plan in plans if plan.last_sent is None]
        readiness = pack_readiness(meeting, to_send)
        ready = {variant: state.ready for variant, state in readiness.items()}
        held_back = [] if anyway else [plan for plan in to_send if not ready.get(plan.variant, True)]
        to_send = [plan for plan in to_send if plan not in held_back]
        now = timezone.now()
        late = now > meeting.papers_deadline
        already = [] if everyone else [plan for plan in plans if plan.last_sent is not None]
        report = SendReport(
            sent=to_send,
            already_had_it=already,
            late=late,
            held_back=held_back,
            late_people=[plan for plan in to_send if plan.deadline and now > plan.deadline],
        )
        deliveries = []
        for plan in to_send:
            for route in plan.routes:
                report.routes[route] += 1
                deliveries.append(
                    PackDelivery(
                        partnership_id=meeting.partnership_id,
                        meeting=meeting,
                        person=plan.person,
                        variant=plan.variant,
                        paper_format=plan.paper_format,
                        channel=route,
                        sent_at=now,
                        late=late or bool(plan.deadline and now > plan.deadline),
                        sent_by=by,
                        ready=ready.get(plan.variant, True),
                    )
                )
        PackDelivery.objects.bulk_create(deliveries)
        day = local_day(meeting.starts_at, meeting.partnership)
        DigestItem.objects.bulk_create(
            DigestItem(
                partnership_id=meeting.partnership_id,
                person=plan.person,
                text=f"The meeting pack for {meeting.title}, {day}, is ready ({plan.variant_label}).",
                link=web_path(meeting, plan.variant),
                created_at=now,
            )
            for plan in to_send
            if Channel.DIGEST in plan.routes
        )
        if to_send and meeting.status == Meeting.Status.PLANNED:
            meeting.status = Meeting.Status.PAPERS_SENT
            meeting.save(update_fields=["status"])
        plans_by_person = {plan.person.pk: plan for plan in to_send}
        # Email deliveries, and the first delivery of someone whose support person gets a copy by email.
        to_email = [
            d.pk
            for d in deliveries
            if d.channel == Channel.EMAIL
            or (
                plans_by_person[d.person_id].support_copy
                and d.channel == plans_by_person[d.person_id].routes[0]
            )
        ]
        if to_email:
            from ..tasks import send_pack_emails

            transaction.on_commit(lambda: send_pack_emails.enqueue(to_email, base_url))
    return report


def email_send(
    *,
    to: list[str],
    subject: str,
    template: str,
    context: dict,
    cc: list[str] | None = None,
    attachments: list[Printed] = (),
    html: bool = True,
) -> None:
    """One email in plain text and, unless the person asked for plain text only, HTML with the same words."""
    text = render_to_string(f"emails/{template}.txt", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=to, cc=cc or [])
    if html:
        message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    for printed in attachments:
        message.attach(printed.filename, printed.pdf, "application/pdf")
    message.send()


def claim(*, kind: str, key: str, person: User, at: datetime | None = None) -> SentReminder | None:
    """Record that this message is being sent, or None if it was already (by this run or another one).

    The row is committed BEFORE the message goes: two runs at once cannot both claim it, and a run that dies
    after sending cannot send it again. If sending fails, `unclaim` lets a later run try again; a crash in
    between loses that one message rather than sending it twice.
    """
    try:
        with transaction.atomic():
            return SentReminder.objects.create(
                kind=kind, key=key, person=person, sent_at=at or timezone.now()
            )
    except IntegrityError:
        return None


def unclaim(sent: SentReminder) -> None:
    SentReminder.objects.filter(pk=sent.pk).delete()


@dataclass
class EmailResult:
    emailed: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"emailed": self.emailed, "already": self.already, "failed": self.failed}


def pack_emails_send(*, delivery_ids: list[int], base_url: str) -> EmailResult:
    """Email each of these deliveries its pack. Each variant is rendered once for everyone (and the print
    pipeline keeps it, so a later send reuses it). Each delivery is emailed at most once, however often this
    runs; an address the mail server refuses is logged and its delivery removed, so the meeting page shows
    the person has not had the pack and "send to people who have not had it" tries again."""
    base_url = (base_url or site_url()).rstrip("/")
    deliveries = list(
        PackDelivery.objects.filter(pk__in=delivery_ids, person__isnull=False)
        .select_related("person", "meeting", "meeting__partnership", "meeting__venue")
        .order_by("pk")
    )
    people = [d.person_id for d in deliveries]
    prefs = {p.person_id: p for p in Pref.objects.filter(person_id__in=people)}
    # A visiting expert is emailed the expert's pack: this meeting's agenda and papers, nothing else.
    experts = set(
        Membership.objects.current()
        .filter(person_id__in=people, role=Role.VISITING_EXPERT)
        .values_list("partnership_id", "person_id")
    )
    files: dict[tuple[int, str, bool], list[Printed]] = {}
    result = EmailResult()
    for delivery in deliveries:
        meeting, person = delivery.meeting, delivery.person
        sent = claim(kind=PACK_EMAIL, key=f"delivery:{delivery.pk}", person=person)
        if sent is None:
            result.already.append(delivery.pk)
            continue
        try:
            key = (meeting.pk, delivery.variant, (meeting.partnership_id, person.pk) in experts)
            if key not in files:
                files[key] = meeting_pack_files(meeting, delivery.variant, expert=key[2])
            _pack_email(delivery, prefs.get(person.pk), files[key], base_url)
        except Exception:
            # Whatever went wrong (the mail server refused, the pack could not be printed), this person has
            # not had the pack: take the claim back so "send to people who have not had it" tries again,
            # and carry on with everyone else.
            logger.exception("Could not email the meeting pack (delivery %s)", delivery.pk)
            unclaim(sent)
            result.failed.append(delivery.pk)
            delivery.delete()
        else:
            result.emailed.append(delivery.pk)
    return result


def _pack_email(delivery: PackDelivery, pref: Pref | None, attachments: list[Printed], base_url: str) -> None:
    meeting, person = delivery.meeting, delivery.person
    partnership = meeting.partnership
    support_name = pref.support_person_name if pref else ""
    support_email = pref.support_person_email if pref else ""
    to_support = delivery.channel != Channel.EMAIL
    day = local_day(meeting.starts_at, partnership)
    context = {
        "person": person,
        "meeting": meeting,
        "partnership": partnership,
        "variant_label": FORMAT_WORDS[delivery.variant],
        "where": meeting_where(meeting),
        "web_url": base_url + web_path(meeting, delivery.variant),
        "meeting_url": base_url + meeting.get_absolute_url(),
        "files": attachments,
        "for_support_person": to_support,
        "support_name": support_name,
        "late": delivery.late,
    }
    if to_support:
        if not support_email:
            return  # the address changed since the pack was sent and waits to be confirmed: nothing goes
        email_send(
            to=[support_email],
            subject=f"Meeting pack for {person.display_name}: {meeting.title}, {day}",
            template="pack",
            context=context,
            attachments=attachments,
        )
        return
    email_send(
        to=[person.email],
        cc=[support_email] if support_email else None,
        subject=f"Meeting pack: {meeting.title}, {day}",
        template="pack",
        context=context,
        attachments=attachments,
        html=delivery.paper_format != Pref.PaperFormat.PLAIN_TEXT,
    )


# ---------------------------------------------------------------- who was sent it (the Send page)


@dataclass(frozen=True)
class DeliveryRow:
    name: str
    variant_label: str
    paper_format: str
    channel_label: str
    sent_at: datetime
    late: bool
    sent_by: str


def _delivery_row(d: PackDelivery) -> DeliveryRow:
    asked = ON_REQUEST_LABELS.get(d.paper_format, "")
    return DeliveryRow(
        name=d.person.display_name if d.person else "A former partner",
        variant_label=VARIANT_LABELS.get(d.variant, d.variant),
        paper_format=f"{asked} on request" if asked else "",
        channel_label=d.get_channel_display(),
        sent_at=d.sent_at,
        late=d.late,
        sent_by=d.sent_by.display_name if d.sent_by else "",
    )


@dataclass(frozen=True)
class DeadlineStatus:
    deadline: datetime
    days_left: int  # negative once it has passed
    passed: bool
    sent: bool
    sent_at: datetime | None = None
    late: bool = False
    show: bool = True  # upcoming and not cancelled

    @property
    def warn(self) -> bool:
        return self.passed and not self.sent


def deadline_status(meeting: Meeting, now: datetime | None = None) -> DeadlineStatus:
    """How the meeting stands against its papers deadline. One query."""
    first = first_pack_sent(meeting.pk).values_list("sent_at", "late").first()
    return deadline_status_from(meeting, first, now)


def first_pack_sent(meeting_id):
    """The meeting's pack deliveries, first sent first; `meeting_id` may be an OuterRef, for pages that show
    several meetings' deadlines from one query (the workspace home)."""
    return PackDelivery.objects.filter(meeting_id=meeting_id).order_by("sent_at")


def deadline_status_from(
    meeting: Meeting, first: tuple[datetime, bool] | None, now: datetime | None = None
) -> DeadlineStatus:
    """`deadline_status` from the meeting's first pack delivery as (sent_at, late), or None when none was
    sent, where the caller has it already. No queries."""
    now = now or timezone.now()
    zone = _zone(meeting.partnership)
    deadline = meeting.papers_deadline
    days_left = (timezone.localtime(deadline, zone).date() - timezone.localtime(now, zone).date()).days
    return DeadlineStatus(
        deadline=deadline,
        days_left=days_left,
        passed=now > deadline,
        sent=first is not None,
        sent_at=first[0] if first else None,
        late=bool(first and first[1]),
        show=not meeting.is_cancelled and meeting.ends_at > now,
    )


# ---------------------------------------------------------------- the coordinator's print and post list


@dataclass
class PrintList:
    sent_at: datetime | None
    counts: list[tuple[str, str, int]]  # (variant, label, how many to print)
    post: list[PackPlan]
    calls: list[PackPlan]  # people without email or post: the coordinator contacts them
    phone: list[PackPlan]  # people to ring to go through their posted pack
    on_request: list[PackPlan]
    earlier: list[datetime]

    @property
    def summary(self) -> str:
        """ "Print 2 large print packs and 1 easy read pack." """
        parts = [f"{n} {label} pack{'s' if n != 1 else ''}" for _, label, n in self.counts]
        if not parts:
            return "Nothing to print."
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"Print {joined}."

    @property
    def empty(self) -> bool:
        return not (self.post or self.calls or self.phone or self.on_request)


def print_list(meeting: Meeting) -> PrintList:
    """What the coordinator prints, posts, rings about and orders, from the latest send of the pack."""
    deliveries = list(
        PackDelivery.objects.filter(meeting=meeting, person__isnull=False)
        .select_related("person", "done_by", "called_by")
        .order_by("-sent_at", "person__full_name", "pk")
    )
    if not deliveries:
        return PrintList(sent_at=None, counts=[], post=[], calls=[], phone=[], on_request=[], earlier=[])
    latest = deliveries[0].sent_at
    batch = [d for d in deliveries if d.sent_at == latest]
    earlier = sorted({d.sent_at for d in deliveries if d.sent_at != latest}, reverse=True)
    prefs = {p.person_id: p for p in Pref.objects.filter(person_id__in={d.person_id for d in batch})}
    plans: dict[int, PackPlan] = {}
    for d in sorted(batch, key=lambda d: d.person.full_name):
        plan = plans.get(d.person_id)
        if plan is None:
            pref = prefs.get(d.person_id)
            plan = plans[d.person_id] = PackPlan(
                person=d.person,
                variant=d.variant,
                paper_format=d.paper_format,
                routes=[],
                channels=list(pref.channels) if pref else [Pref.Channel.EMAIL],
                postal_address=pref.postal_address.strip() if pref else "",
                support_name=pref.support_person_name if pref else "",
                support_email=pref.support_person_email if pref else "",
                support_waiting=pref.support_person_email_waiting if pref else "",
                on_request=ON_REQUEST_LABELS.get(d.paper_format, ""),
                best_times=pref.best_times if pref else "",
            )
        plan.routes.append(d.channel)
        plan.deliveries[d.channel] = d
    people = list(plans.values())
    post = [p for p in people if Channel.POST in p.routes]
    counts = Counter(p.variant for p in post)
    order = list(VARIANT_LABELS)
    return PrintList(
        sent_at=latest,
        counts=[(v, VARIANT_LABELS[v], counts[v]) for v in sorted(counts, key=order.index)],
        post=post,
        calls=[p for p in people if Channel.OTHER in p.routes],
        phone=[p for p in post if p.phone_to_go_through],
        on_request=[p for p in people if p.on_request],
        earlier=earlier,
    )


# ---------------------------------------------------------------- ticking the print and post list

POSTED, CONTACTED, CALLED = "posted", "contacted", "called"
TICKS = {
    # what: (the channel its delivery has, the button, the words once done)
    POSTED: (Channel.POST, "Mark as posted", "Posted"),
    CONTACTED: (Channel.OTHER, "Mark as contacted", "Contacted"),
    CALLED: (Channel.POST, "Mark the call as made", "Called"),
}


@dataclass(frozen=True)
class Tick:
    delivery_pk: int
    what: str
    button: str
    done: str  # "Posted by Morag on 3 March", or "" while not done


def _tick(delivery: PackDelivery | None, what: str) -> Tick | None:
    if delivery is None:
        return None
    _, button, verb = TICKS[what]
    at, by = (
        (delivery.called_at, delivery.called_by) if what == CALLED else (delivery.done_at, delivery.done_by)
    )
    done = ""
    if at is not None:
        local = timezone.localtime(at)
        who = f" by {by.display_name}" if by is not None else ""
        done = f"{verb}{who} on {local.day} {local:%B}"
    return Tick(delivery_pk=delivery.pk, what=what, button=button, done=done)


def delivery_tick(*, meeting: Meeting, delivery_pk: int | None, what: str, by: User) -> PackDelivery:
    """Record that the coordinator posted this pack, contacted the person, or made the call to go through a
    posted pack: who and when, once (a second tick keeps the first). The delivery is fetched through the
    meeting; one of another meeting, or the wrong kind, is a ValidationError in words."""
    if what not in TICKS or delivery_pk is None:
        raise ValidationError("Choose a pack on the list to tick.")
    channel = TICKS[what][0]
    with transaction.atomic():
        require_unlocked(meeting)  # an approved meeting's record, the packs it sent included, stays as it is
        delivery = (
            PackDelivery.objects.select_for_update()
            .filter(meeting=meeting, partnership_id=meeting.partnership_id, pk=delivery_pk, channel=channel)
            .first()
        )
        if delivery is None:
            raise ValidationError("That pack is not on this meeting's print and post list.")
        field_at, field_by = ("called_at", "called_by") if what == CALLED else ("done_at", "done_by")
        if getattr(delivery, field_at) is None:
            setattr(delivery, field_at, timezone.now())
            setattr(delivery, field_by, by)
            delivery.save(update_fields=[field_at, field_by])
    return delivery


def has_agenda(meeting: Meeting) -> bool:
    return AgendaItem.objects.filter(meeting=meeting).exists()


# ---------------------------------------------------------------- is each format's pack ready?

# The formats whose pack can be "not ready" (`access_plan.CHECKED_FORMATS`): easy read needs words people
# write and a check, and both need each paper's own version in that format.


@dataclass(frozen=True)
class Blocker:
    """One thing that stops a pack being ready, and the page that fixes it."""

    words: str
    href: str
    link_text: str


@dataclass(frozen=True)
class PaperGap:
    """A paper with no version in a format, against one person who gets that format."""

    words: str  # "Graham Ross gets large print by post: “Budget 2027” has no large print version"
    href: str
    link_text: str


@dataclass
class FormatReadiness:
    variant: str
    blockers: list[Blocker] = field(default_factory=list)
    missing_papers: list[PaperTitle] = field(default_factory=list)
    paper_gaps: list[PaperGap] = field(default_factory=list)
    people: list[PackPlan] = field(default_factory=list)
    # Easy read words saved despite breaking a rule: they do not stop the pack, but the coordinator sees them.
    warnings: list[Blocker] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.blockers and not self.missing_papers

    @property
    def label(self) -> str:
        return VARIANT_LABELS[self.variant]

    @property
    def names(self) -> str:
        return _and([plan.name for plan in self.people])


def _and(words: list[str]) -> str:
    """ "Chloe, Graham and Ann"."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _version_add_url(meeting: Meeting, paper: PaperTitle, variant: str) -> str:
    path = reverse(
        "meetings:paper_version_add",
        kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, "paper_pk": paper.pk},
    )
    return f"{path}?format={variant}"


def _easy_read_blockers(meeting: Meeting) -> tuple[list[Blocker], list[Blocker]]:
    """What stops the easy read pack, and the words to look at again, each with the page that fixes it."""
    from .easy_read import readiness

    state = readiness(meeting)
    slug = meeting.partnership.slug

    def point_page(point) -> str:
        return reverse(
            "meetings:easy_read_point",
            kwargs={"slug": slug, "pk": meeting.pk, "kind": point.kind, "point_id": point.pk},
        )

    warnings = [
        Blocker(
            words=f"{warning.point.name}: {' '.join(warning.problems)}",
            href=point_page(warning.point),
            link_text=f"Look again at the easy read words for {warning.point.name}",
        )
        for warning in state.warnings
    ]
    blockers = [
        Blocker(
            words=f"{point.name} has no easy read words.",
            href=point_page(point),
            link_text=f"Write easy read words for {point.name}",
        )
        for point in state.points
        if point.missing
    ]
    if state.checked is None:
        blockers.append(
            Blocker(
                words="Nobody has recorded that people who use easy read checked the pack.",
                href=reverse("meetings:easy_read_check", kwargs={"slug": slug, "pk": meeting.pk}),
                link_text="Record a check by people who use easy read",
            )
        )
    return blockers, warnings


def pack_readiness(meeting: Meeting, plans: list[PackPlan]) -> dict[str, FormatReadiness]:
    """For easy read and large print, when someone invited gets that pack: whether it is ready, what stops
    it (each with the page that fixes it), and each paper with no version in that format set against each
    person who gets it. The rule for easy read words and the check is `easy_read.readiness`; on top of it, a
    pack in a format is ready only when every paper has its own version in that format. Seven queries at
    most, however many people and papers."""
    people: dict[str, list[PackPlan]] = {}
    for plan in plans:
        if plan.variant in CHECKED_FORMATS:
            people.setdefault(plan.variant, []).append(plan)
    if not people:
        return {}
    missing = papers_without(meeting)
    result = {}
    for variant in CHECKED_FORMATS:
        if variant not in people:
            continue
        state = FormatReadiness(variant=variant, missing_papers=missing[variant], people=people[variant])
        if variant == "easy_read":
            state.blockers, state.warnings = _easy_read_blockers(meeting)
        label = VARIANT_LABELS[variant]
        article = "an" if label[0] in "aeiou" else "a"
        for plan in state.people:
            for paper in state.missing_papers:
                state.paper_gaps.append(
                    PaperGap(
                        words=f"{plan.name} {plan.gets_it}: \u201c{paper.title}\u201d has no {label} version",
                        href=_version_add_url(meeting, paper, variant),
                        link_text=f"Add {article} {label} version of \u201c{paper.title}\u201d",
                    )
                )
        result[variant] = state
    return result


def not_ready(readiness: dict[str, FormatReadiness]) -> list[FormatReadiness]:
    return [state for state in readiness.values() if not state.ready]


def send_anyway_label(readiness: dict[str, FormatReadiness]) -> str:
    """ "Send anyway: Chloe Brown's easy read pack will say it is not ready", or "" when all are ready."""
    parts = []
    for state in not_ready(readiness):
        names = [plan.name for plan in state.people]
        whose = (
            f"{names[0]}\u2019s {state.label} pack"
            if len(names) == 1
            else f"the {state.label} packs for {_and(names)}"
        )
        if state.blockers:
            parts.append(f"{whose} will say {'it is' if len(names) == 1 else 'they are'} not ready")
        else:
            count = len(state.missing_papers)
            papers = "1 paper" if count == 1 else f"{count} papers"
            parts.append(f"{whose} will go without {state.label} versions of {papers}")
    return "Send anyway: " + "; ".join(parts) if parts else ""
