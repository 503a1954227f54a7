"""Minutes: written per agenda item, sent to the people who were there for comments, corrected, approved at
the next meeting and then locked.

Every change raises `Minutes.revision` by one and keeps a `MinutesVersion` with the whole text, so nothing is
ever lost and any two versions can be compared. Writing the text is a compare-and-set on the revision the
writer started from: two people editing at once never overwrite each other silently.
"""

import difflib
import logging
import smtplib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import dateformat, timezone

from coproduction.printing import Printed
from partners.models import CommunicationPreference, User

from ..models import (
    ActionPoint,
    AgendaItem,
    Attendance,
    Correction,
    Decision,
    Meeting,
    MeetingNote,
    MinuteEntry,
    Minutes,
    MinutesVersion,
    PartnerView,
    person_name,
)
from .documents import meeting_document_parts
from .meetings import invited_people
from .packs import FORMAT_WORDS, Channel, PackPlan, email_send, pack_plans, site_url

LOCKED_MESSAGE = (
    "These minutes are approved and locked, so they can no longer be changed. "
    "A coordinator can unlock them if something is wrong."
)
LOCKED_CORRECTION_MESSAGE = (
    "These minutes are approved and locked, so they can no longer be corrected. "
    "Ask the minute-taker if something is wrong."
)
NOT_OUT_FOR_COMMENT_MESSAGE = (
    "These minutes have not been sent for comments yet. "
    "You can suggest a correction once the minute-taker sends them out."
)

# Time to comment on the minutes: at least a week; two weeks when no next meeting is set up yet.
COMMENT_DAYS_AT_LEAST = 7
COMMENT_DAYS_WITHOUT_NEXT_MEETING = 14

logger = logging.getLogger(__name__)


class MinutesLocked(Exception):
    """The minutes are approved and locked; only a coordinator's unlock (with a reason) opens them again."""


@dataclass
class MinutesConflict(Exception):
    """Someone else saved the text first. Nothing was written; this carries what they saved, so the page can
    show both versions."""

    revision: int  # the revision now saved; a form carrying it can be saved again
    theirs: dict[int, str]  # agenda item id -> the text now saved
    saved_by: str
    saved_at: datetime | None

    def __str__(self) -> str:
        return f"The minutes were saved by {self.saved_by} while you were editing."


def _day(meeting: Meeting, moment: datetime) -> str:
    """A date as the partnership's pages show it ("3 March 2026"), in its own time zone."""
    return dateformat.format(timezone.localtime(moment, ZoneInfo(meeting.partnership.time_zone)), "j F Y")


def day_in_words(day: date) -> str:
    """ "Friday 20 March 2026": a day as emails and pages say it."""
    return dateformat.format(day, "l j F Y")


def _reload(minutes: Minutes) -> None:
    """Read the row back (we hold it locked by now), keeping the meeting already in hand."""
    meeting = minutes.meeting
    minutes.refresh_from_db()
    minutes.meeting = meeting


# ---------------------------------------------------------------- reading


def minutes_for(meeting: Meeting) -> Minutes:
    """The meeting's minutes, made (empty, as a draft) the first time anyone looks for them."""
    minutes, _ = Minutes.objects.select_related("approved_at_meeting", "updated_by").get_or_create(
        meeting=meeting, defaults={"partnership_id": meeting.partnership_id}
    )
    minutes.meeting = meeting
    return minutes


def _cached_minutes(meeting: Meeting) -> tuple[bool, Minutes | None]:
    """(known, minutes): whether the meeting came with its minutes fetched (`meeting_access` fetches them),
    and the row, or None when it has none."""
    if not Meeting.minutes.is_cached(meeting):
        return False, None
    try:
        return True, meeting.minutes
    except Minutes.DoesNotExist:
        return True, None


def _blank(meeting: Meeting) -> Minutes:
    """Minutes nobody has written yet, as pages show them: a draft, not saved (its pk is None)."""
    return Minutes(meeting=meeting, partnership_id=meeting.partnership_id)


def minutes_in_hand(meeting: Meeting) -> Minutes:
    """The meeting's minutes for showing a page, writing nothing: the row `meeting_access` fetched with the
    meeting (no query), or, when nobody has written any yet, a blank draft that is not saved (pk None).
    Pages that change the minutes use `minutes_for`, which makes the row."""
    known, minutes = _cached_minutes(meeting)
    if not known:
        minutes = Minutes.objects.filter(meeting=meeting).first()
    minutes = minutes or _blank(meeting)
    minutes.meeting = meeting
    return minutes


@dataclass(frozen=True)
class NextMeeting:
    """The first later meeting, where these minutes are approved: enough to name it on the minutes page."""

    pk: int
    title: str
    starts_at: datetime


def minutes_page_minutes(meeting: Meeting, *, with_next: bool) -> tuple[Minutes, NextMeeting | None]:
    """The minutes for the minutes page, with who changed them last and where they were approved and (with
    `with_next`) the next meeting, where they are approved: one query, whether or not anyone has written
    minutes yet, and nothing written (a blank unsaved draft until someone does, see `minutes_in_hand`)."""
    row = Meeting.objects.filter(pk=meeting.pk).select_related(
        "minutes__approved_at_meeting", "minutes__updated_by"
    )
    if with_next:
        following = later_meetings(meeting)
        row = row.annotate(
            next_pk=Subquery(following.values("pk")[:1]),
            next_title=Subquery(following.values("title")[:1]),
            next_starts_at=Subquery(following.values("starts_at")[:1]),
        )
    fetched = row.get()
    try:
        minutes = fetched.minutes
    except Minutes.DoesNotExist:
        minutes = _blank(meeting)
    minutes.meeting = meeting
    if not with_next or fetched.next_pk is None:
        return minutes, None
    return minutes, NextMeeting(fetched.next_pk, fetched.next_title, fetched.next_starts_at)


