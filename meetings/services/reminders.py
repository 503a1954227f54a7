"""Reminders the scheduled command sends (`manage.py send_reminders`, every few minutes): the papers deadline
approaching, meeting tomorrow, action points due and overdue, minutes out for comment, and the weekly digest.

Each reminder is sent once: a `SentReminder(kind, key, person)` row is committed before the email goes (see
`packs.claim`), so running the command twice, or two runs at once, sends nothing twice.

Each person gets no more than they asked for:
- weekly digest: their reminders become digest items, sent together on Mondays;
- meeting packs only, or no contact between meetings: only what is about the next meeting (its pack and
  "meeting tomorrow"), no nudges about action points, minutes or deadlines;
- no email among their channels: nothing is emailed (the coordinator's print and post list covers them).
"""

import logging
import smtplib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from partners.models import CommunicationPreference, Membership, Partnership, Role, User

from ..models import (
    ActionPoint,
    Correction,
    DigestItem,
    Meeting,
    Minutes,
    PackDelivery,
    SentReminder,
)
from .access_plan import earliest_papers_deadline
from .meetings import coming_people, invited_people
from .minutes import minutes_recipients
from .packs import FORMAT_WORDS, claim, email_send, meeting_where, pack_plans, site_url, unclaim, web_path

logger = logging.getLogger(__name__)

Pref = CommunicationPreference

PAPERS_DEADLINE = "papers_deadline"
MEETING_TOMORROW = "meeting_tomorrow"
ACTION_DUE = "action_due"
ACTION_OVERDUE = "action_overdue"
MINUTES_COMMENT = "minutes_comment"
DIGEST = "digest"

PAPERS_WARNING = timedelta(days=2)  # before the papers deadline, if the pack is not sent
MEETING_WARNING = timedelta(hours=24)  # before a meeting starts
ACTION_DUE_DAYS = 3  # before an action point is due
OVERDUE_EVERY_DAYS = 7  # an overdue action point is mentioned once a week
MINUTES_AFTER = timedelta(days=3)  # after minutes go out for comment
DIGEST_WEEKDAY, DIGEST_HOUR = 0, 8  # Mondays, from 08:00 in the partnership's time zone
DIGEST_EVERY = timedelta(days=7)


def _zone(partnership: Partnership) -> ZoneInfo:
    return ZoneInfo(partnership.time_zone)


def _local(moment: datetime, partnership: Partnership) -> datetime:
    return timezone.localtime(moment, _zone(partnership))


def _day(moment, partnership: Partnership | None = None) -> str:
    """ "Tuesday 3 March" for a date or (in the partnership's time zone) a date and time."""
    if isinstance(moment, datetime):
        moment = _local(moment, partnership)
    return f"{moment:%A} {moment.day} {moment:%B}"


@dataclass
class Reminder:
    """One reminder to one person: its words as an email, and as a line in a weekly digest."""

    kind: str
    key: str
    person: User
    partnership: Partnership
    subject: str
    template: str
    context: dict
    digest_text: str
    digest_link: str  # a path; the digest email puts the site's address in front
    about_next_meeting: bool = False  # meeting tomorrow: sent even to packs-only and no-contact people


def _welcomes_nudges(pref: Pref) -> bool:
    """Whether a person wants reminders between meetings (about action points, minutes, deadlines)."""
    return pref.contact_between_meetings and pref.frequency != Pref.Frequency.PACKS_ONLY


# How far back a run looks for reminders already sent before trying to claim one (weekly ones repeat).
RECENT = timedelta(days=21)


