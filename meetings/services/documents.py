"""A meeting's documents: the meeting pack, the agenda, the minutes and the action log, each in the three
print variants (standard, large print, easy read), as a PDF and as a web page.

`document_context` gathers everything a document shows, in a fixed number of queries however long the
agenda is; `meeting_document` prints it through `coproduction.printing`, which keeps each PDF and reuses it
until its content changes. A document is the same for everyone who may see it, so one PDF serves them all.

Nothing here ever writes easy read words: where a point has no easy read text written by a person, the easy
read document says so and is marked not ready.
"""

import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import dateformat, timezone
from pypdf import PdfReader

from coproduction.easy_read.guidance import glossary_in, hard_words_pattern
from coproduction.printing import (
    VARIANT_LABELS,
    VARIANTS,
    Printed,
    claimed_pages,
    render_html,
    render_pdf,
    render_pdf_parts,
)
from partners.models import GlossaryTerm, Membership, Partnership, Role, User

from ..models import (
    ActionPoint,
    AgendaItem,
    Attendance,
    Decision,
    EasyReadCheck,
    Meeting,
    MeetingRole,
    MinuteEntry,
    Minutes,
    Paper,
    PaperVersion,
    PartnerView,
    person_name,
)
from . import access_plan as plans
from .actions import open_action_points_before, overdue_first, with_owners
from .agenda import agenda_timing
from .easy_read import (
    _action_point,
    _agenda_point,
    _decision_point,
    decisions_since_last_meeting,
    latest_check,
    readiness,
)
from .meetings import attendance_of, is_invited, with_attendance

logger = logging.getLogger(__name__)

DOCUMENTS = ("pack", "agenda", "minutes", "actions")
# The documents of one meeting; the action log belongs to the whole partnership.
MEETING_DOCUMENTS = ("pack", "agenda", "minutes")
DOCUMENT_LABELS = {"pack": "Meeting pack", "agenda": "Agenda", "minutes": "Minutes", "actions": "Action log"}
TEMPLATES = {
    "pack": "print/meeting_pack.html",
    "agenda": "print/agenda.html",
    "minutes": "print/minutes.html",
    "actions": "print/action_log.html",
}
FILE_NAMES = {"pack": "meeting-pack", "agenda": "agenda", "minutes": "minutes", "actions": "action-log"}

# Easy read documents longer than this are split into parts (ACCESSIBILITY.md).

NOT_WRITTEN = "Easy read text is not written yet for this point."
# Minutes, decisions and action points recorded under no agenda item (or one since removed).
OTHER_BUSINESS = "Recorded under no agenda item"
PDF_TYPE = "application/pdf"


def _check(document: str, variant: str) -> None:
    if document not in DOCUMENTS:
        raise ValueError(f"Unknown document {document!r}")
    if variant not in VARIANTS:
        raise ValueError(f"Unknown variant {variant!r}")


# ---------------------------------------------------------------- dates and times in words


def _zone(partnership: Partnership) -> ZoneInfo:
    return ZoneInfo(partnership.time_zone)


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return timezone.localtime(moment, zone)


def _day(moment: datetime | date, zone: ZoneInfo | None = None) -> str:
    """ "Tuesday 3 March 2026"."""
    if isinstance(moment, datetime):
        moment = _local(moment, zone)
    return dateformat.format(moment, "l j F Y")


def _short_day(day: date) -> str:
    """ "3 March 2026"."""
    return dateformat.format(day, "j F Y")


def _time(moment: datetime, zone: ZoneInfo) -> str:
    return f"{_local(moment, zone):%H:%M}"


def _times(starts: datetime, ends: datetime, zone: ZoneInfo) -> str:
    return f"{_time(starts, zone)} to {_time(ends, zone)}"


# ---------------------------------------------------------------- points and their easy read versions


@dataclass
class Point:
    """Anything an easy read document shows as one point: its easy read words (written by a person, or empty)
    and its picture. `hard_words` are the glossary terms its easy read words use."""

    easy_read: str = ""
    picture: str = ""
    hard_words: list[GlossaryTerm] = field(default_factory=list)
    explained: list[GlossaryTerm] = field(default_factory=list)  # hard words first used here

    @property
    def easy_text(self) -> str:
        """The easy read words, each hard word first used here explained in the sentence after them."""
        if not self.easy_read:
            return NOT_WRITTEN
        explanations = [f"{term.word}: {term.explanation.strip()}" for term in self.explained]
        return "\n\n".join([self.easy_read, *explanations])

    @property
    def has_easy_read(self) -> bool:
        return bool(self.easy_read)

    # The picture an easy read point shows when nobody chose one: one picture for every point.
    default_picture = "openmoji:1F4AC"  # a speech bubble

    @property
    def shown_picture(self) -> str:
        return self.picture or self.default_picture

    @property
    def easy_words(self) -> str:
        return self.easy_text


@dataclass
class FramePoint:
    """A point of an easy read document's own framing (when, where, who chairs), in our words."""

    heading: str
    text: str
    picture: str


@dataclass
class AgendaRow(Point):
    item_id: int = 0
    number: int = 0
    title: str = ""
    purpose: str = ""
    times: str = ""
    starts: str = ""
    minutes: int = 0
    lead: str = ""
    description: str = ""
    is_break: bool = False
    papers: list[str] = field(default_factory=list)
    extra: list["PackPart"] = field(default_factory=list)  # what other apps add under it (PACK_SECTIONS)

    @property
    def heading(self) -> str:
        return f"{self.times}: {self.title}"

    @property
    def shown_picture(self) -> str:
        return self.picture or ("openmoji:2615" if self.is_break else self.default_picture)

    @property
    def easy_words(self) -> str:
        if self.is_break:
            return "Time for a break."
        return self.easy_text + (f"\n\n{self.lead} leads this part." if self.lead else "")


@dataclass
class AgendaSection:
    rows: list[AgendaRow]
    breaks: list[str]  # "11:05 to 11:15"
    total_minutes: int
    overrun_minutes: int
    ends: str  # when the agenda's planned items end


@dataclass
class DecisionRow(Point):
    reference: str = ""
    text: str = ""
    how: str = ""
    meeting_title: str = ""
    meeting_day: str = ""

    default_picture = "openmoji:1F91D"  # two hands shaking


@dataclass
class ActionRow(Point):
    reference: str = ""
    text: str = ""
    owner: str = ""
    due: str = ""
    status: str = ""
    overdue: bool = False
    due_words: str = ""  # "Due by 3 March 2026" or "Overdue: it was due by 3 March 2026"
    meeting_title: str = ""

    default_picture = "openmoji:1F4DD"  # a pencil writing

    @property
    def easy_words(self) -> str:
        late = "\nThis is late." if self.overdue else ""
        return f"{self.easy_text}\n\nWho: {self.owner}.\nWhen: by {self.due}.{late}"


@dataclass
class ViewRow:
    name: str
    words: str
    video: str = ""  # a link to the view in BSL, with or instead of words


@dataclass
class MinuteRow(Point):
    title: str = ""
    text: str = ""
    views: list[ViewRow] = field(default_factory=list)
    decisions: list[DecisionRow] = field(default_factory=list)
    action_points: list[ActionRow] = field(default_factory=list)
    is_other: bool = False  # what was recorded under no agenda item (or one since removed)