def end_of_today(meeting: Meeting, today: date | None = None) -> datetime:
    """Midnight at the end of today in the partnership's time zone: minutes are approved at a later meeting
    that starts before it (it has started, or it is today)."""
    zone = ZoneInfo(meeting.partnership.time_zone)
    today = today or timezone.localdate(timezone=zone)
    return datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=zone)


def minute_items(meeting: Meeting, *, with_text_of: Minutes | None = None) -> list[AgendaItem]:
    """The agenda items minutes are written against, in agenda order. Breaks have nothing to minute.

    With `with_text_of`, each item carries `minute_text`, the text saved for it in those minutes, in the same
    query."""
    items = AgendaItem.objects.filter(meeting=meeting).exclude(purpose=AgendaItem.Purpose.BREAK)
    if with_text_of is not None:
        # Through the meeting, so minutes not written yet ask the same (and find nothing).
        saved = MinuteEntry.objects.filter(minutes__meeting_id=meeting.pk, agenda_item=OuterRef("pk"))
        items = items.annotate(minute_text=Subquery(saved.values("text")[:1]))
    items = list(items.order_by("position", "pk"))
    if with_text_of is not None:
        for item in items:
            item.minute_text = getattr(item, "minute_text", None) or ""
    return items


def saved_texts(minutes: Minutes) -> dict[int, str]:
    """Agenda item id -> the minute text saved for it (none in minutes not saved yet)."""
    if minutes.pk is None:
        return {}
    return dict(MinuteEntry.objects.filter(minutes=minutes).values_list("agenda_item_id", "text"))


@dataclass
class MinuteItem:
    """One agenda item on the minutes page, with everything recorded against it."""

    item: AgendaItem | None
    text: str = ""
    views: list[PartnerView] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    action_points: list[ActionPoint] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    notes: list[MeetingNote] = field(default_factory=list)  # the chair's notes from the Run meeting page

    @property
    def is_empty(self) -> bool:
        return not (
            self.text or self.views or self.decisions or self.action_points or self.corrections or self.notes
        )


def chair_notes(meeting: Meeting) -> dict[int | None, list[MeetingNote]]:
    """Agenda item id (None for no item) -> the chair's notes from the Run meeting page, oldest first."""
    notes: dict[int | None, list[MeetingNote]] = defaultdict(list)
    for note in (
        MeetingNote.objects.filter(meeting=meeting).select_related("author").order_by("created_at", "pk")
    ):
        notes[note.agenda_item_id].append(note)
    return notes


def notes_as_text(notes: list[MeetingNote]) -> str:
    """The chair's notes for one item as a starting text for its minutes: one note a paragraph."""
    return "\n\n".join(note.text.strip() for note in notes if note.text.strip())


def starting_texts(minutes: Minutes, items: list[AgendaItem]) -> tuple[dict[int, str], set[int]]:
    """What the minute-taker's form starts with: the saved text of each item or, where nothing is written
    yet, the chair's notes for it (never in place of saved words). Returns the texts and the ids of the items
    that start from the chair's notes."""
    texts = saved_texts(minutes)
    notes = chair_notes(minutes.meeting)
    start, from_notes = {}, set()
    for item in items:
        saved = texts.get(item.pk, "")
        if not saved.strip() and notes.get(item.pk):
            start[item.pk] = notes_as_text(notes[item.pk])
            from_notes.add(item.pk)
        else:
            start[item.pk] = saved
    return start, from_notes


def minutes_page_items(
    minutes: Minutes,
    *,
    items: list[AgendaItem],
    viewer: User,
    all_corrections: bool,
    with_notes: bool = False,
    texts: dict[int, str] | None = None,
) -> tuple[list[MinuteItem], MinuteItem]:
    """Per agenda item: the text, partners' views, decisions, action points and the corrections this viewer
    may see (the minute-taker sees everyone's; others see their own), and with `with_notes` the chair's notes
    from the Run meeting page. Returns the items and a catch-all for things recorded against no item (or an
    item since removed). A fixed number of queries; `texts` (item id -> saved text) saves one when the items
    came with their text (`minute_items(with_text_of=...)`).
    """
    if texts is None:
        texts = saved_texts(minutes)
    by_item: dict[int | None, MinuteItem] = {
        item.pk: MinuteItem(item=item, text=texts.get(item.pk, "")) for item in items
    }
    other = MinuteItem(item=None)

    def slot(item_id: int | None) -> MinuteItem:
        return by_item.get(item_id, other)

    # Through the meeting, so minutes nobody has written yet (a blank draft) ask the same and find nothing.
    of_these = {"minutes__meeting_id": minutes.meeting_id}
    for view in PartnerView.objects.filter(**of_these).select_related("person"):
        slot(view.agenda_item_id).views.append(view)
    for decision in Decision.objects.filter(meeting_id=minutes.meeting_id).order_by("year", "number"):
        slot(decision.agenda_item_id).decisions.append(decision)
    for action in (
        ActionPoint.objects.filter(meeting_id=minutes.meeting_id)
        .select_related("owner_person", "owner_group")
        .order_by("year", "number")
    ):
        slot(action.agenda_item_id).action_points.append(action)
    corrections = Correction.objects.filter(**of_these).select_related(
        "author", "responded_by", "partner_view"
    )
    if not all_corrections:
        corrections = corrections.filter(author=viewer)
    for correction in corrections:
        slot(correction.agenda_item_id).corrections.append(correction)
    if with_notes:
        for item_id, notes in chair_notes(minutes.meeting).items():
            slot(item_id).notes.extend(notes)
    return list(by_item.values()), other