class Run:
    """One run of the command: the time it acts as if it is, the site's address, and what it did."""

    def __init__(self, now: datetime, base_url: str):
        self.now = now
        self.base_url = base_url.rstrip("/")
        self.tally: Counter = Counter()
        self._prefs: dict[int, Pref | None] = {}
        self._sent: set[tuple[str, str, int]] | None = None

    def already_sent(self, reminder: "Reminder") -> bool:
        """Whether this reminder went out already, from one query per run over the recent ones: a run every
        few minutes with nothing due stays cheap. The unique constraint still guards anything older."""
        if self._sent is None:
            self._sent = set(
                SentReminder.objects.filter(sent_at__gte=self.now - RECENT).values_list(
                    "kind", "key", "person_id"
                )
            )
        return (reminder.kind, reminder.key, reminder.person.pk) in self._sent

    def url(self, path: str) -> str:
        return self.base_url + path

    def prefs(self, people: list[User]) -> None:
        """Load the preferences of these people in one query."""
        missing = [p.pk for p in people if p.pk not in self._prefs]
        if missing:
            found = {pref.person_id: pref for pref in Pref.objects.filter(person_id__in=missing)}
            for pk in missing:
                self._prefs[pk] = found.get(pk)

    def pref(self, person: User) -> Pref | None:
        if person.pk not in self._prefs:
            self.prefs([person])
        return self._prefs[person.pk]

    def send(self, reminder: Reminder) -> None:
        if self.already_sent(reminder):
            return
        pref = self.pref(reminder.person)
        channels = pref.channels if pref else [Pref.Channel.EMAIL]
        if Pref.Channel.EMAIL not in channels:
            return
        between_meetings = not reminder.about_next_meeting
        if between_meetings and pref is not None and not _welcomes_nudges(pref):
            return
        # A weekly digest could arrive after the meeting, so "meeting tomorrow" always goes on its own.
        if pref is not None and pref.frequency == Pref.Frequency.WEEKLY and reminder.kind != MEETING_TOMORROW:
            self._to_digest(reminder)
            return
        sent = claim(kind=reminder.kind, key=reminder.key, person=reminder.person, at=self.now)
        if sent is None:
            return
        try:
            email_send(
                to=[reminder.person.email],
                cc=[pref.support_person_email] if pref and pref.support_person_email else None,
                subject=reminder.subject,
                template=reminder.template,
                context={"person": reminder.person, "partnership": reminder.partnership, **reminder.context},
                html=not (pref and pref.paper_format == Pref.PaperFormat.PLAIN_TEXT),
            )
        except (OSError, smtplib.SMTPException):
            # Not sent: the next run tries again.
            logger.exception(
                "Could not send the %s reminder %s to person %s",
                reminder.kind,
                reminder.key,
                reminder.person.pk,
            )
            unclaim(sent)
            self.tally[reminder.kind, "failed"] += 1
        else:
            self.tally[reminder.kind, "emailed"] += 1

    def _to_digest(self, reminder: Reminder) -> None:
        try:
            with transaction.atomic():
                SentReminder.objects.create(
                    kind=reminder.kind, key=reminder.key, person=reminder.person, sent_at=self.now
                )
                DigestItem.objects.create(
                    partnership=reminder.partnership,
                    person=reminder.person,
                    text=reminder.digest_text[:500],
                    link=reminder.digest_link,
                    created_at=self.now,
                )
        except IntegrityError:
            return
        self.tally[reminder.kind, "digest"] += 1


def reminders_send(
    *, now: datetime | None = None, base_url: str = "", also: Iterable[Callable[["Run"], None]] = ()
) -> dict[str, dict[str, int]]:
    """Send everything due at `now`, each once. Returns how many of each kind went by email and to digests.

    `also`: more jobs, each called with the run (`job(run)`) before the digests go, for reminders other apps
    own (the ground rules' review date); this app imports none of them: the command passes them in."""
    run = Run(now or timezone.now(), base_url or site_url())
    papers_deadline_reminders(run)
    meeting_tomorrow_reminders(run)
    action_point_reminders(run)
    minutes_reminders(run)
    for job in also:
        job(run)
    digests_send(run)
    result: dict[str, dict[str, int]] = defaultdict(dict)
    for (kind, how), count in sorted(run.tally.items()):
        result[kind][how] = count
    return dict(result)