@dataclass
class MinutesSection:
    meeting_title: str
    meeting_day: str
    written: bool  # False: nobody has written minutes yet
    approved: bool
    status_words: str  # "Not approved yet." / "Agreed as a true record on 3 March 2026."
    rows: list[MinuteRow]

    @property
    def status_label(self) -> str:
        return "Approved" if self.approved else "Draft"

    @property
    def easy_status(self) -> str:
        if self.approved:
            return f"We met on {self.meeting_day}.\nThe notes of that meeting are agreed."
        return f"We met on {self.meeting_day}.\nThe notes of that meeting are not agreed yet."


@dataclass
class PaperRow:
    title: str
    item_title: str
    description: str
    kind: str  # "PDF", "Word document", ... of the standard version
    appended: bool = False  # the standard pack carries it at the end
    left_out: str = ""  # why it is not appended although it is a PDF
    # large print and easy read packs: the paper's own version in that format, or how to ask for one
    own_version_name: str = ""
    own_version_url: str = ""
    ask: str = ""
    bsl_video: str = ""  # the link to the paper in BSL, in every variant, when it has one

    @property
    def kind_words(self) -> str:
        """The kind in a sentence, "It is …": "a Word document", "a plain text file"; never lower-cased
        into "a word document"."""
        words = {"Plain text": "a plain text file", "OpenDocument text": "an OpenDocument text file"}
        return words.get(self.kind) or ("a file" if self.kind == "File" else f"a {self.kind}")


@dataclass
class Contact:
    name: str
    phone: str
    email: str

    def how(self) -> str:
        ways = [f"phone {self.phone}"] if self.phone else []
        if self.email:
            ways.append(f"email {self.email}")
        return " or ".join(ways)


@dataclass
class Front:
    """The front page of the meeting pack: what, when, where, who chairs, access, breaks."""

    title: str
    kind: str
    description: str
    day: str
    times: str
    duration_minutes: int
    format: str
    in_person: bool
    online: bool
    venue_name: str
    venue_address: list[str]
    public_transport: str
    parking: str
    drop_off: str
    venue_features: list[str]
    venue_access_notes: str
    online_link: str
    online_details: str
    live_captions: bool
    chairs: list[str]
    minute_takers: list[str]
    access: list[str]
    breaks: list[str]
    papers_deadline: str
    contact: Contact | None
    easy_access: list[tuple[str, str]] = field(default_factory=list)  # (sentence, picture): access_easy

    def easy_points(self) -> list[FramePoint]:
        """The front page in easy read: short sentences, each point with its picture."""
        points = [
            FramePoint("When", f"The meeting is on {self.day}.\nIt is from {self.times}.", "openmoji:1F4C5")
        ]
        if self.in_person:
            if self.venue_name:
                address = "\n".join(self.venue_address)
                where = f"The meeting is at {self.venue_name}.\n\nThe address is:\n{address}"
            else:
                where = "We have not chosen the place yet.\nWe will tell you where it is."
            points.append(FramePoint("Where", where, "openmoji:1F4CD"))
            travel = [
                f"{label}: {text}"
                for label, text in (
                    ("Bus and train", self.public_transport),
                    ("Parking", self.parking),
                    ("Drop-off", self.drop_off),
                )
                if text
            ]
            if travel:
                points.append(FramePoint("Getting there", "\n\n".join(travel), "openmoji:1F68C"))
        if self.online:
            online = "You can join on a computer, tablet or phone."
            if self.online_link:
                online += f"\nThe link is {self.online_link}"
            if self.live_captions:
                online += "\n\nThere are captions.\nCaptions are the words people say, written on the screen."
            points.append(FramePoint("Online", online, "openmoji:1F4F9"))
        if self.chairs:
            names = " and ".join(self.chairs)
            points.append(
                FramePoint(
                    "Who chairs",
                    f"{names} will chair the meeting.\nThe chair makes sure everyone gets a turn to talk.",
                    "openmoji:1F464",
                )
            )
        # One short sentence a point, each with its picture; only the first has the heading.
        for number, (sentence, picture) in enumerate(self.easy_access):
            points.append(FramePoint("Help to take part" if number == 0 else "", sentence, picture))
        if self.breaks:
            points.append(
                FramePoint(
                    "Breaks", "\n".join(["There are breaks at these times:", *self.breaks]), "openmoji:2615"
                )
            )
        if self.contact:
            ways = "\n".join(
                ([f"Phone: {self.contact.phone}"] if self.contact.phone else [])
                + ([f"Email: {self.contact.email}"] if self.contact.email else [])
            )
            points.append(
                FramePoint(
                    "Questions",
                    f"Ask {self.contact.name} if you have a question.\n{ways}".strip(),
                    "openmoji:1F4DE",
                )
            )
        return points


@dataclass
class EasyRead:
    ready: bool
    missing: list[str]
    checked_by: str
    glossary: list[GlossaryTerm]


# ---------------------------------------------------------------- what other apps add to the documents

# The meetings app imports no other app; apps that add to a meeting's documents register here at start-up
# (groundrules, from its AppConfig.ready). PACK_ITEM_QUERIES: callables that take the documents' agenda items
# query and return it with what they need annotated (so they ask the database nothing more). PACK_SECTIONS:
# callables provider(meeting, variant, items, document) returning a PackExtra or None: parts shown under an
# agenda item (pack and agenda), and whole sections of the pack.
PACK_ITEM_QUERIES: list[Callable[[QuerySet], QuerySet]] = []
PACK_SECTIONS: list[Callable] = []


@dataclass
class PackPoint(Point):
    title: str = ""
    text: str = ""
    details: list[str] = field(default_factory=list)  # lines after the words ("Responses so far: ...")
    easy_details: str = ""  # the same in easy read words

    @property
    def easy_words(self) -> str:
        return self.easy_text + (f"\n\n{self.easy_details}" if self.easy_details else "")


@dataclass
class PackPart:
    heading: str
    points: list[PackPoint]
    intro: str = ""
    easy_intro: str = ""
    anchor: str = ""  # a section's id in the pack ("ground-rules")


@dataclass
class PackExtra:
    items: dict[int, list[PackPart]] = field(default_factory=dict)  # by agenda item id
    sections: list[PackPart] = field(default_factory=list)


def pack_extra(meeting: Meeting, variant: str, items: list[AgendaItem], document: str) -> PackExtra:
    """What the registered providers add to this document."""
    extra = PackExtra()
    for provider in PACK_SECTIONS:
        got = provider(meeting, variant, items, document)
        if got is None:
            continue
        for item_id, parts in got.items.items():
            extra.items.setdefault(item_id, []).extend(parts)
        extra.sections.extend(got.sections)
    return extra


def _with_extra(agenda: AgendaSection, extra: PackExtra) -> list[Point]:
    """Each agenda row gets its parts; the points they add, for the easy read glossary."""
    points: list[Point] = []
    for row in agenda.rows:
        row.extra = extra.items.get(row.item_id, [])
        points += [point for part in row.extra for point in part.points]
    return points


# ---------------------------------------------------------------- reading the meeting


def meeting_contact(meeting: Meeting) -> Contact | None:
    """Who to ask about the meeting (and for a paper in another format): the coordinator who set it up if
    they still coordinate, else the partnership's first coordinator. One query."""
    return _contact(
        meeting,
        [
            m.person
            for m in Membership.objects.current()
            .filter(partnership_id=meeting.partnership_id, role=Role.COORDINATOR)
            .select_related("person")
            .order_by("person__full_name")
        ],
    )


def _contact(meeting: Meeting, coordinators: list[User]) -> Contact | None:
    """`meeting_contact` from the partnership's current coordinators in name order."""
    if not coordinators:
        return None
    person = next((p for p in coordinators if p.pk == meeting.created_by_id), coordinators[0])
    return Contact(name=person.display_name, phone=person.phone, email=person.email)