def later_meetings(meeting: Meeting) -> QuerySet[Meeting]:
    """Meetings of the same partnership after this one, where its minutes can be approved."""
    return (
        Meeting.objects.filter(partnership_id=meeting.partnership_id, starts_at__gt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at", "pk")
    )


def approval_meetings(meeting: Meeting, *, today: date | None = None) -> QuerySet[Meeting]:
    """The later meetings at which these minutes can be approved now: those that have started, or are on
    today. Minutes are approved at the next meeting, by the people there, not as soon as they go out."""
    return later_meetings(meeting).filter(starts_at__lt=end_of_today(meeting, today))


APPROVAL_CHOICES = 5


def approval_choices(meeting: Meeting, following: Meeting) -> list[Meeting]:
    """The meetings offered on "Approve the minutes", in date order: the next meeting (`following`, where
    minutes are approved) and the latest ones held since or today, five at most however many meetings have
    passed since. One query."""
    latest = list(approval_meetings(meeting).order_by("-starts_at", "-pk")[:APPROVAL_CHOICES])
    chosen = {m.pk: m for m in [following, *latest[: APPROVAL_CHOICES - 1]]}
    for choice in chosen.values():
        choice.partnership = meeting.partnership
    return sorted(chosen.values(), key=lambda m: (m.starts_at, m.pk))


def minutes_awaiting_approval(meeting: Meeting) -> list[Meeting]:
    """Earlier meetings whose minutes, written and not yet approved, can be approved at this meeting once it
    has started or is today: for the Run meeting page's "Approve the minutes" link. Newest first."""
    zone = ZoneInfo(meeting.partnership.time_zone)
    if timezone.localtime(meeting.starts_at, zone).date() > timezone.localdate(timezone=zone):
        return []
    return list(
        Meeting.objects.filter(
            partnership_id=meeting.partnership_id,
            starts_at__lt=meeting.starts_at,
            minutes__isnull=False,
            minutes__entries__isnull=False,
        )
        .exclude(minutes__status=Minutes.Status.APPROVED)
        .exclude(status=Meeting.Status.CANCELLED)
        .distinct()
        .order_by("-starts_at")
    )


def present_ids(meeting: Meeting) -> set[int]:
    """Ids of the people the chair marked present; empty when presence was not recorded."""
    return set(
        Attendance.objects.filter(meeting=meeting, present=True, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )


def minutes_recipients(meeting: Meeting, present: set[int] | None = None) -> list[User]:
    """Who is sent the minutes for comments: everyone invited to the meeting, present or not (someone who
    missed it has as much right to say the minutes are wrong about what was planned for them). Only people
    still in the partnership: the link would not open for anyone else. `present` is no longer used."""
    return [person for person, _ in invited_people(meeting)]


def packs_only(people: Iterable[User]) -> set[int]:
    """Ids of the people who asked to hear from us only through meeting packs."""
    return set(
        CommunicationPreference.objects.filter(
            person__in=list(people), frequency=CommunicationPreference.Frequency.PACKS_ONLY
        ).values_list("person_id", flat=True)
    )


def comments_wanted_by(meeting: Meeting, *, today: date | None = None) -> date:
    """The day comments on the minutes are wanted by: in time for the next meeting's papers, so corrections
    are made before the minutes are approved there. Never less than a week to comment, nor later than the day
    before the next meeting; two weeks when no next meeting is set up yet."""
    zone = ZoneInfo(meeting.partnership.time_zone)
    today = today or timezone.localdate(timezone=zone)
    following = later_meetings(meeting).filter(starts_at__gt=timezone.now()).first()
    if following is not None:
        following.partnership = meeting.partnership  # its papers deadline is in the partnership's time
    if following is None:
        return today + timedelta(days=COMMENT_DAYS_WITHOUT_NEXT_MEETING)
    meeting_day = timezone.localtime(following.starts_at, zone).date()
    by = timezone.localtime(following.papers_deadline, zone).date()
    by = max(by, today + timedelta(days=COMMENT_DAYS_AT_LEAST))
    return max(today, min(by, meeting_day - timedelta(days=1)))


@dataclass
class MinutesPlan:
    """How one invited person gets the minutes for comments: their format, and email, post or a call."""

    pack: PackPlan  # their format and channels, worked out as for the meeting pack
    routes: list[str]  # "email", "post", "other" (the coordinator contacts them)
    packs_only: bool = False
    quoted: bool = False  # a view of theirs is quoted in the minutes: they are asked to confirm it

    @property
    def person(self) -> User:
        return self.pack.person

    @property
    def variant(self) -> str:
        return self.pack.variant

    def how(self) -> list[str]:
        """Each way this person gets the minutes, in words for the send page."""
        label = FORMAT_WORDS[self.variant]
        words = []
        for route in self.routes:
            if route == Channel.EMAIL:
                text = f"Email, with the {label} minutes attached"
                if self.pack.support_email:
                    text += f"; {self.pack.support_name or 'their support person'} is copied in"
                words.append(text)
            elif route == Channel.POST:
                if self.pack.postal_address:
                    words.append(f"By post, in {label}: on the print and post list")
                else:
                    words.append(f"By post, in {label}, but there is no postal address: ask them for one")
            else:
                words.append(f"You contact them by {self.pack.contact_by}")
        if self.support_copy:
            words.append(f"A copy by email to {self.pack.support_name or 'their support person'}")
        if self.packs_only:
            words.append("On their own, not with the next meeting pack")
        return words

    @property
    def support_copy(self) -> bool:
        """Someone who takes no email but whose support person does gets a copy through them."""
        return bool(self.pack.support_email) and Channel.EMAIL not in self.routes


def minutes_plans(minutes: Minutes, people: list | None = None) -> list[MinutesPlan]:
    """Everyone invited, each with how they get the minutes for comments. A fixed number of queries: four, or
    two when the caller has `invited_people(meeting)` already (`people`)."""
    meeting = minutes.meeting
    plans = pack_plans(meeting, people, with_last_sent=False)
    only_packs = CommunicationPreference.Frequency.PACKS_ONLY
    skip = {plan.person.pk for plan in plans if plan.frequency == only_packs}
    quoted = (
        set(
            PartnerView.objects.filter(minutes=minutes, person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
        if minutes.pk is not None
        else set()
    )
    result = []
    for plan in plans:
        routes = []
        # The minutes have a date for comments: weekly-digest people are emailed too, as they always were.
        if (Channel.EMAIL in plan.routes or Channel.DIGEST in plan.routes) and plan.person.has_email:
            routes.append(Channel.EMAIL)
        if Channel.POST in plan.routes:
            routes.append(Channel.POST)
        if not routes:
            routes.append(Channel.OTHER)
        result.append(
            MinutesPlan(
                pack=plan, routes=routes, packs_only=plan.person.pk in skip, quoted=plan.person.pk in quoted
            )
        )
    return result


# ---------------------------------------------------------------- versions


def minutes_snapshot(*, minutes: Minutes, event: str, by: User | None, reason: str = "") -> MinutesVersion:
    """Keep the whole of the minutes as they are now, at their current revision."""
    texts = saved_texts(minutes)
    items = minute_items(minutes.meeting)
    views = PartnerView.objects.filter(minutes=minutes).select_related("person")
    snapshot = {
        "status": minutes.status,
        "items": [
            {"agenda_item": item.pk, "title": item.title, "text": texts.get(item.pk, "")} for item in items
        ],
        "views": [
            {
                "agenda_item": view.agenda_item_id,
                "person": person_name(view.person),
                "words": view.words,
                "video": view.bsl_video_url,
            }
            for view in views
        ],
    }
    return MinutesVersion.objects.create(
        partnership_id=minutes.partnership_id,
        minutes=minutes,
        revision=minutes.revision,
        event=event,
        snapshot=snapshot,
        reason=reason[:500],
        created_by=by,
    )


def versions_newest_first(minutes: Minutes) -> QuerySet[MinutesVersion]:
    """The kept versions of the minutes, newest first, without their text; each with `previous`, the
    revision of the version before it (None for the first), from the same query."""
    versions = MinutesVersion.objects.filter(minutes__meeting_id=minutes.meeting_id)  # none for a blank draft
    before = versions.filter(
        Q(revision__lt=OuterRef("revision")) | Q(revision=OuterRef("revision"), pk__lt=OuterRef("pk"))
    ).order_by("-revision", "-pk")
    return (
        versions.select_related("created_by")
        .defer("snapshot")
        .annotate(previous=Subquery(before.values("revision")[:1]))
        .order_by("-revision", "-pk")
    )


def _bump(minutes: Minutes, *, by: User | None, **fields) -> None:
    """Raise the revision (and set `fields`) in one UPDATE, then read back the row we now hold locked."""
    Minutes.objects.filter(pk=minutes.pk).update(
        revision=F("revision") + 1, updated_by=by, updated_at=timezone.now(), **fields
    )
    _reload(minutes)


def _locked_row(minutes: Minutes) -> Minutes:
    """Wait for anyone else changing these minutes, then return them as they are now."""
    current = Minutes.objects.select_for_update().get(pk=minutes.pk)
    current.meeting = minutes.meeting
    return current


def _texts_at(minutes: Minutes, revision: int) -> dict[int, str] | None:
    """The text of every item as it was at `revision`, or None if no such version was kept."""
    if revision == 0:
        return {}
    version = MinutesVersion.objects.filter(minutes=minutes, revision=revision).first()
    if version is None:
        return None
    return {entry["agenda_item"]: entry["text"] for entry in version.snapshot.get("items", [])}


def _save_texts(*, minutes: Minutes, revision: int, texts: dict[int, str], by: User) -> None:
    """Write item texts if the minutes are still at `revision` (compare-and-set), raising the revision.

    When the revision has moved on only because something other than these items' text changed (a partner's
    view added, the minutes sent), nothing would be overwritten, so the save goes ahead. Otherwise it raises
    MinutesConflict with what is saved now, and writes nothing. Must run inside a transaction.
    """
    changed = Minutes.objects.filter(pk=minutes.pk, revision=revision, locked=False).update(
        revision=F("revision") + 1, updated_by=by, updated_at=timezone.now()
    )
    if not changed:
        current = (
            Minutes.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=minutes.pk)
        )
        if current.locked:
            raise MinutesLocked
        now = saved_texts(current)
        then = _texts_at(current, revision)
        untouched = then is not None and all(now.get(pk, "") == then.get(pk, "") for pk in texts)
        if not untouched:
            raise MinutesConflict(
                revision=current.revision,
                theirs=now,
                saved_by=person_name(current.updated_by),
                saved_at=current.updated_at,
            )
        # We hold the row lock now, so this cannot miss.
        Minutes.objects.filter(pk=minutes.pk).update(
            revision=F("revision") + 1, updated_by=by, updated_at=timezone.now()
        )
    _reload(minutes)

    existing = {entry.agenda_item_id: entry for entry in MinuteEntry.objects.filter(minutes=minutes)}
    on_agenda = set(AgendaItem.objects.filter(meeting_id=minutes.meeting_id).values_list("pk", flat=True))
    new, updated = [], []
    for item_id, text in texts.items():
        if item_id not in on_agenda:  # removed from the agenda while the page was open
            continue
        entry = existing.get(item_id)
        if entry is None:
            if text:
                new.append(
                    MinuteEntry(
                        partnership_id=minutes.partnership_id,
                        minutes=minutes,
                        agenda_item_id=item_id,
                        text=text,
                    )
                )
        elif entry.text != text:
            entry.text = text
            updated.append(entry)
    MinuteEntry.objects.bulk_create(new)
    MinuteEntry.objects.bulk_update(updated, ["text"])


# ---------------------------------------------------------------- writing


@transaction.atomic
def minutes_save(*, minutes: Minutes, revision: int, texts: dict[int, str], by: User) -> Minutes:
    """Save the minute-taker's text for each agenda item, if nobody else saved since `revision`.

    Raises MinutesConflict (nothing written) or MinutesLocked.
    """
    _save_texts(minutes=minutes, revision=revision, texts=texts, by=by)
    minutes_snapshot(minutes=minutes, event=MinutesVersion.Event.EDITED, by=by)
    return minutes


NO_VIEW_MESSAGE = "Write the view in the partner's own words, or give a link to a BSL video of it."


def check_video_link(url: str) -> str:
    """A BSL video link as kept: https only, so the minutes never send a reader to an unprotected page."""
    url = url.strip()
    if url and not url.lower().startswith("https://"):
        raise ValidationError("Give a link that starts with https://")
    return url


def _view_reason(view: PartnerView, what: str) -> str:
    return f"{person_name(view.person)}'s view {what} \u201c{view.agenda_item.title}\u201d"


@transaction.atomic
def partner_view_add(
    *,
    minutes: Minutes,
    agenda_item: AgendaItem,
    person: User,
    words: str,
    by: User,
    bsl_video_url: str = "",
) -> PartnerView:
    """Record a partner's view in their own words (or as a link to a BSL video of it, or both), with their
    name, against one agenda item."""
    current = _locked_row(minutes)
    if current.locked:
        raise MinutesLocked
    if agenda_item.meeting_id != minutes.meeting_id:
        raise ValidationError("Choose an agenda item from this meeting.")
    words = words.strip()
    bsl_video_url = check_video_link(bsl_video_url)
    if not words and not bsl_video_url:
        raise ValidationError(NO_VIEW_MESSAGE)
    view = PartnerView.objects.create(
        partnership_id=minutes.partnership_id,
        minutes=minutes,
        agenda_item=agenda_item,
        person=person,
        words=words,
        bsl_video_url=bsl_video_url,
        recorded_by=by,
    )
    _bump(minutes, by=by)
    minutes_snapshot(
        minutes=minutes,
        event=MinutesVersion.Event.EDITED,
        by=by,
        reason=f"{person.display_name}'s view added to \u201c{agenda_item.title}\u201d",
    )
    return view


def _view_in_hand(view: PartnerView) -> tuple[PartnerView, Minutes]:
    """The view and its minutes as they are now, the minutes row held until the change is kept."""
    minutes = Minutes.objects.select_related("meeting__partnership").get(pk=view.minutes_id)
    current = _locked_row(minutes)
    if current.locked:
        raise MinutesLocked
    fresh = PartnerView.objects.select_related("person", "agenda_item").filter(pk=view.pk).first()
    if fresh is None:
        raise ValidationError("This view has been removed from the minutes already.")
    return fresh, minutes


def _change_view(view: PartnerView, *, words: str, bsl_video_url: str) -> bool:
    """Set the view's words and video link; True if anything changed. A changed view needs confirming
    again by the person quoted: their confirmation was for the words they saw."""
    words = words.strip()
    bsl_video_url = check_video_link(bsl_video_url)
    if not words and not bsl_video_url:
        raise ValidationError(NO_VIEW_MESSAGE)
    if (words, bsl_video_url) == (view.words, view.bsl_video_url):
        return False
    view.words, view.bsl_video_url, view.confirmed_at = words, bsl_video_url, None
    view.save(update_fields=["words", "bsl_video_url", "confirmed_at"])
    return True


@transaction.atomic
def partner_view_change(*, view: PartnerView, words: str, bsl_video_url: str = "", by: User) -> PartnerView:
    """The minute-taker changes a quoted view. The words before stay in the minutes' versions."""
    view, minutes = _view_in_hand(view)
    if _change_view(view, words=words, bsl_video_url=bsl_video_url):
        _bump(minutes, by=by)
        minutes_snapshot(
            minutes=minutes, event=MinutesVersion.Event.VIEW_CHANGED, by=by, reason=_view_reason(view, "in")
        )
    return view


@transaction.atomic
def partner_view_remove(*, view: PartnerView, by: User) -> None:
    """The minute-taker takes a quoted view out of the minutes. It stays in the minutes' versions."""
    view, minutes = _view_in_hand(view)
    reason = _view_reason(view, "removed from")
    view.delete()
    _bump(minutes, by=by)
    minutes_snapshot(minutes=minutes, event=MinutesVersion.Event.VIEW_REMOVED, by=by, reason=reason)


@transaction.atomic
def partner_view_confirm(*, view: PartnerView, person: User) -> PartnerView:
    """The person quoted confirms "this is what I said", while the minutes are out for comments."""
    view, minutes = _view_in_hand(view)
    if view.person_id != person.pk:
        raise ValidationError("Only the person quoted can confirm their own words.")
    if minutes.status != Minutes.Status.OUT_FOR_COMMENT:
        raise ValidationError(NOT_OUT_FOR_COMMENT_MESSAGE)
    if view.confirmed_at is None:
        view.confirmed_at = timezone.now()
        view.save(update_fields=["confirmed_at"])
    return view


@dataclass
class SendResult:
    emailed: list[User]
    by_post: list[User] = field(default_factory=list)
    to_contact: list[User] = field(default_factory=list)  # neither email nor post: the coordinator calls
    # People the mail server refused: the minutes still count as sent; the page names them to contact.
    not_reached: list[User] = field(default_factory=list)
    comments_by: date | None = None


def minutes_send(*, minutes: Minutes, by: User, minutes_url: str, base_url: str = "") -> SendResult:
    """Send the minutes for comments to everyone invited to the meeting, present or not, each in their own
    format (standard, large print or easy read) and their own way: an email with the minutes attached, post
    (the print and post list) or a call from the coordinator. People who asked for meeting packs only get
    the draft minutes on their own, now, not with the next meeting's papers. Everyone is told the day
    comments are wanted by; a person quoted in the minutes is asked to confirm their words.

    The minutes are marked sent first (and once); the documents are printed and the emails sent after that
    is saved, so a slow printer never holds the minutes row.
    """
    with transaction.atomic():
        current = _locked_row(minutes)
        if current.locked:
            raise MinutesLocked
        if current.status == Minutes.Status.OUT_FOR_COMMENT:
            sent = _day(minutes.meeting, current.sent_for_comment_at)
            raise ValidationError(f"These minutes were already sent for comments on {sent}.")
        if not any(text.strip() for text in saved_texts(current).values()):
            raise ValidationError("Write the minutes before sending them for comments.")
        plans = minutes_plans(minutes)
        comments_by = comments_wanted_by(minutes.meeting)
        _bump(
            minutes,
            by=by,
            status=Minutes.Status.OUT_FOR_COMMENT,
            sent_for_comment_at=timezone.now(),
            comments_by=comments_by,
            sent_to=[{"person": p.person.pk, "variant": p.variant, "routes": p.routes} for p in plans],
        )
        minutes_snapshot(minutes=minutes, event=MinutesVersion.Event.SENT, by=by)
    return _send_out(minutes, plans, by=by, minutes_url=minutes_url, base_url=base_url or site_url())


def _document_url(base_url: str, meeting: Meeting, name: str, variant: str) -> str:
    kwargs = {"slug": meeting.partnership.slug, "pk": meeting.pk, "document": "minutes", "variant": variant}
    return base_url.rstrip("/") + reverse(f"meetings:{name}", kwargs=kwargs)


def _send_out(
    minutes: Minutes, plans: list[MinutesPlan], *, by: User, minutes_url: str, base_url: str
) -> SendResult:
    meeting = minutes.meeting
    result = SendResult(emailed=[], comments_by=minutes.comments_by)
    files: dict[str, list[Printed]] = {}

    def attachments(variant: str) -> list[Printed]:
        if variant not in files:
            try:
                files[variant] = meeting_document_parts(meeting, "minutes", variant)
            except Exception:
                # Without the PDF the email still carries the link to the minutes in the person's format.
                logger.exception("Could not print the %s minutes of meeting %s", variant, meeting.pk)
                files[variant] = []
        return files[variant]

    for plan in plans:
        person = plan.person
        if Channel.POST in plan.routes:
            result.by_post.append(person)
        if Channel.OTHER in plan.routes:
            result.to_contact.append(person)
        if Channel.EMAIL not in plan.routes and not plan.support_copy:
            continue
        context = {
            "person": person,
            "meeting": meeting,
            "partnership": meeting.partnership,
            "sent_by": by,
            "minutes_url": minutes_url,
            "web_url": _document_url(base_url, meeting, "document_web", plan.variant),
            "variant_words": FORMAT_WORDS[plan.variant],
            "comments_by": day_in_words(minutes.comments_by) if minutes.comments_by else "",
            "quoted": plan.quoted,
            "packs_only": plan.packs_only,
            "for_support_person": Channel.EMAIL not in plan.routes,
            "support_name": plan.pack.support_name,
        }
        if Channel.EMAIL in plan.routes:
            to, cc = [person.email], [plan.pack.support_email] if plan.pack.support_email else None
            subject = f"Please check the minutes of {meeting.title}"
        else:
            to, cc = [plan.pack.support_email], None
            subject = f"Minutes for {person.display_name} to check: {meeting.title}"
        try:
            email_send(
                to=to,
                cc=cc,
                subject=subject,
                template="minutes_for_comment",
                context=context,
                attachments=attachments(plan.variant),
                html=not plan.pack.plain_text,
            )
        except (OSError, smtplib.SMTPException):
            # One refused address must not undo the sending for everyone else, nor send it twice later.
            logger.exception("Could not email the minutes to person %s", person.pk)
            result.not_reached.append(person)
        else:
            if Channel.EMAIL in plan.routes:
                result.emailed.append(person)
    return result


@dataclass
class PostRow:
    """One line of the minutes' print and post list."""

    name: str
    variant: str
    variant_label: str
    address: str
    by_post: bool
    contact_by: str = ""


def minutes_post_list(minutes: Minutes) -> list[PostRow]:
    """Who the minutes went to by post, or are to be told about by phone, from the last send: with the
    format to print and the address as it is now. One query (none when nobody takes post)."""
    wanted = [entry for entry in minutes.sent_to or [] if set(entry.get("routes", [])) - {Channel.EMAIL}]
    if not wanted:
        return []
    ids = [entry["person"] for entry in wanted]
    people = {person.pk: person for person in User.objects.filter(pk__in=ids).select_related("communication")}
    rows = []
    for entry in wanted:
        person = people.get(entry["person"])
        if person is None:  # deleted their account since
            continue
        pref = getattr(person, "communication", None)
        variant = entry.get("variant", "standard")
        plan = PackPlan(
            person=person,
            variant=variant,
            paper_format="",
            routes=[],
            channels=list(pref.channels) if pref else [],
        )
        rows.append(
            PostRow(
                name=person.display_name,
                variant=variant,
                variant_label=FORMAT_WORDS.get(variant, variant),
                address=pref.postal_address.strip() if pref else "",
                by_post=Channel.POST in entry["routes"],
                contact_by="" if Channel.POST in entry["routes"] else plan.contact_by,
            )
        )
    return sorted(rows, key=lambda row: row.name)


# ---------------------------------------------------------------- corrections


NO_CORRECTION_MESSAGE = "Write the correction you suggest, or give a link to a BSL video of it."


@transaction.atomic
def correction_add(
    *,
    minutes: Minutes,
    agenda_item: AgendaItem | None,
    text: str,
    author: User,
    bsl_video_url: str = "",
    partner_view: PartnerView | None = None,
) -> Correction:
    """An attendee suggests a correction while the minutes are out for comment: in words, as a link to a BSL
    video, or both. With `partner_view`, it suggests other words for a view quoted in the minutes (the
    person quoted does this instead of confirming), and is about that view's agenda item."""
    current = _locked_row(minutes)
    if current.locked or current.status == Minutes.Status.APPROVED:
        raise ValidationError(LOCKED_CORRECTION_MESSAGE)
    if current.status != Minutes.Status.OUT_FOR_COMMENT:
        raise ValidationError(NOT_OUT_FOR_COMMENT_MESSAGE)
    if partner_view is not None:
        if partner_view.minutes_id != minutes.pk:
            raise ValidationError("Choose a view from these minutes.")
        agenda_item = partner_view.agenda_item
    if agenda_item is not None and agenda_item.meeting_id != minutes.meeting_id:
        raise ValidationError("Choose an agenda item from this meeting.")
    text = text.strip()
    bsl_video_url = check_video_link(bsl_video_url)
    if not text and not bsl_video_url:
        raise ValidationError(NO_CORRECTION_MESSAGE)
    return Correction.objects.create(
        partnership_id=minutes.partnership_id,
        minutes=minutes,
        agenda_item=agenda_item,
        partner_view=partner_view,
        text=text,
        bsl_video_url=bsl_video_url,
        author=author,
    )


def _check_open(correction: Correction) -> None:
    if correction.status != Correction.Status.OPEN:
        raise ValidationError(
            f"This correction has already been {correction.get_status_display().lower()}, so there is "
            "nothing more to do."
        )


@transaction.atomic
def correction_accept(
    *,
    correction: Correction,
    text: str,
    revision: int,
    by: User,
    response: str = "",
    view_words: str | None = None,
    view_video_url: str | None = None,
) -> Correction:
    """Accept a correction, changing the minute text for its item in the same step and, for a correction
    about a quoted view, the view's words (`view_words`) and video link (`view_video_url`) too.

    Raises MinutesConflict if the minutes changed since `revision`, MinutesLocked if they are locked.
    """
    correction = (
        Correction.objects.select_for_update(of=("self",))
        .select_related("author", "minutes__meeting__partnership")
        .get(pk=correction.pk)
    )
    _check_open(correction)
    if correction.agenda_item_id is None:
        raise ValidationError(
            "The agenda item this correction is about is no longer on the agenda. Answer it instead."
        )
    minutes = correction.minutes
    _save_texts(minutes=minutes, revision=revision, texts={correction.agenda_item_id: text}, by=by)
    view = None
    if correction.partner_view_id is not None and view_words is not None:
        view = PartnerView.objects.select_related("person").get(pk=correction.partner_view_id)
        _change_view(
            view,
            words=view_words,
            bsl_video_url=view.bsl_video_url if view_video_url is None else view_video_url,
        )
    correction.status = Correction.Status.ACCEPTED
    correction.response = response.strip()
    correction.responded_by = by
    correction.responded_at = timezone.now()
    correction.save(update_fields=["status", "response", "responded_by", "responded_at"])
    minutes_snapshot(
        minutes=minutes,
        event=MinutesVersion.Event.CORRECTION_ACCEPTED,
        by=by,
        reason=f"Correction suggested by {person_name(correction.author)}",
    )
    return correction


@transaction.atomic
def correction_answer(*, correction: Correction, response: str, by: User) -> Correction:
    """Answer a correction without changing the minutes (still possible once they are locked)."""
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    _check_open(correction)
    response = response.strip()
    if not response:
        raise ValidationError("Write your answer to the correction.")
    correction.status = Correction.Status.ANSWERED
    correction.response = response
    correction.responded_by = by
    correction.responded_at = timezone.now()
    correction.save(update_fields=["status", "response", "responded_by", "responded_at"])
    return correction


# ---------------------------------------------------------------- approval and unlocking


@transaction.atomic
def minutes_approve(*, minutes: Minutes, at_meeting: Meeting, by: User) -> Minutes:
    """Approve the minutes at a later meeting and lock them; the meeting's status becomes minutes approved."""
    current = _locked_row(minutes)
    if current.status == Minutes.Status.APPROVED:
        raise ValidationError(
            f"These minutes were already approved on {_day(minutes.meeting, current.approved_at)}."
        )
    if not any(text.strip() for text in saved_texts(current).values()):
        raise ValidationError("There are no minutes to approve yet. The minute-taker writes them first.")
    meeting = minutes.meeting
    if (
        at_meeting.partnership_id != meeting.partnership_id
        or at_meeting.starts_at <= meeting.starts_at
        or at_meeting.is_cancelled
    ):
        raise ValidationError("Choose a meeting held after this one.")
    _bump(
        minutes,
        by=by,
        status=Minutes.Status.APPROVED,
        approved_at=timezone.now(),
        approved_at_meeting=at_meeting,
        locked=True,
    )
    minutes_snapshot(
        minutes=minutes,
        event=MinutesVersion.Event.APPROVED,
        by=by,
        reason=f"Approved at the meeting of {_day(meeting, at_meeting.starts_at)}",
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_APPROVED)
    meeting.status = Meeting.Status.MINUTES_APPROVED
    return minutes


@transaction.atomic
def minutes_unlock(*, minutes: Minutes, reason: str, by: User) -> Minutes:
    """Open approved minutes again, with the reason kept in their history. They go back to being a draft."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why the minutes need to change.")
    current = _locked_row(minutes)
    if not current.locked:
        raise ValidationError("These minutes are not locked, so there is nothing to unlock.")
    _bump(
        minutes,
        by=by,
        status=Minutes.Status.DRAFT,
        locked=False,
        approved_at=None,
        approved_at_meeting=None,
    )
    minutes_snapshot(minutes=minutes, event=MinutesVersion.Event.UNLOCKED, by=by, reason=reason)
    meeting = minutes.meeting
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
        meeting.status = Meeting.Status.HELD
    return minutes


# ---------------------------------------------------------------- comparing versions


@dataclass
class DiffLine:
    kind: str  # "same", "removed" or "added"
    text: str


@dataclass
class ItemDiff:
    title: str
    lines: list[DiffLine]

    @property
    def changed(self) -> bool:
        return any(line.kind != "same" for line in self.lines)


def _item_lines(snapshot: dict) -> dict[int, tuple[str, list[str]]]:
    """Agenda item id -> (title, the lines of its text followed by partners' views in their words)."""
    views: dict[int, list[str]] = defaultdict(list)
    for view in snapshot.get("views", []):
        line = f"{view.get('person')} said: \u201c{view.get('words')}\u201d" if view.get("words") else ""
        if view.get("video"):
            video = f"BSL video: {view['video']}"
            line = f"{line} ({video})" if line else f"{view.get('person')}'s view in a {video}"
        views[view.get("agenda_item")].append(line)
    return {
        entry["agenda_item"]: (
            entry.get("title", ""),
            (entry.get("text") or "").splitlines() + views.get(entry["agenda_item"], []),
        )
        for entry in snapshot.get("items", [])
        if entry.get("agenda_item") is not None
    }


def versions_compare(
    older: MinutesVersion, newer: MinutesVersion, *, titles: dict[int, str] | None = None
) -> list[ItemDiff]:
    """Per agenda item, the lines removed and added between two versions (items in the newer one's order,
    then any item only the older one had)."""
    before = _item_lines(older.snapshot)
    after = _item_lines(newer.snapshot)
    order = list(after) + [pk for pk in before if pk not in after]
    diffs = []
    for pk in order:
        title, old_lines = before.get(pk, ("", []))
        new_title, new_lines = after.get(pk, (title, []))
        lines = []
        for line in difflib.ndiff(old_lines, new_lines):
            code, text = line[:2], line[2:]
            if code == "  ":
                lines.append(DiffLine("same", text))
            elif code == "- ":
                lines.append(DiffLine("removed", text))
            elif code == "+ ":
                lines.append(DiffLine("added", text))
        # Older snapshots may lack titles; fall back to the item's title on the agenda today.
        label = new_title or title or (titles or {}).get(pk) or "An agenda item since removed"
        diffs.append(ItemDiff(title=label, lines=lines))
    return diffs