# ---------------------------------------------------------------- about meetings


def _upcoming(run: Run, *, within: timedelta):
    return (
        Meeting.objects.filter(starts_at__gt=run.now, starts_at__lte=run.now + within)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("partnership", "venue")
        .order_by("starts_at", "pk")
    )


EXTRA_READING_WINDOW = timedelta(days=28)


def papers_deadline_reminders(run: Run) -> None:
    """To the coordinators, two days before the papers deadline while the pack is not sent."""
    longest = (
        Partnership.objects.order_by("-papers_notice_days")
        .values_list("papers_notice_days", flat=True)
        .first()
    )
    if longest is None:
        return
    # Someone who needs extra time to read moves the first deadline earlier (at most EXTRA_READING_WINDOW).
    within = timedelta(days=longest) + PAPERS_WARNING + EXTRA_READING_WINDOW
    meetings = _upcoming(run, within=within).filter(status=Meeting.Status.PLANNED)
    for meeting in meetings:
        deadline = earliest_papers_deadline(meeting)
        if not (deadline - PAPERS_WARNING <= run.now < deadline):
            continue
        if PackDelivery.objects.filter(meeting=meeting).exists():
            continue
        partnership = meeting.partnership
        coordinators = [
            m.person
            for m in Membership.objects.current()
            .filter(partnership=partnership, role=Role.COORDINATOR)
            .select_related("person")
        ]
        run.prefs(coordinators)
        send_path = reverse("meetings:pack_send", kwargs={"slug": partnership.slug, "pk": meeting.pk})
        day = _day(deadline, partnership)
        for person in coordinators:
            run.send(
                Reminder(
                    kind=PAPERS_DEADLINE,
                    key=f"meeting:{meeting.pk}:{_local(deadline, partnership).date().isoformat()}",
                    person=person,
                    partnership=partnership,
                    subject=f"Papers due {day}: {meeting.title}",
                    template="reminder_papers_deadline",
                    context={
                        "meeting": meeting,
                        "deadline_day": day,
                        "meeting_day": _day(meeting.starts_at, partnership),
                        "send_url": run.url(send_path),
                    },
                    digest_text=f"The meeting pack for {meeting.title} must go out by {day}.",
                    digest_link=send_path,
                )
            )


def meeting_tomorrow_reminders(run: Run) -> None:
    """To everyone coming (attending, not sure, or not replied), with the link to the pack in their format."""
    for meeting in _upcoming(run, within=MEETING_WARNING):
        partnership = meeting.partnership
        people = invited_people(meeting)
        coming = {p.pk for p in coming_people(people)}
        plans = [plan for plan in pack_plans(meeting, people=people) if plan.person.pk in coming]
        run.prefs([plan.person for plan in plans])
        start = _local(meeting.starts_at, partnership)
        today = _local(run.now, partnership).date()
        when = "today" if start.date() == today else "tomorrow"
        day = _day(meeting.starts_at, partnership)
        for plan in plans:
            path = web_path(meeting, plan.variant)
            run.send(
                Reminder(
                    kind=MEETING_TOMORROW,
                    key=f"meeting:{meeting.pk}:{start.date().isoformat()}",
                    person=plan.person,
                    partnership=partnership,
                    subject=f"{when.capitalize()}: {meeting.title}, {start:%H:%M}",
                    template="reminder_meeting_tomorrow",
                    context={
                        "meeting": meeting,
                        "when": when,
                        "day": day,
                        "times": f"{start:%H:%M} to {_local(meeting.ends_at, partnership):%H:%M}",
                        "where": meeting_where(meeting),
                        "variant_label": FORMAT_WORDS[plan.variant],
                        "pack_url": run.url(path),
                        "meeting_url": run.url(meeting.get_absolute_url()),
                    },
                    digest_text=f"{meeting.title} is on {day} at {start:%H:%M}.",
                    digest_link=path,
                    about_next_meeting=True,
                )
            )