@dataclass
class MeetingPeople:
    """The people a meeting's front page names or counts, read once (`meeting_people`)."""

    invited: list[tuple[User, Attendance | None]]  # `meetings.invited_people(meeting)`
    contact: Contact | None  # `meeting_contact(meeting)`
    chairs: list[str]
    minute_takers: list[str]
    # The needs and paper formats of everyone in `invited` and more (`access_plan.needs_from`).
    needs: plans.NeedsAndPreferences = ([], [])


def meeting_people(meeting: Meeting) -> MeetingPeople:
    """Everyone invited with their attendance row (`meetings.invited_people`: the same rule,
    `meetings.is_invited`, and a test holds the two to the same answer), who to ask (`meeting_contact`)
    and who chairs and takes the minutes, and everyone's access needs and paper format
    (`access_plan.with_needs`): one query (five apart), of the partnership's current members and anyone
    with a role at this meeting, each with their role in the partnership, their attendance row for this
    meeting (at most one: a person replies once), their roles at it and their needs (a row each)."""
    membership = Membership.objects.current().filter(
        partnership_id=meeting.partnership_id, person_id=OuterRef("pk")
    )
    roles = MeetingRole.objects.filter(meeting=meeting, person_id=OuterRef("pk"))
    rows = list(
        plans.with_needs(
            with_attendance(
                User.objects.filter(Exists(membership) | Exists(roles)).annotate(
                    member_role=Subquery(membership.values("role")[:1]),
                    chairs=Exists(roles.filter(role=MeetingRole.Role.CHAIR)),
                    takes_minutes=Exists(roles.filter(role=MeetingRole.Role.MINUTE_TAKER)),
                ),
                meeting,
            )
        ).order_by("full_name", "pk")
    )
    people: list[User] = []  # each person's first row
    for row in rows:
        if not people or people[-1].pk != row.pk:
            people.append(row)
    invited = []
    for person in people:
        if person.member_role is None:  # not in the partnership now, but has a role at this meeting
            continue
        attendance = attendance_of(person)
        if is_invited(person.member_role, attendance):
            invited.append((person, attendance))
    return MeetingPeople(
        invited=invited,
        contact=_contact(meeting, [p for p in people if p.member_role == Role.COORDINATOR]),
        chairs=[p.display_name for p in people if p.chairs],
        minute_takers=[p.display_name for p in people if p.takes_minutes],
        needs=plans.needs_from(rows),
    )


def _before(partnership_id, starts_at):
    """The partnership's meetings before a time, cancelled ones left out (either may be an OuterRef)."""
    return Meeting.objects.filter(partnership_id=partnership_id, starts_at__lt=starts_at).exclude(
        status=Meeting.Status.CANCELLED
    )


def _held(meetings):
    return meetings.filter(
        Q(status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED]) | Q(minutes__isnull=False)
    )


def last_meeting(meeting: Meeting) -> Meeting | None:
    """The partnership's latest meeting before this one that was held or has minutes. One query."""
    return (
        _held(_before(meeting.partnership_id, meeting.starts_at))
        .select_related("partnership")
        .order_by("-starts_at", "-pk")
        .first()
    )


@dataclass
class Earlier:
    """The meetings a pack looks back to. `previous`: the last meeting before this one, whatever happened at
    it (`easy_read.previous_meeting`: decisions since it are the pack's); `last`: the last one held or with
    minutes (`last_meeting`: its minutes are in the pack). Often the same meeting."""

    previous: Meeting | None
    last: Meeting | None


# What a pack reads of the meetings it looks back to, as columns of the meeting itself (`with_earlier`): the
# previous meeting's, and the last held one's with its minutes'.
_PREVIOUS_COLUMNS = {"pk": "pk", "starts_at": "starts_at"}
_LAST_COLUMNS = {
    "pk": "pk",
    "title": "title",
    "starts_at": "starts_at",
    "minutes_pk": "minutes__pk",
    "minutes_status": "minutes__status",
    "minutes_approved_at": "minutes__approved_at",
}
_EARLIER_COLUMNS = [f"previous_{name}" for name in _PREVIOUS_COLUMNS] + [
    f"last_{name}" for name in _LAST_COLUMNS
]