# ---------------------------------------------------------------- between meetings


def _owners(action_points: list[ActionPoint]) -> dict[int, list[User]]:
    """The people who own each action point: its person, or the current members of its group (not observers
    or visiting experts, who do not own action points). One query for all the groups."""
    group_ids = {ap.owner_group_id for ap in action_points if ap.owner_group_id}
    members: dict[int, list[User]] = defaultdict(list)
    for m in (
        Membership.objects.current()
        .filter(group_id__in=group_ids)
        .exclude(role__in=[Role.OBSERVER, Role.VISITING_EXPERT])
        .select_related("person")
        .order_by("person__full_name")
    ):
        members[m.group_id].append(m.person)
    return {
        ap.pk: [ap.owner_person] if ap.owner_person_id else members.get(ap.owner_group_id, [])
        for ap in action_points
    }


def action_point_reminders(run: Run) -> None:
    """To the owners of open action points: once when due within 3 days, once a week while overdue."""
    latest_due = timezone.localtime(run.now).date() + timedelta(days=ACTION_DUE_DAYS + 1)
    action_points = list(
        ActionPoint.objects.open()
        .filter(due_on__lte=latest_due)
        .select_related("partnership", "owner_person", "owner_group", "meeting")
        .order_by("due_on", "pk")
    )
    owners = _owners(action_points)
    run.prefs([person for people in owners.values() for person in people])
    for ap in action_points:
        partnership = ap.partnership
        today = _local(run.now, partnership).date()
        path = reverse("meetings:action_detail", kwargs={"slug": partnership.slug, "pk": ap.pk})
        due_day = _day(ap.due_on)
        if today <= ap.due_on <= today + timedelta(days=ACTION_DUE_DAYS):
            kind, key = ACTION_DUE, f"action:{ap.pk}:due:{ap.due_on.isoformat()}"
            days = (ap.due_on - today).days
            subject = f"Action point {ap.reference} is due {'today' if days == 0 else 'on ' + due_day}"
            digest_text = f"Action point {ap.reference} is due on {due_day}: {ap.text[:200]}"
        elif ap.due_on < today:
            weeks = ((today - ap.due_on).days - 1) // OVERDUE_EVERY_DAYS
            kind, key = ACTION_OVERDUE, f"action:{ap.pk}:overdue:{ap.due_on.isoformat()}:{weeks}"
            days = -(today - ap.due_on).days
            subject = f"Action point {ap.reference} is overdue"
            digest_text = (
                f"Action point {ap.reference} was due on {due_day} and is not done yet: {ap.text[:200]}"
            )
        else:
            continue
        for person in owners[ap.pk]:
            run.send(
                Reminder(
                    kind=kind,
                    key=key,
                    person=person,
                    partnership=partnership,
                    subject=subject,
                    template=f"reminder_{kind}",
                    context={
                        "action_point": ap,
                        "due_day": due_day,
                        "days": abs(days),
                        "for_group": ap.owner_group if not ap.owner_person_id else None,
                        "action_url": run.url(path),
                    },
                    digest_text=digest_text,
                    digest_link=path,
                )
            )