def with_earlier(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings, each with what its pack reads of the meetings it looks back to (`_before`, `_held`), so
    the pack asks no more (`earlier_meetings`)."""
    before = _before(OuterRef("partnership_id"), OuterRef("starts_at"))
    previous = before.order_by("-starts_at")
    last = _held(before).order_by("-starts_at", "-pk")
    return meetings.annotate(
        **{f"previous_{name}": Subquery(previous.values(to)[:1]) for name, to in _PREVIOUS_COLUMNS.items()},
        **{f"last_{name}": Subquery(last.values(to)[:1]) for name, to in _LAST_COLUMNS.items()},
    )


def earlier_meetings(meeting: Meeting) -> Earlier:
    """Both meetings a pack looks back to, with the last one's minutes: read with the meeting where it came
    through `with_earlier` (no query), else now (one query)."""
    if hasattr(meeting, "previous_pk"):
        found = {name: getattr(meeting, name) for name in _EARLIER_COLUMNS}
    else:
        found = with_earlier(Meeting.objects.filter(pk=meeting.pk)).values(*_EARLIER_COLUMNS).get()
    previous = last = None
    if found["previous_pk"] is not None:
        previous = Meeting(pk=found["previous_pk"], partnership_id=meeting.partnership_id)
        previous.starts_at = found["previous_starts_at"]
        previous.partnership = meeting.partnership
    if found["last_pk"] is not None:
        last = Meeting(
            pk=found["last_pk"],
            partnership_id=meeting.partnership_id,
            title=found["last_title"],
            starts_at=found["last_starts_at"],
        )
        last.partnership = meeting.partnership
        if found["last_minutes_pk"] is not None:
            last.minutes = Minutes(
                pk=found["last_minutes_pk"],
                partnership_id=meeting.partnership_id,
                meeting_id=found["last_pk"],
                status=found["last_minutes_status"],
                approved_at=found["last_minutes_approved_at"],
            )
        else:  # as `select_related("minutes")` leaves a meeting without minutes: `_minutes_of` says None
            Meeting.minutes.related.set_cached_value(last, None)
    return Earlier(previous=previous, last=last)


def _minutes_of(meeting: Meeting) -> Minutes | None:
    """The minutes fetched with a meeting (`select_related("minutes")`, in the same breath)."""
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None


def _agenda_items(meeting: Meeting) -> list[AgendaItem]:
    return _agenda_items_of(meeting)[meeting.pk]


def _agenda_items_of(
    meeting: Meeting, *others: Meeting | None, minute_text: bool = False
) -> dict[int, list[AgendaItem]]:
    """The agenda items of the meeting and of `others` (from the same partnership), each in order, in one
    query. With `minute_text`, each item carries the text its meeting's minutes have for it (`minute_text`;
    None when they have none: `_minute_entries`)."""
    ids = [meeting.pk, *(m.pk for m in others if m is not None)]
    by_meeting: dict[int, list[AgendaItem]] = {pk: [] for pk in ids}
    items = AgendaItem.objects.filter(partnership_id=meeting.partnership_id, meeting_id__in=ids)
    if minute_text:
        # Minutes are written against their own meeting's agenda (`minutes._save_texts`), one entry an item.
        entry = MinuteEntry.objects.filter(
            minutes__meeting_id=OuterRef("meeting_id"), agenda_item=OuterRef("pk")
        )
        items = items.annotate(minute_text=Subquery(entry.values("text")[:1]))
    for prepare in PACK_ITEM_QUERIES:
        items = prepare(items)
    for item in items.select_related("lead").order_by("position", "pk"):
        by_meeting[item.meeting_id].append(item)
    return by_meeting


_PAPER_FIELDS = [f.attname for f in Paper._meta.concrete_fields]
_VERSION_FIELDS = [f.attname for f in PaperVersion._meta.concrete_fields]


def _minute_entries(items: list[AgendaItem]) -> list[tuple[int, str]]:
    """The minutes' entries, as (agenda item, text), from a meeting's agenda items read with their
    `minute_text` (`_agenda_items_of`)."""
    return [(item.pk, item.minute_text) for item in items if item.minute_text is not None]


def _papers(meeting: Meeting, items: list[AgendaItem]) -> list[Paper]:
    """The meeting's papers in agenda order (papers of no item, or of a removed one, last), each with its
    versions (`loaded_versions`), its item's title (`item_title`) and its place in title order
    (`title_rank`, as the database orders titles: `_in_title_order`). One query: the papers joined to their
    versions, a paper with none coming once."""
    papers: dict[int, Paper] = {}
    split = len(_PAPER_FIELDS)
    for row in (
        Paper.objects.filter(partnership_id=meeting.partnership_id, meeting=meeting)
        .order_by("title", "pk")
        .values_list(*_PAPER_FIELDS, "agenda_item__title", *(f"versions__{f}" for f in _VERSION_FIELDS))
    ):
        paper = papers.get(row[0])
        if paper is None:
            paper = Paper.from_db(Paper.objects.db, _PAPER_FIELDS, row[:split])
            paper.item_title = row[split] or ""
            paper.loaded_versions = []
            paper.title_rank = len(papers)
            papers[paper.pk] = paper
        if row[split + 1] is not None:
            paper.loaded_versions.append(
                PaperVersion.from_db(PaperVersion.objects.db, _VERSION_FIELDS, row[split + 1 :])
            )
    order = {item.pk: index for index, item in enumerate(items)}
    return sorted(
        papers.values(), key=lambda p: (order.get(p.agenda_item_id, len(order)), p.title.lower(), p.pk)
    )


def _in_title_order(papers: list[Paper]) -> list[Paper]:
    """The papers of `_papers` in title order (as `access_plan.papers_without` lists them)."""
    return sorted(papers, key=lambda paper: paper.title_rank)


def _newest(paper: Paper, format: str) -> PaperVersion | None:
    versions = [v for v in paper.loaded_versions if v.format == format]
    return max(versions, key=lambda v: v.number, default=None)


def agenda_section(meeting: Meeting, items: list[AgendaItem], papers: Iterable[Paper] = ()) -> AgendaSection:
    zone = _zone(meeting.partnership)
    timing = agenda_timing(meeting, items)
    titles: dict[int, list[str]] = {}
    for paper in papers:
        if paper.agenda_item_id:
            titles.setdefault(paper.agenda_item_id, []).append(paper.title)
    rows = []
    number = 0
    for timed in timing.items:
        item = timed.item
        if not item.is_break:
            number += 1
        rows.append(
            AgendaRow(
                item_id=item.pk,
                number=0 if item.is_break else number,
                title=item.title,
                purpose=item.get_purpose_display(),
                times=_times(timed.starts, timed.ends, zone),
                starts=_time(timed.starts, zone),
                minutes=item.duration_minutes,
                lead=item.lead.display_name if item.lead_id and item.lead else "",
                description=item.description,
                is_break=item.is_break,
                papers=titles.get(item.pk, []),
                easy_read=item.easy_read_text,
                picture=item.easy_read_picture,
            )
        )
    breaks = [row.times for row in rows if row.is_break]
    ends = _time(timing.items[-1].ends, zone) if timing.items else _time(meeting.ends_at, zone)
    return AgendaSection(
        rows=rows,
        breaks=breaks,
        total_minutes=timing.total_minutes,
        overrun_minutes=timing.overrun_minutes,
        ends=ends,
    )


def _decision_row(decision: Decision, zone: ZoneInfo) -> DecisionRow:
    how = decision.get_how_display()
    if decision.how == Decision.How.VOTE and decision.votes_for is not None:
        how = (
            f"By a vote: {decision.votes_for} for, {decision.votes_against or 0} against, "
            f"{decision.abstentions or 0} abstaining"
        )
    return DecisionRow(
        reference=decision.reference,
        text=decision.text,
        how=how,
        meeting_title=decision.meeting.title if decision.meeting_id else "",
        meeting_day=_short_day(_local(decision.meeting.starts_at, zone).date())
        if decision.meeting_id
        else "",
        easy_read=decision.easy_read_text,
        picture=decision.easy_read_picture,
    )


def _action_row(action: ActionPoint, today: date) -> ActionRow:
    due = _short_day(action.due_on)
    overdue = action.is_open and action.due_on < today
    return ActionRow(
        reference=action.reference,
        text=action.text,
        owner=action.owner_name,
        due=due,
        status=action.get_status_display(),
        overdue=overdue,
        due_words=f"Overdue: it was due by {due}" if overdue else f"Due by {due}",
        meeting_title=action.meeting.title if action.meeting_id else "",
        easy_read=action.easy_read_text,
        picture=action.easy_read_picture,
    )


def minutes_section(
    meeting: Meeting,
    *,
    items: list[AgendaItem] | None = None,
    decisions: list[Decision] | None = None,
    actions: list[ActionPoint] | None = None,
    minutes: Minutes | None | Literal["read"] = "read",
    entries: list[tuple[int, str]] | None = None,
) -> MinutesSection:
    """A meeting's minutes per agenda item: the text, partners' views in their own words with their names,
    decisions and action points. Reads only (never makes an empty minutes row). Six queries at most: fewer
    when the caller has its `minutes` (None: it has none), its agenda `items`, `decisions` and `actions`
    (each in the order of their numbers) and the minutes' `entries` (`_minute_entries`) already, just read."""
    zone = _zone(meeting.partnership)
    today = timezone.localdate(timezone=zone)
    if isinstance(minutes, str):  # "read"
        minutes = Minutes.objects.filter(meeting=meeting).first()
    if items is None:
        items = _agenda_items(meeting)
    rows: dict[int | None, MinuteRow] = {
        item.pk: MinuteRow(title=item.title, easy_read=item.easy_read_text, picture=item.easy_read_picture)
        for item in items
        if not item.is_break
    }
    other = MinuteRow(title=OTHER_BUSINESS, is_other=True)

    def slot(item_id: int | None) -> MinuteRow:
        return rows.get(item_id, other)

    if minutes is not None:
        if entries is None:
            entries = MinuteEntry.objects.filter(minutes=minutes).values_list("agenda_item_id", "text")
        for item_id, text in entries:
            slot(item_id).text = text
        for view in PartnerView.objects.filter(minutes=minutes).select_related("person"):
            slot(view.agenda_item_id).views.append(
                ViewRow(name=person_name(view.person), words=view.words, video=view.bsl_video_url)
            )
    if decisions is None:
        decisions = list(Decision.objects.filter(meeting=meeting).order_by("year", "number"))
    for decision in decisions:
        decision.meeting = meeting
        slot(decision.agenda_item_id).decisions.append(_decision_row(decision, zone))
    if actions is None:
        actions = list(with_owners(ActionPoint.objects.filter(meeting=meeting)).order_by("year", "number"))
    for action in actions:
        slot(action.agenda_item_id).action_points.append(_action_row(action, today))

    result = list(rows.values())
    if other.text or other.views or other.decisions or other.action_points:
        result.append(other)
    approved = minutes is not None and minutes.status == Minutes.Status.APPROVED
    written = minutes is not None and any(r.text or r.views for r in result)
    if approved:
        when = f" on {_short_day(_local(minutes.approved_at, zone).date())}" if minutes.approved_at else ""
        status_words = f"Agreed as a true record{when}."
    elif minutes is not None and minutes.status == Minutes.Status.OUT_FOR_COMMENT:
        status_words = "Sent to the people who were there for their comments. Not approved yet."
    else:
        status_words = "Not approved yet."
    return MinutesSection(
        meeting_title=meeting.title,
        meeting_day=_day(meeting.starts_at, zone),
        written=written,
        approved=approved,
        status_words=status_words,
        rows=result,
    )


def _by_number(rows: list) -> list:
    return sorted(rows, key=lambda row: (row.year, row.number))


def pack_decisions(meeting: Meeting, earlier: Earlier) -> tuple[list[Decision], list[Decision]]:
    """The decisions the pack shows, in one query: those since the previous meeting, oldest first
    (`easy_read.decisions_since_last_meeting`), and the last meeting's, by number (its minutes)."""
    if earlier.previous is None:  # nothing before this meeting at all
        return [], []
    since = decisions_since_last_meeting(meeting, earlier.previous)
    last = earlier.last
    if last is None:
        return list(since), []
    rows = list(since | Decision.objects.filter(meeting_id=last.pk))
    # The last meeting is never after the previous one: its decisions are among those since only when it
    # starts when the previous one does (it is the previous one). Every other row came from `since`.
    last_is_since = last.starts_at >= earlier.previous.starts_at
    return (
        [d for d in rows if d.meeting_id != last.pk or last_is_since],
        _by_number([d for d in rows if d.meeting_id == last.pk]),
    )


def pack_action_points(meeting: Meeting, last: Meeting | None) -> tuple[list[ActionPoint], list[ActionPoint]]:
    """The action points the pack shows, in one query: the open ones from earlier meetings, overdue first
    (`actions.open_action_points_before`), and the last meeting's, by number (its minutes)."""
    carried = open_action_points_before(meeting)
    if last is None:
        return list(carried), []
    rows = list(carried | ActionPoint.objects.filter(meeting_id=last.pk))
    # The last meeting is before this one, so of its action points the open ones are carried forward too.
    # Every other row came from `carried`.
    return (
        [a for a in rows if a.meeting_id != last.pk or a.is_open],
        _by_number([a for a in rows if a.meeting_id == last.pk]),
    )


# Formats this workspace makes itself, so a need for them is met by the documents whether or not anyone booked
# anything.
MADE_HERE = {
    "large_print": "the meeting pack and papers come in large print.",
    "easy_read": "the meeting pack comes in easy read.",
    "electronic_text": "the meeting pack is also a web page that works with screen readers.",
}


def _not_arranged(contact: "Contact | None") -> str:
    """What a need not arranged yet says: who is arranging it and how to reach them, never "not available"."""
    if contact is None:
        return "not arranged yet; the coordinator is arranging it."
    ways = ", ".join(way for way in (contact.email, contact.phone) if way)
    return f"not arranged yet; {contact.name} is arranging it" + (f" ({ways})." if ways else ".")


def access_summary(
    meeting: Meeting, items: list[AgendaItem], contact: "Contact | None" = None, plan=None
) -> list[str]:
    """What is in place for access, without anyone's name: "BSL/English interpreter: booked.", "Hearing loop:
    not arranged yet; Morag is arranging it (morag@…, 01234 …)." Built from need labels and statuses only,
    never from what a booking or a person's note says (those can name people). A document goes to many
    people, so it asks as nobody in particular (`access_plan(meeting, None)`): `may_see_bookings` is False
    for it."""
    plan = plan or plans.access_plan(meeting, None, agenda=items)
    lines = []
    for row in plan.rows:
        label = row.need.label
        if row.status != plans.ARRANGED and row.need.code in MADE_HERE:
            lines.append(f"{label}: {MADE_HERE[row.need.code]}")
        elif row.status == plans.ARRANGED:
            lines.append(f"{label}: booked.")
        elif row.status == plans.MET_BY_VENUE:
            lines.append(f"{label}: the venue has this.")
        elif row.status == plans.PLANNED:
            lines.append(f"{label}: planned. {row.explanation}".strip())
        elif row.status == plans.NOT_MET:
            lines.append(f"{label}: {_not_arranged(contact)}")
    # Bookings for needs nobody coming has (`plan.other_arrangements`) are left out: they are for people who
    # sent apologies, and beside the meeting page's list of who is not coming they would say what those
    # people need. The coordinator sees them on the access plan, to cancel them.
    return lines


# Easy read words for what is in place, one short sentence each with its picture (static/easyread), and a
# noun for "We are still arranging …". No sentence says who needs it: the pack goes to everyone.
EASY_HELP: dict[str, tuple[str, str, str]] = {
    "large_print": ("The papers come in big writing.", "papers in big writing", "openmoji:1F441"),
    "easy_read": ("The papers come in easy read.", "papers in easy read", "openmoji:1F4C4"),
    "braille": ("The papers come in braille.", "papers in braille", "openmoji:1F9AF"),
    "audio": ("The papers come as a sound recording.", "a sound recording of the papers", "openmoji:1F442"),
    "electronic_text": ("You can read the papers on a computer.", "papers for a computer", "openmoji:1F5A5"),
    "bsl_video": ("The papers come as a BSL video.", "a BSL video of the papers", "openmoji:1F9CF"),
    "coloured_paper": ("The papers come on coloured paper.", "papers on coloured paper", "openmoji:1F4C4"),
    "bsl_interpreter": ("There will be a BSL interpreter.", "a BSL interpreter", "openmoji:1F9CF"),
    "deafblind_interpreter": (
        "There will be a deafblind interpreter.",
        "a deafblind interpreter",
        "openmoji:1F450",
    ),
    "lipspeaker": ("There will be a lipspeaker.", "a lipspeaker", "openmoji:1F5E3"),
    "speech_to_text": (
        "Someone will type what people say on a screen.",
        "someone to type what people say",
        "openmoji:1F5A5",
    ),
    "hearing_loop": ("There will be a hearing loop.", "a hearing loop", "openmoji:1F9BB"),
    "note_taker": ("Someone will write notes.", "someone to write notes", "openmoji:1F4DD"),
    "step_free": ("You can get in without steps.", "a way in without steps", "openmoji:267F"),
    "wheelchair_space": ("There is space for wheelchairs.", "space for wheelchairs", "openmoji:1F9BD"),
    "accessible_parking": ("There is parking near the door.", "parking near the door", "openmoji:1F697"),
    "accessible_toilet": ("There is an accessible toilet.", "an accessible toilet", "openmoji:1F6BB"),
    "lift": ("There is a lift.", "a lift", "openmoji:1F6D7"),
    "accessible_transport": (
        "Transport to the meeting is booked.",
        "transport to the meeting",
        "openmoji:1F695",
    ),
    "travel_companion": ("Someone will help with the journey.", "help with the journey", "openmoji:1F6B6"),
    "regular_breaks": ("There are breaks.", "breaks", "openmoji:2615"),
    "quiet_room": ("There is a quiet room.", "a quiet room", "openmoji:1F507"),
    "lighting": ("The lights are set up to help.", "the right lights", "openmoji:1F526"),
    "seating": ("There are chairs that help.", "the right chairs", "openmoji:267F"),
    "assistance_dog": ("Assistance dogs are welcome.", "a place for assistance dogs", "openmoji:1F9AE"),
    "support_worker": ("Support workers can come too.", "places for support workers", "openmoji:1F465"),
    "longest_meeting": ("The meeting is not too long.", "a shorter meeting", "openmoji:23F0"),
    "earliest_start": ("The meeting does not start too early.", "a later start", "openmoji:23F0"),
    "extra_reading_time": ("Papers go out early.", "papers going out early", "openmoji:1F4C5"),
    "other": ("Other help is arranged.", "other help", "openmoji:267F"),
}