def minutes_reminders(run: Run) -> None:
    """To the people sent the minutes for comments who have not suggested a correction, once, 3 days on."""
    for minutes in (
        Minutes.objects.filter(
            status=Minutes.Status.OUT_FOR_COMMENT,
            locked=False,
            sent_for_comment_at__lte=run.now - MINUTES_AFTER,
        )
        .select_related("meeting", "meeting__partnership")
        .order_by("pk")
    ):
        meeting, partnership = minutes.meeting, minutes.meeting.partnership
        commented = set(Correction.objects.filter(minutes=minutes).values_list("author_id", flat=True))
        people = [p for p in minutes_recipients(meeting) if p.pk not in commented]
        run.prefs(people)
        path = reverse("meetings:minutes", kwargs={"slug": partnership.slug, "pk": meeting.pk})
        sent_day = _day(minutes.sent_for_comment_at, partnership)
        for person in people:
            run.send(
                Reminder(
                    kind=MINUTES_COMMENT,
                    key=f"minutes:{minutes.pk}:{minutes.sent_for_comment_at.date().isoformat()}",
                    person=person,
                    partnership=partnership,
                    subject=f"Reminder: check the minutes of {meeting.title}",
                    template="reminder_minutes_comment",
                    context={
                        "meeting": meeting,
                        "meeting_day": _day(meeting.starts_at, partnership),
                        "sent_day": sent_day,
                        "minutes_url": run.url(path),
                    },
                    digest_text=f"The minutes of {meeting.title} are waiting for your comments.",
                    digest_link=path,
                )
            )


# ---------------------------------------------------------------- the weekly digest


def digests_send(run: Run) -> None:
    """One email per person with every digest item not sent yet: on Mondays, or once 7 days have passed since
    their last digest (when the command did not run on a Monday). At most one a week."""
    items_by_person: dict[int, list[DigestItem]] = defaultdict(list)
    for item in (
        DigestItem.objects.filter(sent_at__isnull=True, created_at__lte=run.now)
        .select_related("person", "partnership")
        .order_by("person_id", "created_at", "pk")
    ):
        items_by_person[item.person_id].append(item)
    if not items_by_person:
        return
    people = [items[0].person for items in items_by_person.values()]
    run.prefs(people)
    last_digest = dict(
        SentReminder.objects.filter(kind=DIGEST, person_id__in=items_by_person)
        .order_by("person_id", "sent_at")
        .values_list("person_id", "sent_at")
    )
    for person in people:
        items = items_by_person[person.pk]
        pref = run.pref(person)
        if pref is not None and Pref.Channel.EMAIL not in pref.channels:
            continue
        local = _local(run.now, items[0].partnership)
        last = last_digest.get(person.pk)
        monday = local.weekday() == DIGEST_WEEKDAY and local.hour >= DIGEST_HOUR
        waited = last is not None and run.now - last >= DIGEST_EVERY
        if not (monday or waited):
            continue
        year, week, _ = local.isocalendar()
        _digest_send(run, person, pref, items, key=f"{year}-W{week:02d}")


def _digest_send(run: Run, person: User, pref: Pref | None, items: list[DigestItem], *, key: str) -> None:
    ids = [item.pk for item in items]
    try:
        with transaction.atomic():
            sent = SentReminder.objects.create(kind=DIGEST, key=key, person=person, sent_at=run.now)
            marked = DigestItem.objects.filter(pk__in=ids, sent_at__isnull=True).update(sent_at=run.now)
            if marked != len(ids):
                # Another run took some of these items in the meantime: leave them all to it.
                raise IntegrityError
    except IntegrityError:
        return
    groups: dict[Partnership, list[DigestItem]] = defaultdict(list)
    for item in items:
        groups[item.partnership].append(item)
    lines = [
        (
            partnership,
            [(item.text, run.url(item.link) if item.link.startswith("/") else item.link) for item in its],
        )
        for partnership, its in groups.items()
    ]
    try:
        email_send(
            to=[person.email],
            cc=[pref.support_person_email] if pref and pref.support_person_email else None,
            subject=f"Your weekly digest: {len(items)} thing{'s' if len(items) != 1 else ''} to know",
            template="digest",
            context={"person": person, "groups": lines, "count": len(items)},
            html=not (pref and pref.paper_format == Pref.PaperFormat.PLAIN_TEXT),
        )
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not send the weekly digest to person %s", person.pk)
        with transaction.atomic():
            DigestItem.objects.filter(pk__in=ids).update(sent_at=None)
            unclaim(sent)
        run.tally[DIGEST, "failed"] += 1
    else:
        run.tally[DIGEST, "emailed"] += 1