def access_easy(plan, contact: "Contact | None") -> list[tuple[str, str]]:
    """The access plan in easy read: (sentence, picture) for each need, naming nobody. What is not arranged
    yet says so, and one last sentence says who is arranging it."""
    done, waiting = [], []
    for row in plan.rows:
        sentence, noun, picture = EASY_HELP.get(row.need.code, EASY_HELP["other"])
        if row.status == plans.NOT_NEEDED:
            continue
        if row.status == plans.NOT_MET and row.need.code not in MADE_HERE:
            waiting.append((f"We are still arranging {noun}.", picture))
        else:
            done.append((sentence, picture))
    if waiting:
        who = f"{contact.name} is arranging it." if contact else "The coordinator is arranging it."
        ways = " ".join(
            ([f"Phone: {contact.phone}"] if contact and contact.phone else [])
            + ([f"Email: {contact.email}"] if contact and contact.email else [])
        )
        waiting.append((f"{who} {ways}".strip(), "openmoji:1F4DE"))
    return done + waiting


def front_page(
    meeting: Meeting, items: list[AgendaItem], agenda: AgendaSection, papers: list[Paper] | None = None
) -> Front:
    """The front page; `papers` are the meeting's papers from `_papers`, where the caller has them."""
    zone = _zone(meeting.partnership)
    venue = meeting.venue if meeting.has_venue else None
    in_person = meeting.format != Meeting.Format.ONLINE
    people = meeting_people(meeting)
    contact = people.contact
    plan = plans.access_plan(
        meeting,
        None,
        people=people.invited,
        agenda=items,
        needs=people.needs,
        papers=None if papers is None else _in_title_order(papers),
    )
    return Front(
        title=meeting.title,
        kind=meeting.get_kind_display(),
        description=meeting.description,
        day=_day(meeting.starts_at, zone),
        times=_times(meeting.starts_at, meeting.ends_at, zone),
        duration_minutes=meeting.duration_minutes,
        format=meeting.get_format_display(),
        in_person=in_person,
        online=meeting.format != Meeting.Format.IN_PERSON,
        venue_name=venue.name if venue else "",
        venue_address=[line.strip() for line in venue.address.splitlines() if line.strip()] if venue else [],
        public_transport=venue.public_transport if venue else "",
        parking=venue.parking if venue else "",
        drop_off=venue.drop_off if venue else "",
        venue_features=venue.feature_labels() if venue else [],
        venue_access_notes=venue.access_notes if venue else "",
        online_link=meeting.online_link,
        online_details=meeting.online_details,
        live_captions=meeting.live_captions,
        chairs=people.chairs,
        minute_takers=people.minute_takers,
        access=access_summary(meeting, items, contact, plan),
        easy_access=access_easy(plan, contact),
        breaks=agenda.breaks,
        papers_deadline=_day(meeting.papers_deadline, zone),
        contact=contact,
    )


# ---------------------------------------------------------------- papers for the pack


def _pdf_problem(data: bytes) -> str | None:
    """Why a PDF cannot be appended, or None when it opens. Cheap on purpose (it runs before the print cache
    is looked up): a paper that opens but breaks while being numbered is left out by the print pipeline."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return "is locked with a password"
        # The page tree's own count: a paper of 100,000 pages is measured without being read.
        pages = claimed_pages(reader)
        if pages == 0:
            return "has no pages"
        if pages > settings.MAX_PAPER_PAGES:
            return f"has {pages} pages; it is available on its own"
    except Exception:  # pypdf raises many kinds of error on a broken file
        return "could not be read"
    return None


def _read(version: PaperVersion) -> bytes | None:
    try:
        with version.file.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


def _paper_url(meeting: Meeting, version: PaperVersion) -> str:
    return reverse(
        "meetings:paper_download",
        kwargs={
            "slug": meeting.partnership.slug,
            "pk": meeting.pk,
            "paper_pk": version.paper_id,
            "version_pk": version.pk,
        },
    )


def paper_rows(
    meeting: Meeting, papers: list[Paper], variant: str, contact: Contact | None, *, read_files: bool
) -> tuple[list[PaperRow], list[bytes], list[str]]:
    """The list of papers as the `variant` pack shows it, the PDFs the standard pack appends (in agenda
    order) and what was left out. Files are read only when `read_files` (printing the standard pack)."""
    from ..uploads import type_label

    rows, appendix, left_out = [], [], []
    label = VARIANT_LABELS[variant]
    article = "an" if label[0] in "aeiou" else "a"
    for paper in papers:
        standard = _newest(paper, PaperVersion.Format.STANDARD)
        row = PaperRow(
            title=paper.title,
            item_title=paper.item_title,
            description=paper.description,
            kind=type_label(standard.content_type) if standard else "",
        )
        video = _newest(paper, PaperVersion.Format.BSL_VIDEO)
        row.bsl_video = video.video_url if video else ""
        if variant == "standard":
            if standard is not None and standard.content_type == PDF_TYPE:
                if read_files:
                    data = _read(standard)
                    problem = "could not be read" if data is None else _pdf_problem(data)
                    if problem:
                        row.left_out = f"Left out: {standard.original_name} {problem}."
                        left_out.append(row.left_out)
                    else:
                        row.appended = True
                        appendix.append((paper.title, data))
                else:
                    row.appended = True
        else:
            own = _newest(paper, variant)
            if own is not None:
                row.own_version_name = own.original_name
                row.own_version_url = _paper_url(meeting, own)
            elif contact is not None:
                row.ask = f"Ask {contact.name} for {article} {label} copy: {contact.how()}."
            else:
                row.ask = f"Ask the coordinator for {article} {label} copy."
        rows.append(row)
    return rows, appendix, left_out


# ---------------------------------------------------------------- easy read


def _hard_words(partnership: Partnership, points: list[Point]) -> list[GlossaryTerm]:
    """The glossary terms the points' easy read words use (one query). Each point learns its hard words, and
    the point where a hard word is first used (in document order) explains it in the sentence after."""
    texts = [p.easy_read for p in points if p.easy_read]
    terms = glossary_in(partnership, texts) if texts else []
    patterns = [(term, hard_words_pattern([term.word])) for term in terms if term.word.strip()]
    explained: set[int] = set()
    for point in points:
        if not point.easy_read:
            continue
        point.hard_words = [term for term, pattern in patterns if pattern.search(point.easy_read)]
        point.explained = [term for term in point.hard_words if term.pk not in explained]
        explained.update(term.pk for term in point.explained)
    return list(terms)


def _first_words(text: str, count: int = 8) -> str:
    words = (text or "").split()
    return " ".join(words[:count]) + ("\u2026" if len(words) > count else "")


def easy_missing_name(kind: str, words: str) -> str:
    """How an easy read document names a point that has no easy read words yet: by its title or its first
    words, never by a reference code such as A-2026-002, which means nothing to an easy read reader (the
    standard and large print documents keep the codes)."""
    if kind == "decision":
        return f"The decision \u201c{_first_words(words)}\u201d"
    if kind == "action_point":
        return f"The action point \u201c{_first_words(words)}\u201d"
    return f"Agenda item \u201c{words}\u201d"


def _easy_read(
    meeting: Meeting,
    points: list[Point],
    *,
    missing: list[str] | None = None,
    checked: bool = False,
    pack_points: list | None = None,
) -> EasyRead:
    """Hard words for the points (in the order the document shows them) and whether the easy read is ready.
    The pack: `meetings.services.easy_read.readiness` (every point written, and checked by people who use
    easy read), over its `pack_points` (`easy_read.pack_points`, from the rows the pack has fetched). Other
    documents: every point they show has its words (`missing` names those without), and, when `checked`, a
    check by people who use easy read is recorded for the meeting."""
    glossary = _hard_words(meeting.partnership, points)
    if missing is None:
        checked = "read"
        if hasattr(meeting, "latest_checked_by"):  # read with the meeting (`with_latest_check`)
            latest = meeting.latest_checked_by
            checked = None if latest is None else EasyReadCheck(meeting=meeting, checked_by=latest)
        state = readiness(meeting, pack_points, checked)
        return EasyRead(
            ready=state.ready,
            missing=[
                easy_missing_name(p.kind, p.item.title if p.kind == "agenda_item" else p.item.text)
                for p in state.points
                if p.missing
            ],
            checked_by=state.checked.checked_by if state.checked else "",
            glossary=glossary,
        )
    checked_by = _latest_checked_by(meeting) if checked else None
    return EasyRead(
        ready=not missing and (checked_by is not None or not checked),
        missing=missing,
        checked_by=checked_by or "",
        glossary=glossary,
    )


def with_latest_check(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings, each with who made its latest easy read check (`latest_checked_by`; None: never
    checked), so a document asks no more (`_latest_checked_by`)."""
    return meetings.annotate(
        latest_checked_by=Subquery(
            EasyReadCheck.objects.filter(meeting=OuterRef("pk"))
            .order_by("-created_at", "-pk")
            .values("checked_by")[:1]
        )
    )


def _latest_checked_by(meeting: Meeting) -> str | None:
    """Who made the meeting's latest easy read check (`easy_read.latest_check`), None if nobody has: read
    with the meeting (`with_latest_check`), or now."""
    if hasattr(meeting, "latest_checked_by"):
        return meeting.latest_checked_by
    check = latest_check(meeting)
    return check.checked_by if check is not None else None


# ---------------------------------------------------------------- the documents


def _base(meeting: Meeting | None, partnership: Partnership, document: str, variant: str) -> dict:
    return {
        "document": document,
        "document_label": DOCUMENT_LABELS[document],
        "variant": variant,
        "variant_label": VARIANT_LABELS[variant],
        "easy_read": variant == "easy_read",
        "meeting": meeting,
        "partnership_name": partnership.name,
        "time_zone": partnership.time_zone,
        # A link inside a printed document needs the site's address (the web page uses its own paths).
        "link_base": getattr(settings, "SITE_URL", "").rstrip("/"),
    }


def document_title(meeting: Meeting | None, partnership: Partnership, document: str) -> str:
    if document == "actions" or meeting is None:
        return f"Action log: {partnership.name}"
    day = _short_day(_local(meeting.starts_at, _zone(partnership)).date())
    return f"{DOCUMENT_LABELS[document]}: {meeting.title}, {day}"


def for_expert(viewer_membership: Membership | None) -> bool:
    """Whether the reader is a visiting expert, who gets the expert's pack (`_expert_pack_context`)."""
    return viewer_membership is not None and viewer_membership.role == Role.VISITING_EXPERT


def _pack_context(
    meeting: Meeting, variant: str, *, read_files: bool, expert: bool = False
) -> tuple[dict, list]:
    """The meeting pack: the front page, the agenda with times, the minutes of the last meeting, action
    points from earlier meetings, decisions since the last meeting and the list of papers (the standard
    pack's PDF papers follow, appended in agenda order).

    A visiting expert's pack (`expert`) is this meeting's front page (its access arrangements in words that
    name nobody), agenda and papers, and nothing else: an expert is invited to one meeting, so the last
    meeting's minutes (partners' views by name), earlier action points and decisions are not theirs."""
    earlier = Earlier(previous=None, last=None) if expert else earlier_meetings(meeting)
    items_of = _agenda_items_of(meeting, earlier.last, minute_text=earlier.last is not None)
    items = items_of[meeting.pk]
    papers = _papers(meeting, items)
    agenda = agenda_section(meeting, items, papers)
    front = front_page(meeting, items, agenda, papers)
    rows, appendix, left_out = paper_rows(meeting, papers, variant, front.contact, read_files=read_files)
    context = {
        "front": front,
        "agenda": agenda,
        "papers": rows,
        "appended": [row for row in rows if row.appended],
        "left_out": left_out,
    }
    if expert:
        context["for_expert"] = True
        if variant == "easy_read":
            points = [r for r in agenda.rows if not r.is_break]
            missing = [f"Agenda item \u201c{r.title}\u201d" for r in points if not r.easy_read]
            context["easy"] = _easy_read(meeting, points, missing=missing, checked=True)
        return context, appendix
    today = timezone.localdate(timezone=_zone(meeting.partnership))
    last = earlier.last
    since, last_decisions = pack_decisions(meeting, earlier)
    carried, last_actions = pack_action_points(meeting, last)
    last_minutes = (
        minutes_section(
            last,
            minutes=_minutes_of(last),
            items=items_of[last.pk],
            entries=_minute_entries(items_of[last.pk]),
            decisions=last_decisions,
            actions=last_actions,
        )
        if last is not None
        else None
    )
    actions = [_action_row(a, today) for a in carried]
    zone = _zone(meeting.partnership)
    decisions = [_decision_row(d, zone) for d in since]
    extra = pack_extra(meeting, variant, items, "pack")
    extra_points = _with_extra(agenda, extra)
    context.update(
        last_minutes=last_minutes, action_points=actions, decisions=decisions, extra_sections=extra.sections
    )
    if variant == "easy_read":
        # In the order the pack shows them, so each hard word is explained where it is first used. Of the
        # last meeting, only what has easy read words is shown: its decisions and action points follow.
        summary = [row for row in last_minutes.rows if row.easy_read] if last_minutes else []
        context["last_summary"] = summary
        points: list[Point] = (
            [r for r in agenda.rows if not r.is_break]
            + extra_points
            + summary
            + actions
            + decisions
            + [point for part in extra.sections for point in part.points]
        )
        # The points easy read readiness counts (`easy_read.pack_points`), from the rows in hand.
        pack_points = (
            [_agenda_point(item) for item in items if not item.is_break]
            + [_decision_point(decision) for decision in since]
            + [_action_point(action) for action in carried]
        )
        context["easy"] = _easy_read(meeting, points, pack_points=pack_points)
    return context, appendix


def _agenda_context(meeting: Meeting, variant: str) -> dict:
    items = _agenda_items(meeting)
    papers = _papers(meeting, items)
    agenda = agenda_section(meeting, items, papers)
    context = {"front": front_page(meeting, items, agenda, papers), "agenda": agenda}
    extra_points = _with_extra(agenda, pack_extra(meeting, variant, items, "agenda"))
    if variant == "easy_read":
        points = [r for r in agenda.rows if not r.is_break]
        missing = [f"Agenda item \u201c{r.title}\u201d" for r in points if not r.easy_read]
        context["easy"] = _easy_read(meeting, points + extra_points, missing=missing, checked=True)
    return context


def _minutes_context(meeting: Meeting, variant: str) -> dict:
    section = minutes_section(meeting)
    context = {"minutes": section, "about": _minutes_about(meeting)}
    if variant == "easy_read":
        points: list[Point] = []
        missing = []
        for row in section.rows:
            points += [row, *row.decisions, *row.action_points]
            if not row.easy_read and not row.is_other:
                missing.append(f"Agenda item \u201c{row.title}\u201d")
            missing += [easy_missing_name("decision", d.text) for d in row.decisions if not d.easy_read]
            missing += [
                easy_missing_name("action_point", a.text) for a in row.action_points if not a.easy_read
            ]
        context["easy"] = _easy_read(meeting, points, missing=missing)
    return context


def _minutes_about(meeting: Meeting) -> dict:
    zone = _zone(meeting.partnership)
    roles = list(MeetingRole.objects.filter(meeting=meeting).select_related("person"))
    return {
        "day": _day(meeting.starts_at, zone),
        "times": _times(meeting.starts_at, meeting.ends_at, zone),
        "venue_name": meeting.venue.name if meeting.has_venue and meeting.venue else "",
        "format": meeting.get_format_display(),
        "chairs": [r.person.display_name for r in roles if r.role == MeetingRole.Role.CHAIR],
        "minute_takers": [r.person.display_name for r in roles if r.role == MeetingRole.Role.MINUTE_TAKER],
    }


def action_log_context(partnership: Partnership, variant: str) -> dict:
    """The partnership's open action points, overdue first, each saying in words when it was due."""
    if variant not in VARIANTS:
        raise ValueError(f"Unknown variant {variant!r}")
    zone = _zone(partnership)
    today = timezone.localdate(timezone=zone)
    actions = [
        _action_row(a, today)
        for a in overdue_first(with_owners(ActionPoint.objects.filter(partnership=partnership).open()), today)
    ]
    context = {
        **_base(None, partnership, "actions", variant),
        "title": document_title(None, partnership, "actions"),
        "action_points": actions,
        "overdue_count": sum(1 for a in actions if a.overdue),
        "today": _day(today),
    }
    if variant == "easy_read":
        glossary = _hard_words(partnership, actions)
        missing = [easy_missing_name("action_point", a.text) for a in actions if not a.easy_read]
        context["easy"] = EasyRead(ready=not missing, missing=missing, checked_by="", glossary=glossary)
    return context


def _context(
    meeting: Meeting, document: str, variant: str, *, read_files: bool, expert: bool = False
) -> tuple[dict, list]:
    _check(document, variant)
    if document == "actions":
        if expert:
            # The action log is the whole partnership's; an expert sees one meeting.
            raise ValueError("A visiting expert has no action log")
        return action_log_context(meeting.partnership, variant), []
    appendix: list = []
    if document == "pack":
        context, appendix = _pack_context(meeting, variant, read_files=read_files, expert=expert)
    elif document == "agenda":
        context = _agenda_context(meeting, variant)
    else:
        context = _minutes_context(meeting, variant)
    context = {
        **_base(meeting, meeting.partnership, document, variant),
        "title": document_title(meeting, meeting.partnership, document),
        **context,
    }
    return context, appendix


def document_context(
    meeting: Meeting, document: str, variant: str, viewer_membership: Membership | None = None
) -> dict:
    """Everything `document` shows in `variant`, in a fixed number of queries however long the agenda.

    A document is the same for every partner who may see it, so one printed copy serves them all: the access
    arrangements never name anyone, whoever asks. The one difference is the visiting expert's pack
    (`for_expert(viewer_membership)`): this meeting's agenda, papers and arrangements only. Raises
    ValueError for an unknown document or variant.
    """
    context, _ = _context(meeting, document, variant, read_files=False, expert=for_expert(viewer_membership))
    return context


def document_filename(meeting: Meeting | None, partnership: Partnership, document: str, variant: str) -> str:
    """ "meeting-pack-2026-03-03-large-print.pdf"; "action-log-easy-read.pdf"."""
    suffix = variant.replace("_", "-")
    if meeting is None or document == "actions":
        return f"{FILE_NAMES['actions']}-{suffix}.pdf"
    day = _local(meeting.starts_at, _zone(partnership)).date().isoformat()
    return f"{FILE_NAMES[document]}-{day}-{suffix}.pdf"


def _render(context: dict, document: str, variant: str, filename: str, appendix: list) -> list[Printed]:
    zone = ZoneInfo(context["time_zone"])
    with timezone.override(zone):
        if variant == "easy_read":
            return render_pdf_parts(
                template=TEMPLATES[document],
                context=context,
                variant=variant,
                title=context["title"],
                filename=filename,
            )
        return [
            render_pdf(
                template=TEMPLATES[document],
                context=context,
                variant=variant,
                title=context["title"],
                filename=filename,
                appendix=appendix or None,
            )
        ]


def meeting_document_parts(
    meeting: Meeting, document: str, variant: str, *, viewer_membership: Membership | None = None
) -> list[Printed]:
    """The document as PDFs: one, or for easy read as many parts of 20 pages at most as it needs. A visiting
    expert (`viewer_membership`) gets the expert's pack, printed and kept apart from the partners' one."""
    return _document_parts(meeting, document, variant, expert=for_expert(viewer_membership))


def _document_parts(meeting: Meeting, document: str, variant: str, *, expert: bool) -> list[Printed]:
    context, appendix = _context(meeting, document, variant, read_files=document == "pack", expert=expert)
    filename = document_filename(meeting, meeting.partnership, document, variant)
    printed = _render(context, document, variant, filename, appendix)
    skipped = [message for p in printed for message in p.skipped]
    if skipped:
        # The printer refused a paper our own check let through: print again, saying so in the pack.
        logger.warning("Papers left out of the pack of meeting %s: %s", meeting.pk, skipped)
        context["left_out_extra"] = [f"Left out: {message}" for message in skipped]
        context["left_out"] = [*context.get("left_out", []), *context["left_out_extra"]]
        printed = _render(context, document, variant, filename, appendix)
    return printed


def meeting_document(
    meeting: Meeting, document: str, variant: str, *, viewer_membership: Membership | None = None
) -> Printed:
    """The document as one PDF (the first part, for an easy read document printed in parts)."""
    return meeting_document_parts(meeting, document, variant, viewer_membership=viewer_membership)[0]


def meeting_pack_files(meeting: Meeting, variant: str, *, expert: bool = False) -> list[Printed]:
    """The meeting pack in one variant as the files to send (an easy read pack over 20 pages in parts);
    with `expert`, the visiting expert's pack."""
    return _document_parts(meeting, "pack", variant, expert=expert)


def action_log_parts(partnership: Partnership, variant: str) -> list[Printed]:
    context = action_log_context(partnership, variant)
    return _render(context, "actions", variant, document_filename(None, partnership, "actions", variant), [])


def action_log_document(partnership: Partnership, variant: str) -> Printed:
    return action_log_parts(partnership, variant)[0]


def document_html(context: dict, document: str, variant: str) -> str:
    """The document as one complete, accessible web page, from the same templates as the PDF."""
    with timezone.override(ZoneInfo(context["time_zone"])):
        return render_html(
            template=TEMPLATES[document], context=context, variant=variant, title=context["title"]
        )
